// The system's plan clock, stored once so every process and restart maps plan time the same way.
import { sql } from 'kysely';
import type { Db } from '../connect';
import type { ClockSpec } from '../../workflows/domain';

/** Returns the stored clock, storing `proposed` first if there is none. */
export async function getOrCreateClock(db: Db, proposed: ClockSpec): Promise<ClockSpec> {
  await db
    .insertInto('settings')
    .values({ key: 'clock', value: JSON.stringify(proposed) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'clock')
    .executeTakeFirstOrThrow();
  return row.value as ClockSpec;
}

/** Replaces the stored clock (a new rehearsal of the plan year). */
export async function setClock(db: Db, clock: ClockSpec): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: 'clock', value: JSON.stringify(clock) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(clock), updated_at: sql`now()` }),
    )
    .execute();
}
