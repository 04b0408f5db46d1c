// The ledger as CSV (RFC 4180), UTF-8 with a byte-order mark so that Excel opens the Chinese text right.
import type { Board } from '../board';
import { LEDGER_COLUMNS, ledgerRows } from './ledger-rows';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function ledgerCsv(board: Board): string {
  const { tasks } = ledgerRows(board);
  const lines = [
    LEDGER_COLUMNS.map((c) => cell(c.header)).join(','),
    ...tasks.map((t) => LEDGER_COLUMNS.map((c) => cell(c.value(t))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
