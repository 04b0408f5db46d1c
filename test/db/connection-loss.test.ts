// A Postgres that ends a connection under a checked-out client (a restart, an administrator) must not take the
// process down: the statement fails, the pool drops the broken client, the next query gets a new one.
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitUntil } from '../support/wait';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

test('a connection ended by the server inside a transaction fails the transaction, not the process', async () => {
  const admin = new pg.Client({ connectionString: tdb.url });
  await admin.connect();
  try {
    const outcome = tdb.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      const pid = rows[0]!.pid;
      await admin.query('select pg_terminate_backend($1)', [pid]);
      // The server's goodbye arrives while no statement is running: only an 'error' event can carry it. Once
      // the backend is gone its goodbye is sent; the pause lets it land (waiting out a non-event).
      await waitUntil(
        `backend ${pid} to exit`,
        async () => (await admin.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount,
        (n) => n === 0,
      );
      await new Promise((r) => setTimeout(r, 300));
      await sql`select 1`.execute(trx);
    });
    await expect(outcome).rejects.toThrow();
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(tdb.db);
    expect(rows).toEqual([{ one: 1 }]);
  } finally {
    await admin.end();
  }
});
