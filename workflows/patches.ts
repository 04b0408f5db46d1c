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
} as const;

export type PatchId = (typeof PATCH)[keyof typeof PATCH];

/**
 * The newest generation: every patch above. A patch added later is not in it (a run of this generation never
 * took it) and is asked on its own; the next generation, when one is cut, lists it too.
 */
const GENERATION = { id: 'generation-2026-11-30', covers: new Set<string>(Object.values(PATCH)) };

/**
 * Asks Temporal's `patched` for the generation once, first thing in the run (so the answer is the same on every
 * replay), and returns the run's `patched`.
 */
export function runPatches(patched: (id: string) => boolean): (id: PatchId) => boolean {
  const generation = patched(GENERATION.id);
  return (id) => (generation && GENERATION.covers.has(id)) || patched(id);
}
