// Drives task workflows in tests: start from the catalog, send Updates as a role, compare the read model.
import { randomUUID } from 'node:crypto';
import { sendUpdate, TaskActionError } from '../../client/tasks/send-update';
import { startTask } from '../../client/tasks/start-task';
import type { Db } from '../../db/connect';
import { makeClock } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { Actor, ClockSpec, TaskState } from '../../workflows/domain';
import { CO, LEAD, OFFICE } from './fixtures';
import { brief, waitUntil, type WaitOptions } from './wait';
import type { TemporalKit } from './temporal';

export const office: Actor = { role: 'office', name: '督查室' };
export const lead: Actor = { role: 'department', department: LEAD };
export const co: Actor = { role: 'department', department: CO };
export const officeDept = OFFICE;

/** A clock at which one plan day lasts `msPerDay` real milliseconds, starting at `planStart` now. */
export function fastClock(planStart: string, msPerDay: number): ClockSpec {
  return makeClock(Date.parse(planStart), Date.now(), 86_400_000 / msPerDay);
}

export function harness(db: Db, kit: TemporalKit) {
  const handle = (taskId: string) => kit.client.workflow.getHandle(d.workflowIdFor(taskId));
  return {
    handle,
    async start(taskId: string, clock: ClockSpec, extra: { continueAsNewAfterEvents?: number } = {}) {
      return startTask({ db, client: kit.client, clock, taskQueue: kit.taskQueue, ...extra }, taskId);
    },
    async update<I extends d.Message>(
      taskId: string,
      def: d.TaskUpdate<I>,
      input: Omit<I, 'requestId'> & { requestId?: string },
    ) {
      return sendUpdate(kit.client, taskId, def, { requestId: randomUUID(), ...input } as I);
    },
    /** The validator's refusal message, or throws if the Update was accepted. */
    async refusal<I extends d.Message>(
      taskId: string,
      def: d.TaskUpdate<I>,
      input: Omit<I, 'requestId'> & { requestId?: string },
    ) {
      try {
        await sendUpdate(kit.client, taskId, def, { requestId: randomUUID(), ...input } as I);
      } catch (err) {
        if (err instanceof TaskActionError) return `${err.message} [${err.field ?? ''}]`;
        throw err;
      }
      throw new Error(`update ${def.name} was accepted, expected a refusal`);
    },
    state: (taskId: string): Promise<TaskState> => handle(taskId).query(d.getStateQuery),
    /** The tasks row's snapshot and public view, status, light and level. */
    async readModel(taskId: string) {
      return db
        .selectFrom('tasks')
        .select(['status', 'light', 'level', 'seq', 'state', 'view'])
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow();
    },
    async events(taskId: string) {
      return db.selectFrom('task_events').selectAll().where('task_id', '=', taskId).orderBy('seq').execute();
    },
    /** Reads until `done` holds; on timeout names `what` and the last state seen (see test/support/wait.ts). */
    until: waitUntil,
    /** The task's state and its read-model row, once `done` holds for the state. */
    stateUntil: (
      taskId: string,
      what: string,
      done: (s: TaskState) => boolean,
      options?: WaitOptions<TaskState>,
    ) =>
      waitUntil(`${taskId}: ${what}`, () => handle(taskId).query(d.getStateQuery), done, {
        show: (s) => brief(summary(s)),
        ...options,
      }),
  };
}

/** Waits until the read model has caught up with the workflow, then returns both. */
export async function quiescent(h: ReturnType<typeof harness>, taskId: string) {
  return h.until(
    `${taskId}: the read model caught up with the workflow`,
    async () => ({ state: await h.state(taskId), row: await h.readModel(taskId) }),
    ({ state, row }) => row.seq === state.seq,
    { show: ({ state, row }) => `workflow seq ${state.seq}, read model seq ${row.seq}` },
  );
}

/** What a timed-out wait shows of a task: where it is, not its whole state. */
export function summary(s: TaskState) {
  return {
    status: s.status,
    light: s.light,
    lightReasons: s.lightReasons,
    level: s.level,
    seq: s.seq,
    escalations: s.escalations.map((e) => e.key),
    checkpoints: s.checkpoints.map((c) => `${c.period}:${c.status}`),
  };
}
