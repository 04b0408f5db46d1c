// The ledger as CSV (RFC 4180), one row per task, for the office to review in a spreadsheet.
import type { LedgerTarget, LedgerTask } from './types';

const COLUMNS = [
  'id',
  'section',
  'title',
  'targets',
  'deadline',
  'lead',
  'co',
  'cadence',
  'policy',
  'priority',
  'source',
] as const;

/** CSV text with a header row; targets read "新建5G基站 = 1500 个; …", growth as "地区生产总值增长 = 6.5 %". */
export function toCsv(tasks: LedgerTask[]): string {
  const rows = tasks.map((t) => [
    t.id,
    t.sectionPath.join(' / '),
    t.title,
    t.targets.map(formatTarget).join('; '),
    t.deadline,
    t.leadDepartment ?? '',
    t.coDepartments.join(' '),
    t.cadence,
    t.policy,
    t.priority,
    t.source,
  ]);
  return [COLUMNS, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function formatTarget(t: LedgerTarget): string {
  const value = t.upper === undefined ? `${t.value}` : `${t.value}–${t.upper}`;
  return `${t.metric} ${t.comparator} ${value} ${t.unit}${t.tentative ? ' (力争)' : ''}`;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
