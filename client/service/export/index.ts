// Exports of the ledger (台账) for the caller's scope and filters: Excel workbook or CSV.
import { listDepartments } from '../../../db/queries/departments';
import { boardFor } from '../board';
import type { ServiceDeps } from '../deps';
import type { Principal } from '../principal';
import { ledgerCsv } from './ledger-csv';
import { exportFileName } from './ledger-rows';
import { ledgerWorkbook } from './ledger-xlsx';

export type ExportFormat = 'xlsx' | 'csv';

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface LedgerExport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

async function scopeLabel(deps: Pick<ServiceDeps, 'db'>, p: Principal): Promise<string> {
  if (p.role === 'office') return '全部任务（督查室）';
  if (p.role === 'leader') return `分管任务（${p.label ?? p.leaderEmail ?? ''}）`;
  const dept = (await listDepartments(deps.db)).find((d) => d.code === p.department);
  return `本单位牵头或配合的任务（${dept?.name ?? p.department ?? ''}）`;
}

/** The caller's ledger, filtered like the board (department, light, section). */
export async function exportLedger(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  p: Principal,
  rawQuery: unknown,
  format: ExportFormat,
): Promise<LedgerExport> {
  const board = await boardFor(deps, p, rawQuery);
  const body =
    format === 'xlsx'
      ? await ledgerWorkbook(board, await scopeLabel(deps, p))
      : Buffer.from(ledgerCsv(board), 'utf8');
  return { body, contentType: EXPORT_CONTENT_TYPE[format], fileName: exportFileName(board.planNow, format) };
}

/** A Content-Disposition naming the file in UTF-8 (RFC 6266), with an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/^-+/, '') || 'export';
  return `attachment; filename="duban-${ascii.replace(/["\\]/g, '')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
