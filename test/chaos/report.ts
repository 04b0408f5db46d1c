// The printed result of the chaos year: one line per check (expected, actual, ok), then the first problems.

export interface Row {
  label: string;
  expected?: string | number;
  actual: string | number;
  /** undefined: an informative line, not a check. */
  ok?: boolean;
}

export function section(title: string): Row {
  return { label: title, actual: '' };
}

export function check(label: string, expected: string | number, actual: string | number, ok?: boolean): Row {
  return { label: `  ${label}`, expected, actual, ok: ok ?? expected === actual };
}

export function info(label: string, actual: string | number): Row {
  return { label: `  ${label}`, actual };
}

/** Fixed-width table; the label column counts CJK characters as two columns. */
export function formatTable(title: string, rows: Row[], problems: string[], footer: string[]): string {
  const width = (s: string) =>
    [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
  const labelWidth = Math.max(...rows.map((r) => width(r.label))) + 2;
  const lines = [title, `${pad('', labelWidth)}${pad('expected', 12)}${pad('actual', 12)}ok`];
  for (const r of rows) {
    const ok = r.ok === undefined ? '' : r.ok ? 'yes' : 'NO';
    lines.push(
      `${pad(r.label, labelWidth)}${pad(String(r.expected ?? ''), 12)}${pad(String(r.actual), 12)}${ok}`,
    );
  }
  lines.push(...footer);
  if (problems.length) {
    lines.push(`problems (${problems.length}${problems.length > 40 ? ', first 40' : ''}):`);
    lines.push(...problems.slice(0, 40).map((p) => `  - ${p}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One word for the run: PASS; ENGINE FAILURE when a check failed and the infrastructure held; INFRASTRUCTURE
 * FAILURE when a check failed while the Temporal server's store was failing (the checks then prove nothing
 * about the engine either way, and the table's infrastructure rows quote the server).
 */
export function verdictOf(rows: Row[], problems: string[], infrastructureFailed: boolean): string {
  const failed = problems.length > 0 || rows.some((r) => r.ok === false);
  if (!failed) return 'PASS';
  return infrastructureFailed ? 'INFRASTRUCTURE FAILURE' : 'ENGINE FAILURE';
}
