// Mirrors a batch of workflow transitions into Postgres: the trail, the read model, reports, escalations.
//
// Two writers call it. The workflow's local activity (with an `epoch`) writes inside the workflow task that made
// the events, before that task commits: the answer to an Update then needs no second workflow task. Its rows
// may belong to an attempt that is later abandoned (a worker killed before the commit); the next attempt has a
// larger epoch, replaces them, and an abandoned attempt that writes late finds a larger epoch and writes
// nothing. Histories recorded before the local activity schedule a regular activity (no epoch): it runs only
// after its task committed, so it only ever inserts what is missing and moves the snapshot forward.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import type { Notice, TaskEvent, TaskState } from '../workflows/domain';
import { isClosed } from '../workflows/status';
import { escalationOf, reportOf } from '../workflows/events';
import { storedView } from '../db/task-view';
import type { Mailer } from './notifications/mailer';
import { storeNotice } from './notifications/send-notification';

export interface RecordTransitionsInput {
  state: TaskState;
  events: TaskEvent[];
  /** The writer's fencing epoch (run number and history length): set by the workflow's local activity. */
  epoch?: number;
  /**
   * Notices the batch's events call for (generation 2026-12-03 on): written to the outbox in the same
   * transaction, for the worker's dispatcher to send. Keyed, so a retried or replaced batch adds no second copy.
   */
  notices?: Notice[];
}

/** What writing notices needs besides the database: the sender, and the dispatcher to tell. */
export interface OutboxWriter {
  mailer: Mailer;
  written(): void;
}

type Trx = Transaction<Database>;

export async function recordTransitions(
  db: Db,
  { state, events, epoch, notices = [] }: RecordTransitionsInput,
  outbox?: OutboxWriter,
): Promise<void> {
  if (events.length === 0) return;
  if (notices.length && !outbox)
    throw new Error('recordTransitions was given notices and no outbox to write');
  const taskId = state.taskId;
  const fenced = epoch !== undefined;
  await db.transaction().execute(async (trx) => {
    // The row lock orders concurrent writers of one task (a slow abandoned attempt against a newer one).
    const row = await trx
      .selectFrom('tasks')
      .select(['seq', 'write_epoch'])
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Error(`task ${taskId} is not in the catalog`);
    if (fenced && Number(row.write_epoch) > epoch) return;

    // The read model already holds events from this batch's first on: an abandoned attempt wrote them (the
    // trail is written in order, so a committed writer is always behind the batch). Its rows are replaced.
    const first = events[0]!.seq;
    const diverged = fenced && row.seq >= first;
    if (diverged) {
      await trx.deleteFrom('task_events').where('task_id', '=', taskId).where('seq', '>=', first).execute();
      await trx
        .deleteFrom('progress_reports')
        .where('task_id', '=', taskId)
        .where('seq', '>=', first)
        .execute();
      const periods = state.checkpoints.map((c) => c.period);
      let checkpoints = trx.deleteFrom('checkpoints').where('task_id', '=', taskId);
      if (periods.length) checkpoints = checkpoints.where('period', 'not in', periods);
      await checkpoints.execute();
    }
    await insertEvents(trx, state, events);
    await insertReports(trx, state, events);
    if (diverged) await replaceEscalations(trx, state);
    else await recordEscalations(trx, state, events);

    // An abandoned attempt's notices stay: every attempt of a step makes the time rules' notices of the one
    // before it (time only moves on, and each input is applied after the rules due by then), so they are due.
    for (const notice of notices) await storeNotice({ db: trx, mailer: outbox!.mailer }, notice, true);

    // Unfenced, the snapshot only ever moves forward; fenced, the newest epoch's state is the truth.
    if (!fenced && row.seq >= state.seq) return;
    await writeSnapshot(trx, state, epoch, diverged);
  });
  if (notices.length) outbox!.written();
}

async function insertEvents(trx: Trx, state: TaskState, events: TaskEvent[]): Promise<void> {
  await trx
    .insertInto('task_events')
    .values(
      events.map((e) => ({
        task_id: state.taskId,
        seq: e.seq,
        type: e.type,
        actor: e.actor ? JSON.stringify(e.actor) : null,
        request_id: e.requestId ?? null,
        plan_at: new Date(e.at),
        data: JSON.stringify(e.data),
      })),
    )
    .onConflict((oc) => oc.columns(['task_id', 'seq']).doNothing())
    .execute();
}

/** The batch's reports, projected from its `progress_reported` events. */
async function insertReports(trx: Trx, state: TaskState, events: TaskEvent[]): Promise<void> {
  const reports = events.flatMap((e) => (e.type === 'progress_reported' ? [reportOf(e)] : []));
  if (!reports.length) return;
  await trx
    .insertInto('progress_reports')
    .values(
      reports.map((r) => ({
        task_id: state.taskId,
        request_id: r.requestId,
        seq: r.seq,
        period: r.period,
        percent: r.percent,
        values: JSON.stringify(r.values),
        narrative: r.narrative,
        problems: r.problems,
        next_steps: r.nextSteps,
        submitted_by: r.submittedBy,
        late: r.late,
        plan_at: new Date(r.at),
      })),
    )
    .onConflict((oc) => oc.columns(['task_id', 'seq']).doNothing())
    .execute();
}

/** The batch's new escalations, and the settling of ladders the department's answer (or the office) stopped. */
async function recordEscalations(trx: Trx, state: TaskState, events: TaskEvent[]): Promise<void> {
  const escalations = events.flatMap((e) => (e.type === 'escalated' ? [escalationOf(e)] : []));
  if (escalations.length) {
    await trx
      .insertInto('escalations')
      .values(escalations.map((x) => escalationRow(state, x, null)))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  // Only rows still open are set, so a retried batch changes nothing.
  for (const e of events) {
    if (e.type !== 'ladder_stopped') continue;
    await trx
      .updateTable('escalations')
      .set({ acknowledged_at: new Date(e.at) })
      .where('task_id', '=', state.taskId)
      .where('reason', '=', e.data.reason)
      .where('period', '=', e.data.period)
      .where('acknowledged_at', 'is', null)
      .execute();
  }
}

/** After an abandoned attempt: the task's escalations become exactly the state's, each settled as its ladder is. */
async function replaceEscalations(trx: Trx, state: TaskState): Promise<void> {
  const keys = state.escalations.map((x) => x.key);
  let stale = trx.deleteFrom('escalations').where('task_id', '=', state.taskId);
  if (keys.length) stale = stale.where('key', 'not in', keys);
  await stale.execute();
  if (!keys.length) return;
  const stopped = (x: TaskState['escalations'][number]) =>
    state.ladders.find((l) => l.reason === x.reason && l.period === x.period)?.stoppedAt;
  await trx
    .insertInto('escalations')
    .values(
      state.escalations.map((x) => {
        const at = stopped(x);
        return escalationRow(state, x, at === undefined ? null : new Date(at));
      }),
    )
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        level: eb.ref('excluded.level'),
        repeat: eb.ref('excluded.repeat'),
        plan_at: eb.ref('excluded.plan_at'),
        acknowledged_at: eb.ref('excluded.acknowledged_at'),
      })),
    )
    .execute();
}

function escalationRow(state: TaskState, x: TaskState['escalations'][number], acknowledgedAt: Date | null) {
  return {
    key: x.key,
    task_id: state.taskId,
    reason: x.reason,
    period: x.period,
    level: x.level,
    repeat: x.repeat,
    plan_at: new Date(x.at),
    acknowledged_at: acknowledgedAt,
  };
}

/** The task row, its checkpoints and its targets' achieved figures: all derived from the state. */
async function writeSnapshot(
  trx: Trx,
  state: TaskState,
  epoch: number | undefined,
  diverged: boolean,
): Promise<void> {
  const taskId = state.taskId;
  // A closed task has nothing due (tasks closed before the close-out patch may still list a period).
  const nextDue = isClosed(state.status)
    ? undefined
    : state.checkpoints.find((c) => c.status === 'pending' || c.status === 'missing');
  await trx
    .updateTable('tasks')
    .set({
      workflow_id: state.workflowId,
      status: state.status,
      light: state.light,
      level: state.level,
      percent: state.percent,
      lead_department: state.spec.leadDepartment,
      co_departments: state.spec.coDepartments,
      current_deadline: new Date(state.deadlineAt - 1),
      next_due_at: nextDue ? new Date(nextDue.dueAt) : null,
      seq: state.seq,
      state: JSON.stringify(state),
      view: JSON.stringify(storedView(state)),
      ...(epoch === undefined ? {} : { write_epoch: epoch }),
      updated_at: new Date(),
    })
    .where('id', '=', taskId)
    .execute();

  if (state.checkpoints.length) {
    await trx
      .insertInto('checkpoints')
      .values(
        state.checkpoints.map((c) => ({
          task_id: taskId,
          period: c.period,
          due_at: new Date(c.dueAt),
          status: c.status,
          report_request_id: c.reportRequestId ?? null,
          received_at: c.receivedAt === undefined ? null : new Date(c.receivedAt),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['task_id', 'period']).doUpdateSet((eb) => ({
          due_at: eb.ref('excluded.due_at'),
          status: eb.ref('excluded.status'),
          report_request_id: eb.ref('excluded.report_request_id'),
          received_at: eb.ref('excluded.received_at'),
        })),
      )
      .execute();
  }

  // After an abandoned attempt, a figure it set is cleared again when the state has none. One statement for all
  // of them: a round trip per target was a tenth of an answered report's time.
  const figures = state.spec.targets
    .map((target, i) => ({ idx: target.idx, achieved: state.achieved[i] ?? null }))
    .filter((f) => f.achieved !== null || diverged);
  if (figures.length) {
    await sql`
      update targets set achieved = f.achieved
      from jsonb_to_recordset(${JSON.stringify(figures)}::jsonb) as f(idx int, achieved numeric)
      where targets.task_id = ${taskId} and targets.idx = f.idx`.execute(trx);
  }
}
