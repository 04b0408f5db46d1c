// How a growth target is told from a level: unit '%' and a metric ending in its growth word. One rule for the
// ledger (which reads it from the report's wording) and the catalog (which stores metric and unit, not the kind).

/** Growth rates (kind 'growth', unit %): the word stays in the metric ("地区生产总值增长"); a fall is negative growth. */
export const GROWTH_WORDS: readonly string[] = ['同比增长', '年均增长', '增长', '增速'];
export const DECLINE_WORDS: readonly string[] = ['下降', '降低', '减少'];

const ENDING = new RegExp(`(${[...GROWTH_WORDS, ...DECLINE_WORDS].join('|')})$`);

/** True for "地区生产总值增长", "单位地区生产总值能耗下降". */
export function isGrowthMetric(metric: string): boolean {
  return ENDING.test(metric);
}

/** The kind of a stored target row (Postgres keeps metric and unit, not the kind). */
export function targetKind(metric: string, unit: string): 'growth' | 'absolute' {
  return unit === '%' && isGrowthMetric(metric) ? 'growth' : 'absolute';
}
