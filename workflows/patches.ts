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
  /**
   * An Update answers at once with the state and the events the read model may lack; the caller records them
   * before it answers its own caller. The workflow writes the read model only by a regular activity: no local
   * activity, so nothing in a run depends on how a local activity interleaved with workflow tasks.
   */
  answerFirst: 'answer-first-read-model-follows',
} as const;

export type PatchId = (typeof PATCH)[keyof typeof PATCH];

interface Generation {
  id: string;
  covers: ReadonlySet<string>;
}

/**
 * The generations, newest first. The newest covers every patch above; each older one what runs of it took. A
 * patch added later than the newest is asked on its own until the next generation is cut and listed first.
 */
const GENERATIONS: readonly Generation[] = [
  { id: 'generation-2026-12-01', covers: new Set<string>(Object.values(PATCH)) },
  {
    id: 'generation-2026-11-30',
    covers: new Set<string>(Object.values(PATCH).filter((id) => id !== PATCH.answerFirst)),
  },
];

/**
 * Asks Temporal's `patched` for the generations, newest first, first thing in the run (so the answer is the same
 * on every replay), and returns the run's `patched`. A new run takes the newest (one marker); a replayed run
 * finds the one it recorded, or none (then every patch is asked on its own, as it was recorded).
 */
export function runPatches(patched: (id: string) => boolean): (id: PatchId) => boolean {
  const generation = GENERATIONS.find((g) => patched(g.id));
  return (id) => generation?.covers.has(id) === true || patched(id);
}
