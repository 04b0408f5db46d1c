// The task workflow: one per key task, id `task-<taskId>`, alive from assignment until 销号 or cancellation.
// Its rules and its wiring only; the life every kind of supervised work shares (inputs, clock, read model,
// emails in flight, continue-as-new) is the runtime's (runtime/supervised-run.ts).
import { continueAsNew, log, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { calendar, mail, store, storeInTask } from './activity-proxies';
import { TASK_ACTIONS, validatorOf, type TaskActionSpec } from './actions';
import { PATCH } from './patches';
import { isClosed } from './status';
import * as d from './definitions';
import type { Notice, TaskEvent, TaskState } from './domain';
import { eventOf } from './events';
import { closeOut } from './machine/close-out';
import { initialState } from './machine/initial-state';
import type { MachineHooks } from './machine/ports';
import { applyTimeRules, nextWake } from './machine/time-rules';
import { currentLevel } from './rules/ladder';
import { computeLight } from './rules/light';
import { supervisedRun, type RunAction } from './runtime/supervised-run';
import { LEAD_DEPARTMENT, LEVEL, LIGHT, STATUS } from './search-attributes';

export async function taskWorkflow(input: d.TaskWorkflowInput): Promise<TaskState> {
  const rt = supervisedRun<TaskState, TaskEvent, d.TaskWorkflowInput>(input);
  const { now, isPatched } = rt;

  // Nothing is awaited before the handlers are set: an Update arriving with the start must find them.
  const state: TaskState = input.carried
    ? input.carried
    : initialState(
        input.spec,
        input.clock,
        workflowInfo().workflowId,
        input.schedule.startAt,
        input.schedule,
      );

  /** A notice with what the workflow knows and the read model may not have yet. */
  const completed = (notice: Parameters<MachineHooks['notify']>[0]): Notice => {
    const full: Notice = {
      ...notice,
      taskId: state.taskId,
      // The read model lags the workflow: an email sent with a new deadline or lead must not show the old one.
      deadline: state.deadline,
      assignedTo: { lead: state.spec.leadDepartment, co: state.spec.coDepartments },
      history: state.escalations.map((e) => ({
        level: e.level,
        reason: e.reason,
        period: e.period,
        at: e.at,
      })),
    };
    return full;
  };
  const sendByActivity = (full: Notice) =>
    rt.inFlight(() =>
      mail
        .sendNotification(full)
        .catch((err: unknown) => log.error('notification failed', { key: full.key, err: String(err) })),
    );
  // The clock's notices, by the sequence number of the event that called for them (generation 2026-12-03 on):
  // written to the outbox by the batch that writes that event, in its transaction (see record below).
  const outboxNotices = new Map<number, Notice[]>();

  const hooks: MachineHooks = {
    now,
    emit(type, data, meta) {
      const event = eventOf(++state.seq, type, now(), data, meta);
      rt.recorded(event);
      return event;
    },
    // An input's notices keep their activity: an input applied in a workflow task that is then abandoned (a
    // worker killed) may not be applied the same way by the next attempt, and its mail must not have gone out.
    notify: (notice) => sendByActivity(completed(notice)),
    patched: isPatched,
    calendar: {
      schedule: (i) => calendar.planSchedule(i),
      ladder: (i) => calendar.ladderInstants(i),
    },
  };
  // The clock's notices (the opening, reminders and escalations) are made again by every attempt of the step
  // that made them (time only moves on; an input is applied after the rules due by then), so an abandoned
  // attempt's write of one is never wrong. Each follows the event it belongs to at once (emit, then notify).
  const timeHooks: MachineHooks = {
    ...hooks,
    notify(notice) {
      const full = completed(notice);
      if (!(rt.writesBySteps() && isPatched(PATCH.timeNoticesInOutbox))) return sendByActivity(full);
      const list = outboxNotices.get(state.seq);
      if (list) list.push(full);
      else outboxNotices.set(state.seq, [full]);
    },
  };
  /** The notices the batch's events called for, handed over once. */
  const noticesOf = (events: TaskEvent[]): Notice[] =>
    events.flatMap((e) => {
      const list = outboxNotices.get(e.seq) ?? [];
      outboxNotices.delete(e.seq);
      return list;
    });
  const closed = () => isClosed(state.status);

  // Every action of the table, with the validator composed from its rules.
  const actions = Object.values<TaskActionSpec>(TASK_ACTIONS).map((spec): RunAction<TaskState> => ({
    update: spec.update,
    validate: validatorOf(spec),
    apply: (s, message) => spec.apply(s, hooks, message),
  }));

  return rt.run({
    state,
    actions,
    stateQuery: d.getStateQuery,
    requestSeenQuery: d.requestSeenQuery,
    record: (route, events, epoch) => {
      if (route === 'legacy') return store.recordTransitions({ state, events });
      const notices = noticesOf(events);
      return (route === 'in-task' ? storeInTask : store).recordTransitions({
        state,
        events,
        epoch,
        ...(notices.length ? { notices } : {}),
      });
    },
    continueAsNew: (next) => continueAsNew<typeof taskWorkflow>(next),
    rules: {
      closed,
      applyTime: () => applyTimeRules(state, timeHooks),
      nextWake: (at) => nextWake(state, at),
      /** Recomputes level and light after any change, and records a light change as a transition. */
      refresh() {
        state.level = currentLevel(state);
        // Asked only once the task is closed, so histories of tasks closed before it replay unchanged.
        const closedCarryNoLight = closed() && isPatched(PATCH.closedCarryNoLight);
        if (closedCarryNoLight) closeOut(state);
        const { light, reasons } = computeLight(state, now(), { closedCarryNoLight });
        if (light !== state.light || reasons.join() !== state.lightReasons.join()) {
          const from = state.light;
          state.light = light;
          state.lightReasons = reasons;
          // Closing is its own event on the trail; losing the light is not a light change.
          if (light !== from && light !== null)
            hooks.emit('light_changed', { from, to: light, level: state.level, reasons });
        }
      },
      indexKey: () => indexKey(state.light, state.status, state.spec.leadDepartment, state.level),
      upsertIndex: () =>
        upsertSearchAttributes([
          { key: LIGHT, value: state.light },
          { key: STATUS, value: state.status },
          { key: LEAD_DEPARTMENT, value: state.spec.leadDepartment },
          { key: LEVEL, value: state.level },
        ]),
      // A new task's starter set its search attributes already (older starts did not: their first refresh upserts).
      initialIndexKey: input.searchAttributesAtStart
        ? indexKey('green', 'assigned', input.spec.leadDepartment, 0)
        : '',
      open() {
        hooks.emit('started', { deadline: state.deadline, leadDepartment: state.spec.leadDepartment });
        timeHooks.notify({
          key: `${state.workflowId}:assign:-:0`,
          kind: 'assignment',
          notify: ['contact'],
          planAt: state.startedAt,
          dueAt: state.ackDueAt,
        });
      },
    },
  });
}

/** What the search attributes say, as one comparable string. */
function indexKey(light: string | null, status: string, lead: string, level: number): string {
  return `${light}|${status}|${lead}|${level}`;
}
