// The overdue list (逾期事项): open tasks with something late — the deadline passed, a report missing, the
// acknowledgement not in — most late first, with the escalation level and the last email sent.
import { taskExtras } from '../../db/queries/board';
import { listDepartments } from '../../db/queries/departments';
import { lastMailOf, type TaskMail } from '../../db/queries/task-mail';
import { listTasks, type TaskSummary } from '../../db/queries/task-read';
import { planAt } from '../../workflows/clock';
import { scopeOf } from './access';
import type { ServiceDeps } from './deps';
import type { Principal } from './principal';

export interface OverdueItem {
  kind: 'deadline' | 'report' | 'ack';
  /** The reporting period, for a missing report. */
  period?: string;
  /** The plan instant since which it is late. */
  since: string;
  lateMs: number;
}

export interface OverdueTask {
  task: TaskSummary & { leadName: string };
  items: OverdueItem[];
  /** The largest lateness among the items: the sort key. */
  lateMs: number;
  lastMail: TaskMail | null;
}

// Suspension stops every clock and a task under completion review waits for the office: neither is late.
const LATE_CAN_RUN = new Set(['assigned', 'in_progress']);

/** The caller's overdue tasks at the current plan instant, most late first (then by id). */
export async function overdueFor(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  p: Principal,
): Promise<{ planNow: string; items: OverdueTask[] }> {
  const planNow = planAt(deps.clock, Date.now());
  const [visible, directory] = await Promise.all([
    listTasks(deps.db, scopeOf(p), {}, { limit: 100_000, offset: 0 }),
    listDepartments(deps.db),
  ]);
  const open = visible.items.filter((t) => LATE_CAN_RUN.has(t.status));
  const extras = await taskExtras(
    deps.db,
    open.map((t) => t.id),
  );
  const names = new Map(directory.map((d) => [d.code, d.name]));
  const late: OverdueTask[] = [];
  for (const t of open) {
    const e = extras.get(t.id);
    if (!e) continue;
    const items: OverdueItem[] = [];
    if (e.deadlineAt !== null && planNow >= e.deadlineAt) {
      items.push({
        kind: 'deadline',
        since: new Date(e.deadlineAt).toISOString(),
        lateMs: planNow - e.deadlineAt,
      });
    }
    for (const m of e.missing) {
      items.push({ kind: 'report', period: m.period, since: m.dueAt, lateMs: planNow - Date.parse(m.dueAt) });
    }
    if (t.status === 'assigned' && e.ackDueAt !== null && planNow > e.ackDueAt) {
      items.push({ kind: 'ack', since: new Date(e.ackDueAt).toISOString(), lateMs: planNow - e.ackDueAt });
    }
    if (items.length === 0) continue;
    items.sort((a, b) => b.lateMs - a.lateMs);
    late.push({
      task: { ...t, leadName: names.get(t.leadDepartment) ?? t.leadDepartment },
      items,
      lateMs: items[0]!.lateMs,
      lastMail: null,
    });
  }
  late.sort((a, b) => b.lateMs - a.lateMs || a.task.id.localeCompare(b.task.id));
  const mail = await lastMailOf(
    deps.db,
    late.map((x) => x.task.id),
  );
  for (const x of late) x.lastMail = mail.get(x.task.id) ?? null;
  return { planNow: new Date(planNow).toISOString(), items: late };
}
