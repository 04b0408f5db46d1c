// How a growth target is told from a level once stored: unit '%' and a metric ending in its growth word.
import { DECLINE_WORDS, GROWTH_WORDS } from './rules';

const ENDING = new RegExp(`(${[...GROWTH_WORDS, ...DECLINE_WORDS].join('|')})$`);

/** True for "地区生产总值增长", "单位地区生产总值能耗下降". */
export function isGrowthMetric(metric: string): boolean {
  return ENDING.test(metric);
}

/** The kind of a stored target row (Postgres keeps metric and unit, not the kind). */
export function targetKind(metric: string, unit: string): 'growth' | 'absolute' {
  return unit === '%' && isGrowthMetric(metric) ? 'growth' : 'absolute';
}
