// The targets (指标) of several tasks at once, as the board and the ledger's re-import read them.
import type { Db } from '../connect';

/** Every target row of `taskIds`, by task then by index. */
export function targetRowsOf(db: Db, taskIds: readonly string[]) {
  return db
    .selectFrom('targets')
    .selectAll()
    .where('task_id', 'in', [...taskIds])
    .orderBy('task_id')
    .orderBy('idx')
    .execute();
}
