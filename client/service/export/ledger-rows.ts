// The ledger (台账) as rows: one per task with status, light, progress and escalations, and one per target.
// The Excel and CSV exports both write these, so the two files always agree.
import { planDate } from '../../../workflows/clock';
import type { Board, BoardTask } from '../board';
import { CADENCE_LABEL, LIGHT_LABEL, LIGHT_REASON_LABEL, levelLabel, STATUS_LABEL } from '../labels';

export interface Column<R> {
  header: string;
  width: number;
  value: (row: R) => string | number | null;
  /** Long text that should wrap in a spreadsheet. */
  wrap?: boolean;
}

const date = (iso: string | null) => (iso ? planDate(Date.parse(iso)) : '');

function targetText(t: BoardTask['targets'][number]): string {
  const got = t.achieved === null ? '未报' : `${t.achieved}`;
  return `${t.metric}：目标${t.comparator === '≥' ? '≥' : ''}${t.value}${t.unit}${t.tentative ? '（力争）' : ''}，已完成${got}${t.achieved === null ? '' : t.unit}`;
}

export const LEDGER_COLUMNS: Array<Column<BoardTask>> = [
  { header: '任务编号', width: 14, value: (t) => t.id },
  { header: '篇章', width: 28, value: (t) => t.sectionPath[0] ?? '', wrap: true },
  { header: '子项', width: 18, value: (t) => t.sectionPath.slice(1).join(' / ') },
  { header: '任务名称', width: 26, value: (t) => t.title, wrap: true },
  { header: '报告原文', width: 60, value: (t) => t.source, wrap: true },
  { header: '牵头单位', width: 14, value: (t) => t.leadName },
  { header: '配合单位', width: 22, value: (t) => t.coNames.join('、'), wrap: true },
  { header: '完成时限', width: 12, value: (t) => t.deadline },
  { header: '当前时限', width: 12, value: (t) => (t.deadlineAt === null ? '' : planDate(t.deadlineAt - 1)) },
  { header: '报送频次', width: 9, value: (t) => CADENCE_LABEL[t.cadence] ?? t.cadence },
  { header: '状态', width: 11, value: (t) => STATUS_LABEL[t.status] ?? t.status },
  { header: '灯色', width: 7, value: (t) => (t.light ? LIGHT_LABEL[t.light] : '') },
  {
    header: '亮灯原因',
    width: 18,
    value: (t) => t.lightReasons.map((r) => LIGHT_REASON_LABEL[r] ?? r).join('、'),
  },
  { header: '完成进度(%)', width: 11, value: (t) => t.percent },
  { header: '序时进度(%)', width: 11, value: (t) => t.expectedPercent },
  { header: '指标完成情况', width: 48, value: (t) => t.targets.map(targetText).join('；'), wrap: true },
  { header: '督办等级', width: 11, value: (t) => (t.level > 0 ? levelLabel(t.level) : '') },
  { header: '督办次数', width: 9, value: (t) => t.escalations },
  { header: '报送次数', width: 9, value: (t) => t.reports },
  { header: '最近报送', width: 12, value: (t) => date(t.lastReportAt) },
  { header: '下次报送截止', width: 13, value: (t) => date(t.nextDueAt) },
  { header: '未报期次', width: 16, value: (t) => t.missing.map((m) => m.period).join('、') },
];

export interface TargetRow {
  task: BoardTask;
  target: BoardTask['targets'][number];
}

export const TARGET_COLUMNS: Array<Column<TargetRow>> = [
  { header: '任务编号', width: 14, value: (r) => r.task.id },
  { header: '任务名称', width: 26, value: (r) => r.task.title },
  { header: '牵头单位', width: 14, value: (r) => r.task.leadName },
  { header: '指标', width: 30, value: (r) => r.target.metric, wrap: true },
  { header: '比较', width: 6, value: (r) => r.target.comparator },
  { header: '目标值', width: 10, value: (r) => r.target.value },
  { header: '单位', width: 8, value: (r) => r.target.unit },
  { header: '力争', width: 6, value: (r) => (r.target.tentative ? '是' : '') },
  { header: '已完成', width: 10, value: (r) => r.target.achieved },
  {
    header: '完成率(%)',
    width: 10,
    value: (r) =>
      r.target.achieved === null || r.target.value === 0
        ? null
        : Math.round((r.target.achieved / r.target.value) * 1000) / 10,
  },
];

/** The board's tasks in ledger order (by id), and their targets. */
export function ledgerRows(board: Board): { tasks: BoardTask[]; targets: TargetRow[] } {
  const tasks = board.sections.flatMap((s) => s.tasks).sort((a, b) => a.id.localeCompare(b.id));
  return { tasks, targets: tasks.flatMap((task) => task.targets.map((target) => ({ task, target }))) };
}

/** The file name of an export made at plan instant `planNow`: 督办台账-2023-03-14.xlsx */
export const exportFileName = (planNow: number, ext: 'xlsx' | 'csv') =>
  `督办台账-${planDate(planNow)}.${ext}`;
