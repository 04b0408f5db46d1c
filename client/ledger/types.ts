// The ledger as `ledger extract` prints it and `ledger load` reads it (JSON shape documented in README).

export type Comparator = '≥' | '=' | '≤';
/** 'growth': a percentage change over the previous year (a fall is negative); 'absolute': a level or a count. */
export type TargetKind = 'absolute' | 'growth';
export type Cadence = 'monthly' | 'quarterly';
export type Priority = 'normal' | 'high' | 'urgent';

export const CADENCES: readonly Cadence[] = ['monthly', 'quarterly'];
export const PRIORITIES: readonly Priority[] = ['normal', 'high', 'urgent'];
export const COMPARATORS: readonly Comparator[] = ['≥', '=', '≤'];

export interface LedgerTarget {
  metric: string;
  value: number;
  unit: string;
  comparator: Comparator;
  /** An aspiration (力争/争取 …) or a range rather than a firm commitment. */
  tentative: boolean;
  kind: TargetKind;
  /** The top of a range ("增长6%—7%": value 6, upper 7). Not stored in Postgres. */
  upper?: number;
}

export interface LedgerTask {
  id: string;
  planYear: number;
  sectionPath: string[];
  title: string;
  source: string;
  targets: LedgerTarget[];
  /** 'YYYY-MM-DD'. */
  deadline: string;
  /** Department code; null in a draft until the office assigns it. */
  leadDepartment: string | null;
  coDepartments: string[];
  cadence: Cadence;
  policy: string;
  priority: Priority;
}
