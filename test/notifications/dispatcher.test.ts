// The outbox dispatcher against the real Postgres and real SMTP listeners: rows written for it are sent once each
// however many dispatchers run, a failed try waits and is tried again, a dead worker's lease is taken over, and
// rows an activity owns are left to it.
import { sql } from 'kysely';
import {
  retryDelaySeconds,
  startOutboxDispatcher,
  type OutboxDispatcher,
} from '../../activities/notifications/dispatcher';
import { storeNotice } from '../../activities/notifications/send-notification';
import type { Db } from '../../db/connect';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertDepartments, insertTask } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { waitUntil } from '../support/wait';
import { mailerFor, noticeOf } from './notices';

let tdb: TestDatabase;
let db: Db;
const running: OutboxDispatcher[] = [];
const listeners: SmtpListener[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  await insertDepartments(db);
});

afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
  for (const l of listeners.splice(0)) await l.close();
});

afterAll(async () => {
  await tdb?.drop();
});

async function listener(...args: Parameters<typeof startSmtpListener>): Promise<SmtpListener> {
  const l = await startSmtpListener(...args);
  listeners.push(l);
  return l;
}

function dispatcher(smtpUrl: string, pollMs = 100): OutboxDispatcher {
  const d = startOutboxDispatcher({ db, mailer: mailerFor(smtpUrl) }, { pollMs, batch: 4 });
  running.push(d);
  return d;
}

let n = 0;
/** A fresh task with `count` assignment-like notices written for the dispatcher (or for an activity). */
async function written(count: number, smtpUrl: string, dispatch = true): Promise<string[]> {
  const id = `dp-${++n}`;
  await insertTask(db, { id });
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const notice = { ...noticeOf('assignment', id), key: `task-${id}:assign:-:${i}` };
    await storeNotice({ db, mailer: mailerFor(smtpUrl) }, notice, dispatch);
    keys.push(notice.key);
  }
  return keys;
}

const rowsOf = (keys: string[]) =>
  db.selectFrom('notifications').selectAll().where('key', 'in', keys).orderBy('key').execute();
const keyOf = (m: { parsed: { headers: Map<string, unknown> } }) => m.parsed.headers.get('x-duban-key');

test('two dispatchers on one outbox send each of 30 rows exactly once', async () => {
  const smtp = await listener();
  const keys = await written(30, smtp.url);
  dispatcher(smtp.url);
  dispatcher(smtp.url);

  const rows = await waitUntil(
    'all 30 rows sent',
    () => rowsOf(keys),
    (rs) => rs.every((r) => r.status === 'sent'),
    { show: (rs) => rs.map((r) => r.status).join(',') },
  );
  expect(rows.map((r) => r.attempts)).toEqual(keys.map(() => 1));
  await smtp.waitFor(30);
  expect(smtp.received.map(keyOf).sort()).toEqual([...keys].sort());
});

test('SMTP down: the row goes back to pending with the error and a later try, and is sent once SMTP is up', async () => {
  const port = await freePort();
  const url = `smtp://127.0.0.1:${port}`;
  const [key] = await written(1, url);
  dispatcher(url);

  const failed = await waitUntil(
    'the first try failed and is on record',
    () => rowsOf([key!]).then((rs) => rs[0]!),
    (r) => r.status === 'pending' && r.attempts >= 1 && r.last_error !== null,
  );
  expect(failed.last_error).toMatch(/ECONNREFUSED/);
  // The next try waits: at least the first step of the backoff after the failure was recorded.
  const wait = await sql<{ s: number }>`
    select extract(epoch from next_attempt_at - now())::float8 as s from notifications where key = ${key}`.execute(
    db,
  );
  expect(wait.rows[0]!.s).toBeGreaterThan(0);
  expect(wait.rows[0]!.s).toBeLessThanOrEqual(retryDelaySeconds(failed.attempts));

  const smtp = await listener(port);
  const sent = await waitUntil(
    'the row sent once SMTP is back',
    () => rowsOf([key!]).then((rs) => rs[0]!),
    (r) => r.status === 'sent',
    { show: (r) => `${r.status}, ${r.attempts} attempts` },
  );
  expect(sent.attempts).toBeGreaterThanOrEqual(2);
  expect(smtp.received.map(keyOf)).toEqual([key]);
});

test('a lease that ran out (its worker died) is taken over; a live lease and an activity’s row are left alone', async () => {
  const smtp = await listener();
  const [dead, live] = await written(2, smtp.url);
  const [activityOwned] = await written(1, smtp.url, false);
  await db
    .updateTable('notifications')
    .set({ status: 'sending', claimed_by: 'dead-worker', claimed_until: sql`now() - interval '1 second'` })
    .where('key', '=', dead!)
    .execute();
  await db
    .updateTable('notifications')
    .set({ status: 'sending', claimed_by: 'live-worker', claimed_until: sql`now() + interval '1 hour'` })
    .where('key', '=', live!)
    .execute();
  const d = dispatcher(smtp.url);

  await waitUntil(
    'the dead lease taken over and its row sent',
    () => rowsOf([dead!]).then((rs) => rs[0]!),
    (r) => r.status === 'sent',
  );
  // A few more rounds of the loop find nothing else to take.
  d.wake();
  await new Promise((r) => setTimeout(r, 500));
  const byKey = new Map((await rowsOf([activityOwned!, dead!, live!])).map((r) => [r.key, r]));
  const [activityRow, deadRow, liveRow] = [byKey.get(activityOwned!), byKey.get(dead!), byKey.get(live!)];
  expect(deadRow).toMatchObject({ status: 'sent', attempts: 1 });
  expect(liveRow).toMatchObject({ status: 'sending', claimed_by: 'live-worker' });
  expect(activityRow).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: null });
  expect(smtp.received.map(keyOf)).toEqual([dead]);
});

test('a permanent refusal is recorded as failed and not tried again', async () => {
  const smtp = await listener(undefined, { answer: () => ({ code: 550, message: 'mailbox unavailable' }) });
  const [key] = await written(1, smtp.url);
  dispatcher(smtp.url);
  const row = await waitUntil(
    'the refusal recorded',
    () => rowsOf([key!]).then((rs) => rs[0]!),
    (r) => r.status === 'failed',
  );
  await new Promise((r) => setTimeout(r, 500));
  const [after] = await rowsOf([key!]);
  expect(after).toMatchObject({ status: 'failed', attempts: row.attempts });
  expect(after!.last_error).toMatch(/550/);
});

test('the wait between tries doubles from 1 s and stops at 5 min', () => {
  expect([1, 2, 3, 4, 9, 10, 20].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 256, 300, 300]);
});
