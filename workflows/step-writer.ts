// The read model written by the step that changed the task (runs of generation 2026-12-01 on).
//
// A step is an input handled or a wake handled (the start is the first wake). At its end the step hands every
// event not yet written to `commit`: an input's handler by a local activity inside the workflow task, so that its
// answer already finds the read model; a wake after its task commits, by a regular activity, so a burst of due
// instants never holds workflow tasks open on the database. Batches are written one after another, in order.
//
// Why the step and not a coroutine that writes whatever it finds when it wakes (the older runs' flusher): what
// such a coroutine finds, and which route it takes, depends on the order in which the SDK resumes coroutines
// inside one workflow task. A worker that picks a workflow up cold can resume them in another order than the
// replay of the same history later does (sdk-python#1591; a chaos year's task-2023-chaos-208 recorded an Update's
// completion after a write its replay scheduled before it), and the history no longer replays. A step's batch and
// route depend only on its own code, in program order.
import { workflowInfo } from '@temporalio/workflow';

/** A run's history holds at most 51,200 events: runs are ordered by run number, then history length. */
export const EPOCHS_PER_RUN = 1_000_000;

export type WriteRoute = 'in-task' | 'after-commit';

export interface StepWriter {
  /** Writes every event emitted so far; resolves once the read model has them (and every batch before). */
  commit(route: WriteRoute): Promise<void>;
}

export function stepWriter<E extends { seq: number }>(opts: {
  /** The events emitted and not yet handed to a write; emptied by `commit`. */
  unwritten: E[];
  runNumber: number;
  /** The kind's read-model write: a local activity for 'in-task', a regular one after the task commits. */
  record(route: WriteRoute, events: E[], epoch: number): Promise<void>;
  /** Called with the last sequence number each batch wrote. */
  written(seq: number): void;
}): StepWriter {
  let last: Promise<void> = Promise.resolve();
  return {
    commit(route) {
      if (opts.unwritten.length === 0) return last;
      const events = opts.unwritten.splice(0, opts.unwritten.length);
      last = last.then(async () => {
        // The epoch fences a local activity's rows from an abandoned attempt of the same task (see the activity).
        const epoch = opts.runNumber * EPOCHS_PER_RUN + workflowInfo().historyLength;
        try {
          await opts.record(route, events, epoch);
        } catch (err) {
          // The activities retry until they succeed; one that gives up fails the workflow task (retried), never
          // the Update whose state change is already made.
          throw new Error(`the read model could not be written: ${String(err)}`, { cause: err });
        }
        opts.written(events[events.length - 1]!.seq);
      });
      return last;
    },
  };
}
