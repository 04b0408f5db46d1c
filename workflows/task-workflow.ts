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

  const hooks: MachineHooks = {
    now,
    emit(type, data, meta) {
      const event = eventOf(++state.seq, type, now(), data, meta);
      rt.recorded(event);
      return event;
    },
    notify(notice) {
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
      rt.inFlight(() =>
        mail
          .sendNotification(full)
          .catch((err: unknown) => log.error('notification failed', { key: full.key, err: String(err) })),
      );
    },
    patched: isPatched,
    calendar: {
      schedule: (i) => calendar.planSchedule(i),
      ladder: (i) => calendar.ladderInstants(i),
    },
  };
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
    record: (route, events, epoch) =>
      route === 'legacy'
        ? store.recordTransitions({ state, events })
        : (route === 'in-task' ? storeInTask : store).recordTransitions({ state, events, epoch }),
    continueAsNew: (next) => continueAsNew<typeof taskWorkflow>(next),
    rules: {
      closed,
      applyTime: () => applyTimeRules(state, hooks),
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
        hooks.notify({
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
