// The ledger as an Excel workbook (exceljs): 台账 (one row per task, lights coloured), 指标 (one row per
// target) and 说明 (when and what was exported). Values keep their types: numbers stay numbers.
import ExcelJS from 'exceljs';
import { planDate } from '../../../workflows/clock';
import type { Board } from '../board';
import { LEDGER_COLUMNS, ledgerRows, TARGET_COLUMNS, type Column } from './ledger-rows';

const LIGHT_FILL: Record<string, string> = { 红灯: 'FFF4B4B4', 黄灯: 'FFFFE699', 绿灯: 'FFC6EFCE' };
const HEADER_FILL = 'FF1F3A5F';

function sheet<R>(wb: ExcelJS.Workbook, name: string, columns: Array<Column<R>>, rows: R[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  header.alignment = { vertical: 'middle' };
  columns.forEach((c, i) => {
    if (c.wrap) ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** The workbook as bytes. */
export async function ledgerWorkbook(board: Board, scopeLabel: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'duban 督办';
  wb.created = new Date();
  const { tasks, targets } = ledgerRows(board);
  const ledger = sheet(wb, '台账', LEDGER_COLUMNS, tasks);
  const lightCol = LEDGER_COLUMNS.findIndex((c) => c.header === '灯色') + 1;
  ledger.getColumn(lightCol).eachCell((cell, row) => {
    const fill = row > 1 ? LIGHT_FILL[String(cell.value)] : undefined;
    if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  });
  sheet(wb, '指标', TARGET_COLUMNS, targets);
  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 16 }, { width: 60 }];
  const c = board.counts;
  about.addRows([
    ['督办日', planDate(board.planNow)],
    ['范围', scopeLabel],
    ['任务数', tasks.length],
    ['红灯 / 黄灯 / 绿灯 / 未启动', `${c.red} / ${c.yellow} / ${c.green} / ${c.none}`],
    ['已办结', c.completed],
    ['已撤销', c.cancelled],
    [
      '说明',
      '灯色、进度与督办等级取自导出时的督办台账；序时进度为截至督办日已用时间占全部工期的比例；已办结、已撤销的任务不亮灯，单独计数。',
    ],
  ]);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
