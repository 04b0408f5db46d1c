// How far the read model has caught up with a task's workflow: the sequence number of its last recorded event.
import type { Db } from '../connect';

export async function readModelSeq(db: Db, taskId: string): Promise<number | undefined> {
  const row = await db.selectFrom('tasks').select('seq').where('id', '=', taskId).executeTakeFirst();
  return row?.seq;
}

/** Waits (up to `timeoutMs`) until the read model has the task's events up to `seq`; false if it has not. */
export async function waitForReadModel(
  db: Db,
  taskId: string,
  seq: number,
  timeoutMs = 3000,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (((await readModelSeq(db, taskId)) ?? -1) >= seq) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
