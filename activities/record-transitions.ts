// Mirrors a batch of workflow transitions into Postgres: the trail, the read model, reports, escalations.
// Idempotent: keys are (task, seq), (task, request id) and the escalation key; the read model only moves forward.
import type { Db } from '../db/connect';
import { CLOSED_STATUSES, type TaskEvent, type TaskState } from '../workflows/domain';

export interface RecordTransitionsInput {
  state: TaskState;
  events: TaskEvent[];
}

export async function recordTransitions(db: Db, { state, events }: RecordTransitionsInput): Promise<void> {
  if (events.length === 0) return;
  const taskId = state.taskId;
  await db.transaction().execute(async (trx) => {
    // The row lock orders concurrent writers of one task (a slow retried attempt against a newer one).
    const row = await trx
      .selectFrom('tasks')
      .select('seq')
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Error(`task ${taskId} is not in the catalog`);

    await trx
      .insertInto('task_events')
      .values(
        events.map((e) => ({
          task_id: taskId,
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

    const reports = state.reports.filter((r) => events.some((e) => e.seq === r.seq));
    if (reports.length) {
      await trx
        .insertInto('progress_reports')
        .values(
          reports.map((r) => ({
            task_id: taskId,
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

    const escalated = new Set(events.filter((e) => e.type === 'escalated').map((e) => String(e.data.key)));
    const escalations = state.escalations.filter((x) => escalated.has(x.key));
    if (escalations.length) {
      await trx
        .insertInto('escalations')
        .values(
          escalations.map((x) => ({
            key: x.key,
            task_id: taskId,
            reason: x.reason,
            period: x.period,
            level: x.level,
            repeat: x.repeat,
            plan_at: new Date(x.at),
          })),
        )
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    }

    // A ladder stopped by the department's answer (or by the office) settles its steps. Only rows still open
    // are set, so a retried batch changes nothing.
    for (const e of events.filter((x) => x.type === 'ladder_stopped')) {
      await trx
        .updateTable('escalations')
        .set({ acknowledged_at: new Date(e.at) })
        .where('task_id', '=', taskId)
        .where('reason', '=', String(e.data.reason))
        .where('period', '=', String(e.data.period))
        .where('acknowledged_at', 'is', null)
        .execute();
    }

    // The snapshot columns only ever move forward.
    if (row.seq >= state.seq) return;
    // A closed task has nothing due (tasks closed before the close-out patch may still list a period).
    const nextDue = CLOSED_STATUSES.includes(state.status)
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

    for (const [i, target] of state.spec.targets.entries()) {
      const achieved = state.achieved[i];
      if (achieved === null || achieved === undefined) continue;
      await trx
        .updateTable('targets')
        .set({ achieved })
        .where('task_id', '=', taskId)
        .where('idx', '=', target.idx)
        .execute();
    }
  });
}
