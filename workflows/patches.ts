// Every behaviour change of the task workflow since its first release, by patch id, and the generation marker
// that stands for all of them in a run started by code that has them.
//
// Why a generation: Temporal's `patched(id)` records a marker in the history of every run that takes the new
// path, and the SDK's core adds a search-attribute upsert (TemporalChangeVersion) beside each one: two history
// events and a visibility write per patch per run. A task started today would otherwise pay that for every
// patch below, most of them in its first workflow task. A run started by this code records one marker for the
// generation instead; a run recorded before it (no generation marker) asks each patch as it always did.
export const PATCH = {
  /** Instants already past at a run's first activation are handled then. */
  timeRulesOnFirstActivation: 'time-rules-on-first-activation',
  /** Time rules run before an Update applied in the same workflow task. */
  timeRulesBeforeInput: 'time-rules-before-input',
  /** A closed task carries no light and no pending period. */
  closedCarryNoLight: 'closed-tasks-carry-no-light',
  /** Units are mailed on suspension, resumption, cancellation and reassignment (older histories have no such activity). */
  notifyUnits: 'notify-units-of-office-decisions',
  /** Request ids scoped to their caller and remembered for the task's life. */
  scopedRequestIds: 'scoped-request-ids',
  /** A co-department's report is its own contribution, never the lead's figures. */
  coReportsAreContributions: 'co-department-reports-are-contributions',
  /** Read-model writes fenced by an epoch, written in the workflow task while an Update waits. */
  readModelInTask: 'read-model-written-in-workflow-task',
  /** Search attributes upserted once per workflow task; one timer kept per wake instant. */
  fewerEvents: 'fewer-events-per-transition',
  /** The read model is written at the end of each step (an input, a wake), by the step itself. */
  stepWrites: 'read-model-written-by-each-step',
  /** A new task's opening (its first event) is written inside its first workflow task, not by an activity after it. */
  openingInTask: 'opening-written-in-first-workflow-task',
  /** The clock's notices (the opening, escalations) are written to the outbox with their events, not sent by an activity. */
  timeNoticesInOutbox: 'time-notices-written-with-their-events',
} as const;

export type PatchId = (typeof PATCH)[keyof typeof PATCH];

/**
 * The generations, newest first, each with the patches it stands for. A patch added later is not in the older
 * ones (their runs never took it) and is asked on its own there; the next generation, when one is cut, lists it.
 */
const GENERATIONS: ReadonlyArray<{ id: string; covers: ReadonlySet<string> }> = [
  { id: 'generation-2026-12-03', covers: patchesExcept() },
  { id: 'generation-2026-12-02', covers: patchesExcept(PATCH.timeNoticesInOutbox) },
  {
    id: 'generation-2026-12-01',
    covers: patchesExcept(PATCH.openingInTask, PATCH.timeNoticesInOutbox),
  },
  {
    id: 'generation-2026-11-30',
    covers: patchesExcept(PATCH.stepWrites, PATCH.openingInTask, PATCH.timeNoticesInOutbox),
  },
];

function patchesExcept(...later: PatchId[]): ReadonlySet<string> {
  return new Set<string>(Object.values(PATCH).filter((id) => !later.includes(id)));
}

/**
 * Asks Temporal's `patched` for the generations, newest first, first thing in the run (so the answers are the
 * same on every replay), and returns the run's `patched`. A new run records the newest generation's marker
 * only; a run recorded under an older one finds its own marker; a run recorded before any asks each patch.
 */
export function runPatches(patched: (id: string) => boolean): (id: PatchId) => boolean {
  const generation = GENERATIONS.find((g) => patched(g.id));
  return (id) => generation?.covers.has(id) || patched(id);
}
