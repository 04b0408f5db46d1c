// The outbox's promise, called as the activity is (directly, attempt after attempt) against real SMTP
// listeners: one key, one delivered message; SMTP down delays and never drops; what cannot be sent is recorded.
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import pg from 'pg';
import { sendNotification } from '../../activities/notifications/send-notification';
import type { Db } from '../../db/connect';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertDepartments, insertTask } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { mailerFor, noticeOf } from './notices';

let tdb: TestDatabase;
let db: Db;
const open: SmtpListener[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  await insertDepartments(db);
});

afterAll(async () => {
  for (const l of open) await l.close();
  await tdb?.drop();
});

async function listener(...args: Parameters<typeof startSmtpListener>): Promise<SmtpListener> {
  const l = await startSmtpListener(...args);
  open.push(l);
  return l;
}

let n = 0;
/** A fresh task per test, so keys never collide across tests. */
async function task(): Promise<string> {
  const id = `ob-${++n}`;
  await insertTask(db, { id });
  return id;
}

const row = (key: string) =>
  db.selectFrom('notifications').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
/**
 * Waits out a non-event: a second copy that must not arrive. (A copy that does arrive is in `received` before
 * the listener answers, so an attempt that returned has already delivered whatever it delivered; this only
 * gives a stray connection a moment.)
 */
const settle = () => new Promise((r) => setTimeout(r, 300));

test('the same key sent twice is delivered once', async () => {
  const smtp = await listener();
  const notice = noticeOf('urge', await task());
  const deps = { db, mailer: mailerFor(smtp.url) };
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'sent' });
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'already_sent' });
  await settle();
  expect(smtp.received).toHaveLength(1);
  expect(await row(notice.key)).toMatchObject({ status: 'sent', attempts: 1, claimed_by: null });
});

test('concurrent attempts for one key deliver once: the lease lets one send, the others retry later', async () => {
  const smtp = await listener();
  const notice = noticeOf('supervise', await task());
  const deps = { db, mailer: mailerFor(smtp.url) };
  const results = await Promise.allSettled(Array.from({ length: 6 }, () => sendNotification(deps, notice)));
  const sent = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'sent');
  const busy = results.filter((r) => r.status === 'rejected');
  expect(sent).toHaveLength(1);
  for (const r of busy)
    expect((r as PromiseRejectedResult).reason).toMatchObject({ type: 'NotificationInFlight' });
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'already_sent' });
  await settle();
  expect(smtp.received).toHaveLength(1);
});

test('SMTP down: each attempt throws and is recorded; back up: the pending message is delivered once', async () => {
  const port = await freePort();
  const notice = noticeOf('reminder', await task());
  const deps = { db, mailer: mailerFor(`smtp://127.0.0.1:${port}`) };
  await expect(sendNotification(deps, notice)).rejects.toThrow(
    /SMTP delivery of .* failed: ESOCKET connect ECONNREFUSED/,
  );
  await expect(sendNotification(deps, notice)).rejects.toThrow(/ECONNREFUSED/);
  expect(await row(notice.key)).toMatchObject({
    status: 'pending',
    attempts: 2,
    claimed_by: null,
    sent_at: null,
  });
  expect((await row(notice.key)).last_error).toMatch(/ECONNREFUSED/);

  const smtp = await listener(port);
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'sent' });
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'already_sent' });
  await settle();
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0]!.parsed.headers.get('x-duban-key')).toBe(notice.key);
  expect(await row(notice.key)).toMatchObject({ status: 'sent', attempts: 3 });
});

test('a transient 4xx answer to DATA is retried and delivered once', async () => {
  const smtp = await listener(undefined, {
    answer: (i) => (i === 1 ? { code: 451, message: 'try again later' } : undefined),
  });
  const notice = noticeOf('rejection', await task());
  const deps = { db, mailer: mailerFor(smtp.url) };
  await expect(sendNotification(deps, notice)).rejects.toThrow(/451/);
  expect(await row(notice.key)).toMatchObject({ status: 'pending', attempts: 1 });
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'sent' });
  expect(smtp.received).toHaveLength(1);
  expect((await row(notice.key)).last_error).toMatch(/EMESSAGE 451/);
});

test('accepted but the answer lost: the one repeat carries the same Message-ID', async () => {
  // The window DESIGN §4 admits: the server has the message, the sender never heard so.
  const smtp = await listener(undefined, {
    answer: (i) => (i === 1 ? { code: 451, message: 'lost', keep: true } : undefined),
  });
  const notice = noticeOf('instruction', await task());
  const deps = { db, mailer: mailerFor(smtp.url) };
  await expect(sendNotification(deps, notice)).rejects.toThrow();
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'sent' });
  expect(smtp.received).toHaveLength(2);
  const [a, b] = smtp.received.map((m) => m.parsed);
  expect(a!.messageId).toBe(b!.messageId);
  expect(a!.subject).toBe(b!.subject);
  expect(a!.text).toBe(b!.text);
});

test('accepted, then the database goes away for a moment: the attempt waits it out and records one delivery', async () => {
  // Without the wait, the attempt would fail with its lease held, and the attempt after the lease a copy.
  const name = new URL(tdb.url).pathname.slice(1);
  const adminUrl = new URL(tdb.url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  let reopened: Promise<unknown> = Promise.resolve();
  try {
    const smtp = await listener(undefined, {
      // Between the message arriving and the 250: every connection to the database cut, new ones refused.
      beforeAnswer: async () => {
        await admin.query(`alter database ${pg.escapeIdentifier(name)} allow_connections false`);
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [name],
        );
        // The outage lasts 1.5 s of real time (a duration the attempt must wait out, not a wait for a state).
        reopened = new Promise((r) => setTimeout(r, 1_500)).then(() =>
          admin.query(`alter database ${pg.escapeIdentifier(name)} allow_connections true`),
        );
      },
    });
    const notice = noticeOf('urge', await task());
    const deps = { db, mailer: mailerFor(smtp.url) };
    const started = Date.now();
    expect(await sendNotification(deps, notice)).toMatchObject({ status: 'sent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(await row(notice.key)).toMatchObject({ status: 'sent', attempts: 1, claimed_by: null });
    expect(await sendNotification(deps, notice)).toMatchObject({ status: 'already_sent' });
    await settle();
    expect(smtp.received).toHaveLength(1);
  } finally {
    await reopened;
    await admin.query(`alter database ${pg.escapeIdentifier(name)} allow_connections true`);
    await admin.end();
  }
});

test('a permanent 5xx refusal is recorded as failed and not retried', async () => {
  const smtp = await listener(undefined, { answer: () => ({ code: 554, message: 'rejected as spam' }) });
  const notice = noticeOf('completion_confirmed', await task());
  const deps = { db, mailer: mailerFor(smtp.url) };
  expect(await sendNotification(deps, notice)).toMatchObject({
    status: 'failed',
    note: expect.stringMatching(/554/),
  });
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'failed' });
  expect(await row(notice.key)).toMatchObject({ status: 'failed', attempts: 1 });
  expect((await row(notice.key)).last_error).toMatch(/^SMTP 拒收：EMESSAGE 554/);
});

describe('recipients from department data', () => {
  beforeAll(async () => {
    await db
      .insertInto('departments')
      .values([
        // No head, a leader whose address tries to smuggle a header, a contact with a valid one.
        {
          code: 'gap',
          name: '缺邮箱局',
          contact_email: 'gap.contact@example.org',
          head_email: null,
          leader_email: 'x@example.org\r\nBcc: evil@example.org',
        },
      ])
      .execute();
  });

  async function gapTask(): Promise<string> {
    const id = await task();
    await db.updateTable('tasks').set({ lead_department: 'gap' }).where('id', '=', id).execute();
    return id;
  }

  test('no usable address: a recorded failure, not a crash and not a retry', async () => {
    const smtp = await listener();
    const notice = noticeOf('urge', await gapTask());
    const deps = { db, mailer: mailerFor(smtp.url) };
    const result = await sendNotification(deps, notice);
    expect(result).toMatchObject({ status: 'failed', note: '无可用收件人：缺邮箱局 主要负责同志：无邮箱' });
    expect(await sendNotification(deps, notice)).toMatchObject({ status: 'failed' });
    expect(await row(notice.key)).toMatchObject({ status: 'failed', attempts: 0, to_addresses: [] });
    await settle();
    expect(smtp.received).toHaveLength(0);
  });

  test('some roles without a usable address: the others receive it, the missing ones are on record', async () => {
    const smtp = await listener();
    const notice = noticeOf('supervise', await gapTask());
    const result = await sendNotification({ db, mailer: mailerFor(smtp.url) }, notice);
    expect(result.status).toBe('sent');
    const r = await row(notice.key);
    // The invalid leader address is refused; the office, only copied normally, becomes the addressee.
    expect(r.to_addresses).toEqual(['dcs.contact@example.org']);
    expect(r.cc_addresses).toEqual([]);
    expect(r.missing_recipients).toEqual([
      '缺邮箱局 分管领导：邮箱无效（x@example.org Bcc: evil@example.org）',
    ]);
    expect(smtp.received[0]!.envelopeTo).toEqual(['dcs.contact@example.org']);
  });
});

test('a lease left by a dead attempt expires; a live one makes the next attempt wait', async () => {
  const smtp = await listener();
  const notice = noticeOf('assignment', await task());
  const deps = { db, mailer: mailerFor(smtp.url) };
  await expect(
    sendNotification({ db, mailer: mailerFor(`smtp://127.0.0.1:${await freePort()}`) }, notice),
  ).rejects.toThrow();
  // Another attempt holds the key right now.
  await db
    .updateTable('notifications')
    .set({ status: 'sending', claimed_by: 'other', claimed_until: sql<Date>`now() + interval '1 minute'` })
    .where('key', '=', notice.key)
    .execute();
  const busy = await sendNotification(deps, notice).catch((e: unknown) => e);
  expect(busy).toBeInstanceOf(ApplicationFailure);
  expect(busy).toMatchObject({ type: 'NotificationInFlight', nonRetryable: false });
  // That attempt died: its lease runs out, and the next attempt sends.
  await db
    .updateTable('notifications')
    .set({ claimed_until: sql<Date>`now() - interval '1 second'` })
    .where('key', '=', notice.key)
    .execute();
  expect(await sendNotification(deps, notice)).toMatchObject({ status: 'sent' });
  expect(smtp.received).toHaveLength(1);
  expect(await row(notice.key)).toMatchObject({ status: 'sent', attempts: 2, claimed_by: null });
});
