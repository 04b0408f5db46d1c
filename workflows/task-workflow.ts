// The task workflow: one per key task, id `task-<taskId>`, alive from assignment until 销号 or cancellation.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { calendar, mail, store, storeInTask } from './activity-proxies';
import { TASK_ACTIONS, validatorOf, type TaskActionSpec } from './actions';
import { alarm } from './alarm';
import { PATCH, runPatches } from './patches';
import { isClosed } from './status';
import { EPOCHS_PER_RUN, stepWriter } from './step-writer';
import { planAt, realDelay } from './clock';
import * as d from './definitions';
import type { Notice, TaskEvent, TaskState } from './domain';
import { eventOf } from './events';
import { closeOut } from './machine/close-out';
import { initialState } from './machine/initial-state';
import type { MachineHooks } from './machine/ports';
import { applyTimeRules, nextWake } from './machine/time-rules';
import { currentLevel } from './rules/ladder';
import { computeLight } from './rules/light';
import { refuseReusedRequestId, requestSeen } from './rules/requests';
import { LEAD_DEPARTMENT, LEVEL, LIGHT, STATUS } from './search-attributes';

/** The window of bare request ids, for messages without a scoped key (before scoped request ids). */
const MAX_REMEMBERED_REQUESTS = 500;

export async function taskWorkflow(input: d.TaskWorkflowInput): Promise<TaskState> {
  const { clock } = input;
  const now = () => planAt(clock, Date.now());
  const unflushed: TaskEvent[] = [];
  let inflightMail = 0;
  let changed = false;
  // Asked first thing in the run, so every replay asks in the same order.
  const isPatched = runPatches(patched);
  // Decided once per run: a run recorded without it keeps its old commands throughout.
  const lean = isPatched(PATCH.fewerEvents);
  // Likewise: runs recorded before it keep the flusher below, which wrote what it found when it woke.
  const stepWrites = isPatched(PATCH.stepWrites);

  // Nothing is awaited before the handlers are set: an Update arriving with the start must find them.
  const state: TaskState = input.carried
    ? input.carried
    : initialState(input.spec, clock, workflowInfo().workflowId, input.schedule.startAt, input.schedule);

  const hooks: MachineHooks = {
    now,
    emit(type, data, meta) {
      const event = eventOf(++state.seq, type, now(), data, meta);
      unflushed.push(event);
      changed = true;
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
      inflightMail += 1;
      mail
        .sendNotification(full)
        .catch((err: unknown) => log.error('notification failed', { key: full.key, err: String(err) }))
        .finally(() => (inflightMail -= 1));
    },
    patched: isPatched,
    calendar: {
      schedule: (i) => calendar.planSchedule(i),
      ladder: (i) => calendar.ladderInstants(i),
    },
  };

  /** Recomputes level and light after any change, and records a light change as a transition. */
  const refresh = () => {
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
    if (!lean) index();
  };
  /** Tells the search attributes what changed; lean runs do it once per workflow task, from the main loop. */
  const index = () => {
    const indexed = indexKey(state.light, state.status, state.spec.leadDepartment, state.level);
    if (indexed === lastIndexed) return;
    lastIndexed = indexed;
    upsertSearchAttributes([
      { key: LIGHT, value: state.light },
      { key: STATUS, value: state.status },
      { key: LEAD_DEPARTMENT, value: state.spec.leadDepartment },
      { key: LEVEL, value: state.level },
    ]);
  };
  // A new task's starter set its search attributes already (older starts did not: their first refresh upserts).
  let lastIndexed =
    input.searchAttributesAtStart && !input.carried
      ? indexKey('green', 'assigned', input.spec.leadDepartment, 0)
      : '';
  const closed = () => isClosed(state.status);

  let flushedSeq = state.seq;
  /** Handlers waiting for the read model (older runs): while there are any, it is written inside the task. */
  let waiting = 0;
  /** Waits until the read model in Postgres has every event up to now. */
  const flushed = async () => {
    const target = state.seq;
    waiting += 1;
    try {
      await condition(() => flushedSeq >= target);
    } finally {
      waiting -= 1;
    }
  };

  const wakeUp = alarm();
  /** Set once the run winds down (closed, or continuing as new): no timer is armed after. */
  let winding = false;
  /** After a step: the search attributes told, the timer armed for the next instant (generation 2026-12-01 on). */
  const settle = () => {
    index();
    const wake = winding || closed() ? undefined : nextWake(state, now());
    wakeUp.set(wake, wake === undefined ? 0 : realDelay(clock, wake - now()));
  };
  const write = stepWriter({
    state,
    unwritten: unflushed,
    runNumber: input.runNumber ?? 0,
    written: (seq) => (flushedSeq = seq),
  });

  // Every request key applied in the task's life with its fingerprint; carried across continue-as-new beside
  // (not inside) the state, so readers of the state never see it and it never travels to the read model.
  const applied = new Map<string, string>(input.carriedRequests ?? []);
  const seen = (message: Pick<d.Message, 'requestId' | 'idempotency'>) =>
    requestSeen(applied, state, message);

  /** One handler shape for every Update: dedupe by request, apply, refresh, wait for the read model. */
  function handle<I extends d.Message>(
    update: d.TaskUpdate<I>,
    validate: (s: TaskState, now: number, input: I) => void,
    apply: (s: TaskState, h: MachineHooks, input: I) => void | Promise<void>,
  ) {
    setHandler(
      update,
      async (message: I) => {
        // Messages without a scoped key (older clients, recorded histories) keep the bounded window of bare ids.
        const scoped = message.idempotency !== undefined && isPatched(PATCH.scopedRequestIds);
        const before = seen(message);
        if (before === 'repeat') {
          // A repeat answers with the state as it is now, once the read model has it too.
          if (scoped) await flushed();
          return state;
        }
        if (before === 'conflict') refuseReusedRequestId();
        if (scoped) applied.set(message.idempotency!.key, message.idempotency!.fingerprint);
        else {
          state.requestIds.push(message.requestId);
          if (state.requestIds.length > MAX_REMEMBERED_REQUESTS) state.requestIds.shift();
        }
        // Temporal runs an Update before a timer that fired in the same workflow task. Time comes first
        // here: an acknowledgement that arrives after its deadline still finds the reminder already due.
        if (isPatched(PATCH.timeRulesBeforeInput)) await applyTimeRules(state, hooks);
        await apply(state, hooks, message);
        refresh();
        if (stepWrites) {
          settle();
          await write.commit('in-task');
        } else await flushed();
        return state;
      },
      {
        validator: (message: I) => {
          const before = seen(message);
          if (before === 'conflict') refuseReusedRequestId();
          if (before === 'new') validate(state, now(), message);
        },
      },
    );
  }

  // Every action of the table, with the validator composed from its rules.
  for (const spec of Object.values<TaskActionSpec>(TASK_ACTIONS))
    handle(spec.update, validatorOf(spec), spec.apply);
  setHandler(d.getStateQuery, () => state);
  setHandler(d.requestSeenQuery, (message) => seen(message));

  // Older runs: the read model follows the trail in order, one batch at a time, written by whoever woke first.
  const flusher = (async () => {
    if (stepWrites) return;
    for (;;) {
      await condition(() => unflushed.length > 0);
      const events = unflushed.splice(0, unflushed.length);
      if (isPatched(PATCH.readModelInTask)) {
        const epoch = (input.runNumber ?? 0) * EPOCHS_PER_RUN + workflowInfo().historyLength;
        await (waiting > 0 ? storeInTask : store).recordTransitions({ state, events, epoch });
      } else await store.recordTransitions({ state, events });
      flushedSeq = events[events.length - 1]!.seq;
    }
  })();
  void flusher;

  if (!input.carried) {
    hooks.emit('started', { deadline: state.deadline, leadDepartment: state.spec.leadDepartment });
    hooks.notify({
      key: `${state.workflowId}:assign:-:0`,
      kind: 'assignment',
      notify: ['contact'],
      planAt: state.startedAt,
      dueAt: state.ackDueAt,
    });
  }
  refresh();

  /** Nothing left in flight: no handler running, every event written, every email handed over. */
  const drained = () =>
    allHandlersFinished() && unflushed.length === 0 && inflightMail === 0 && flushedSeq === state.seq;
  const continueRun = () =>
    continueAsNew<typeof taskWorkflow>({
      ...input,
      carried: state,
      carriedRequests: [...applied],
      runNumber: (input.runNumber ?? 0) + 1,
    });

  const tooLong = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined &&
      workflowInfo().historyLength > input.continueAsNewAfterEvents);

  // Instants already past when this run first gets to run (a worker outage at start, a backlog, a
  // continue-as-new) are handled now: the loop below only waits for instants still ahead.
  if (isPatched(PATCH.timeRulesOnFirstActivation)) {
    await applyTimeRules(state, hooks);
    refresh();
  }

  if (stepWrites) {
    // Inputs settle themselves; this loop handles the start, instants as their timer rings, and the end of the run.
    settle();
    void write.commit('after-commit');
    while (!closed()) {
      await condition(() => closed() || tooLong() || wakeUp.rang);
      if (closed()) break;
      if (wakeUp.rang) {
        await applyTimeRules(state, hooks);
        refresh();
        settle();
        void write.commit('after-commit');
      }
      if (tooLong()) {
        winding = true;
        settle();
        await condition(drained);
        await continueRun();
      }
    }
    winding = true;
    settle();
  }
  while (!stepWrites && !closed()) {
    const wake = nextWake(state, now());
    changed = false;
    const woken = () => changed || closed() || tooLong();
    if (lean) {
      // Every change of this workflow task (inputs included: they wake the loop) is indexed here, once.
      index();
      wakeUp.set(wake, wake === undefined ? 0 : realDelay(clock, wake - now()));
      await condition(() => woken() || wakeUp.rang);
    } else if (wake === undefined) await condition(woken);
    else await condition(woken, realDelay(clock, wake - now()));
    if (closed()) break;
    await applyTimeRules(state, hooks);
    refresh();
    if (tooLong()) {
      if (lean) {
        index();
        wakeUp.set(undefined, 0);
      }
      await condition(drained);
      await continueRun();
    }
  }
  if (lean) {
    index();
    // A timer left running could fire while the closing task is in flight: the server then refuses the
    // completion (unhandled command) and the task is tried again.
    wakeUp.set(undefined, 0);
  }
  // Closed: let the read model and the last emails catch up, then finish with the final state.
  await condition(drained);
  return state;
}

/** What the search attributes say, as one comparable string. */
function indexKey(light: string | null, status: string, lead: string, level: number): string {
  return `${light}|${status}|${lead}|${level}`;
}
