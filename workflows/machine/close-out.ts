// What closing a task (销号 or 撤销) settles: no report is due any more, so no period stays 待报送.
import type { TaskState } from '../domain';

/** Waives the periods still pending; received, late and missing ones stay as the record of the year. */
export function closeOut(state: TaskState): void {
  for (const cp of state.checkpoints) if (cp.status === 'pending') cp.status = 'waived';
}
