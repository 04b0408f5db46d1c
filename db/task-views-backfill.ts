// Rows the read model wrote before it stored the public view (migration 2026-12-01T00-00-00-task-view) get
// their view from the state they hold, once, after the migrations: a closed task is never written again, and
// nothing reads the stored state. Runs with the code that makes views, so it is application code, not a
// (frozen) migration; a row it fills is never touched again by it.
import type { Db } from './connect';
import type { TaskState } from '../workflows/domain';
import { storedView } from './task-view';

const BATCH = 500;

export interface BackfillResult {
  filled: number;
  /** Rows whose state is not a task's state as this code knows it: left without a view, named here. */
  unreadable: string[];
}

/** Fills `tasks.view` where a state exists and no view does, in id order; never stops a start for one bad row. */
export async function backfillTaskViews(db: Db): Promise<BackfillResult> {
  const result: BackfillResult = { filled: 0, unreadable: [] };
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('tasks')
      .select(['id', 'state', 'seq'])
      .where('view', 'is', null)
      .where('state', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return result;
    for (const row of rows) {
      after = row.id;
      let view: string;
      try {
        view = JSON.stringify(storedView(row.state as unknown as TaskState));
      } catch {
        result.unreadable.push(row.id);
        continue;
      }
      // Written only if the row was not rewritten meanwhile (a workflow writing it writes its view too).
      await db
        .updateTable('tasks')
        .set({ view })
        .where('id', '=', row.id)
        .where('seq', '=', row.seq)
        .where('view', 'is', null)
        .execute();
      result.filled += 1;
    }
  }
}
