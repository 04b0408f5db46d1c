// The life of one piece of supervised work, whatever its kind: its inputs (Updates deduplicated by request,
// validated, applied), its clock (one timer for the next instant its rules name), its read model (written by each
// step, or by the older runs' flusher), its emails in flight, and the end of each run (drained, then completed or
// continued as new). A kind of work (a key task today; a sub-task, a 人大建议 later) brings its state, its actions,
// its rules and its read-model writer; this file is the rest, and the order of its commands is in every recorded
// history: change it only behind a patch.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  workflowInfo,
  type QueryDefinition,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Message, RequestSeen } from '../definitions';
import type { ClockSpec } from '../domain';
import { alarm } from '../alarm';
import { planAt, realDelay } from '../clock';
import { PATCH, runPatches, type PatchId } from '../patches';
import { refuseReusedRequestId, requestSeen } from '../rules/requests';
import { EPOCHS_PER_RUN, stepWriter, type WriteRoute } from '../step-writer';

/** The window of bare request ids, for messages without a scoped key (before scoped request ids). */
const MAX_REMEMBERED_REQUESTS = 500;

/** What the runtime reads of a kind's state: the number of its last event, and its bare request ids. */
export interface RunState {
  seq: number;
  requestIds: string[];
}

/** What each run of a kind is started with: the state carried over by continue-as-new, its request keys, its number. */
export interface RunInput<S> {
  clock: ClockSpec;
  carried?: S;
  carriedRequests?: Array<[string, string]>;
  runNumber?: number;
  continueAsNewAfterEvents?: number;
}

/** One input of a kind: its Update, its validator (role, status, content) and its effect. */
export interface RunAction<S, I extends Message = Message> {
  update: UpdateDefinition<S, [I]>;
  validate(state: S, now: number, input: I): void;
  apply(state: S, input: I): void | Promise<void>;
}

/** A kind's rules, as the runtime calls them. */
export interface RunRules {
  /** Whether the work is over (completed, cancelled): the run ends once everything is written. */
  closed(): boolean;
  /** Applies every instant due by now (reminders, escalations, the light's clock). */
  applyTime(): Promise<void>;
  /** Recomputes what follows from the state after any change (level, light). */
  refresh(): void;
  /** The next plan instant a rule is waiting for; undefined: none. */
  nextWake(now: number): number | undefined;
  /** What the search attributes say, as one comparable string, and how to tell Temporal. */
  indexKey(): string;
  upsertIndex(): void;
  /** The index key a new run's starter set already (search attributes at start); '' when unknown. */
  initialIndexKey: string;
  /** A first run's opening: its first event and email. */
  open(): void;
}

/** Writes a batch of events (with the state after them) to the read model, by `route`; `epoch` fences attempts. */
export type RecordBatch<E> = (
  route: WriteRoute | 'legacy',
  events: E[],
  epoch: number | undefined,
) => Promise<void>;

export interface SupervisedRun<S, E, I extends RunInput<S>> {
  /** The run's `patched`, answered from its generation. */
  isPatched(id: PatchId): boolean;
  /** Whether this run writes its read model by steps (every batch through `record`), decided once per run. */
  writesBySteps(): boolean;
  /** The plan instant now. */
  now(): number;
  /** Queues an event for the read model (the kind numbers it from its state's `seq`). */
  recorded(event: E): void;
  /** Hands an email to `deliver`; the run does not end while one is in flight. */
  inFlight(deliver: () => Promise<unknown>): void;
  /** Registers the Updates and queries, then runs until the work is over; resolves with the final state. */
  run(opts: {
    state: S;
    actions: ReadonlyArray<RunAction<S, Message>>;
    stateQuery: QueryDefinition<S, []>;
    requestSeenQuery: QueryDefinition<RequestSeen, [Pick<Message, 'requestId' | 'idempotency'>]>;
    rules: RunRules;
    record: RecordBatch<E>;
    /** The same workflow again, with the carried state (continue-as-new). */
    continueAsNew(next: I): Promise<never>;
  }): Promise<S>;
}

/** Called first thing in a run, before anything else asks `patched`: the run's generation is asked first. */
export function supervisedRun<S extends RunState, E extends { seq: number }, I extends RunInput<S>>(
  input: I,
): SupervisedRun<S, E, I> {
  const { clock } = input;
  const now = () => planAt(clock, Date.now());
  // Asked first thing in the run, so every replay asks in the same order.
  const isPatched = runPatches(patched);
  // Asked once, where the run first needs it (the start of `run`), and remembered: asking again later in a run
  // recorded without it would take the new path halfway.
  let stepWrites: boolean | undefined;
  const writesBySteps = () => (stepWrites ??= isPatched(PATCH.stepWrites));
  const unflushed: E[] = [];
  let inflightMail = 0;
  let changed = false;
  return {
    isPatched,
    writesBySteps,
    now,
    recorded(event) {
      unflushed.push(event);
      changed = true;
    },
    inFlight(deliver) {
      inflightMail += 1;
      void deliver().finally(() => (inflightMail -= 1));
    },
    run: (opts) => runUntilClosed(opts),
  };

  async function runUntilClosed({
    state,
    actions,
    stateQuery,
    requestSeenQuery,
    rules,
    record,
    continueAsNew: continueRunAs,
  }: Parameters<SupervisedRun<S, E, I>['run']>[0]): Promise<S> {
    // Decided once per run: a run recorded without it keeps its old commands throughout.
    const lean = isPatched(PATCH.fewerEvents);
    // Likewise: runs recorded before it keep the flusher below, which wrote what it found when it woke.
    const stepWrites = writesBySteps();
    const { closed } = rules;

    /** After any change: the kind's refresh; runs before fewer-events also tell the search attributes at once. */
    const refresh = () => {
      rules.refresh();
      if (!lean) index();
    };
    let lastIndexed = input.carried ? '' : rules.initialIndexKey;
    /** Tells the search attributes what changed; lean runs do it once per workflow task, from the main loop. */
    const index = () => {
      const indexed = rules.indexKey();
      if (indexed === lastIndexed) return;
      lastIndexed = indexed;
      rules.upsertIndex();
    };

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
      const wake = winding || closed() ? undefined : rules.nextWake(now());
      wakeUp.set(wake, wake === undefined ? 0 : realDelay(clock, wake - now()));
    };
    const runNumber = input.runNumber ?? 0;
    const write = stepWriter({
      unwritten: unflushed,
      runNumber,
      record,
      written: (seq) => (flushedSeq = seq),
    });

    // Every request key applied in the work's life with its fingerprint; carried across continue-as-new beside
    // (not inside) the state, so readers of the state never see it and it never travels to the read model.
    const applied = new Map<string, string>(input.carriedRequests ?? []);
    const seen = (message: Pick<Message, 'requestId' | 'idempotency'>) =>
      requestSeen(applied, state, message);

    /** One handler shape for every Update: dedupe by request, apply, refresh, write the read model. */
    function handle(action: RunAction<S, Message>) {
      setHandler(
        action.update,
        async (message: Message) => {
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
          if (isPatched(PATCH.timeRulesBeforeInput)) await rules.applyTime();
          await action.apply(state, message);
          refresh();
          if (stepWrites) {
            settle();
            await write.commit('in-task');
          } else await flushed();
          return state;
        },
        {
          validator: (message: Message) => {
            const before = seen(message);
            if (before === 'conflict') refuseReusedRequestId();
            if (before === 'new') action.validate(state, now(), message);
          },
        },
      );
    }

    for (const action of actions) handle(action);
    setHandler(stateQuery, () => state);
    setHandler(requestSeenQuery, (message) => seen(message));

    // Older runs: the read model follows the trail in order, one batch at a time, written by whoever woke first.
    const flusher = (async () => {
      if (stepWrites) return;
      for (;;) {
        await condition(() => unflushed.length > 0);
        const events = unflushed.splice(0, unflushed.length);
        if (isPatched(PATCH.readModelInTask)) {
          const epoch = runNumber * EPOCHS_PER_RUN + workflowInfo().historyLength;
          await record(waiting > 0 ? 'in-task' : 'after-commit', events, epoch);
        } else await record('legacy', events, undefined);
        flushedSeq = events[events.length - 1]!.seq;
      }
    })();
    void flusher;

    if (!input.carried) rules.open();
    refresh();

    /** Nothing left in flight: no handler running, every event written, every email handed over. */
    const drained = () =>
      allHandlersFinished() && unflushed.length === 0 && inflightMail === 0 && flushedSeq === state.seq;
    const continueRun = () =>
      continueRunAs({ ...input, carried: state, carriedRequests: [...applied], runNumber: runNumber + 1 });

    const tooLong = () =>
      workflowInfo().continueAsNewSuggested ||
      (input.continueAsNewAfterEvents !== undefined &&
        workflowInfo().historyLength > input.continueAsNewAfterEvents);

    // Instants already past when this run first gets to run (a worker outage at start, a backlog, a
    // continue-as-new) are handled now: the loop below only waits for instants still ahead.
    if (isPatched(PATCH.timeRulesOnFirstActivation)) {
      await rules.applyTime();
      refresh();
    }

    if (stepWrites) {
      // Inputs settle themselves; this loop handles the start, instants as their timer rings, and the end of the run.
      settle();
      // A new work's opening is written inside its first workflow task (generation 2026-12-02 on): a start then
      // costs one activity task and one workflow task fewer, and the read model has the task once that workflow
      // task completes. Asked at the opening only, so runs recorded before it replay their activity as recorded.
      const opening = !input.carried && isPatched(PATCH.openingInTask);
      void write.commit(opening ? 'in-task' : 'after-commit');
      while (!closed()) {
        await condition(() => closed() || tooLong() || wakeUp.rang);
        if (closed()) break;
        if (wakeUp.rang) {
          await rules.applyTime();
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
      const wake = rules.nextWake(now());
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
      await rules.applyTime();
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
      // A timer left running could fire while the closing work is in flight: the server then refuses the
      // completion (unhandled command) and the task is tried again.
      wakeUp.set(undefined, 0);
    }
    // Closed: let the read model and the last emails catch up, then finish with the final state.
    await condition(drained);
    return state;
  }
}
