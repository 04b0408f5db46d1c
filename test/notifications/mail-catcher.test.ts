// The embedded development mail catcher: a real SMTP listener that stores what it receives in Postgres,
// and the queries behind `duban mail list` / `mail show` / `mail outbox`.
import { sendNotification } from '../../activities/notifications/send-notification';
import type { Db } from '../../db/connect';
import { getCaughtMail, listCaughtMail } from '../../db/queries/caught-mail';
import { listOutbox } from '../../db/queries/outbox';
import { startMailCatcher, type MailCatcher } from '../../worker/mail-catcher';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertDepartments, insertTask } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { FROM, mailerFor, noticeOf } from './notices';

let tdb: TestDatabase;
let db: Db;
let catcher: MailCatcher;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  catcher = await startMailCatcher(db, await freePort());
  await insertDepartments(db);
  await insertTask(db, { id: 'mc-1' });
  await insertTask(db, { id: 'mc-2', title: '城市更新行动' });
});

afterAll(async () => {
  await catcher?.close();
  await tdb?.drop();
});

test('caught mail is stored in Postgres and listed newest first, with its key and task', async () => {
  const deps = { db, mailer: mailerFor(catcher.url) };
  const urge = noticeOf('urge', 'mc-1');
  const supervise = noticeOf('supervise', 'mc-1');
  const other = noticeOf('assignment', 'mc-2');
  for (const n of [urge, supervise, other])
    expect(await sendNotification(deps, n)).toMatchObject({ status: 'sent' });

  const rows = await db.selectFrom('caught_mail').selectAll().orderBy('id').execute();
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatchObject({
    envelope_from: FROM.address,
    envelope_to: ['jtj.head@example.org'],
    subject: '【催办】关于“道路畅达工程”2023年6月进度报告逾期的通知',
  });
  expect(rows[0]!.text_body).toContain('现予催办');
  expect(rows[0]!.html_body).toContain('<a href="http://duban.test/tasks/mc-1">');
  expect(rows[0]!.headers).toMatchObject({ to: 'jtj.head@example.org', 'x-duban-key': urge.key });
  expect(rows[0]!.raw).toMatch(/^Message-ID: <[0-9a-f]{32}@example\.org>$/m);

  const all = await listCaughtMail(db);
  expect(all.map((m) => m.key)).toEqual([other.key, supervise.key, urge.key]);
  const forTask = await listCaughtMail(db, { taskId: 'mc-1', limit: 1 });
  expect(forTask).toEqual([
    {
      id: expect.any(String),
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      messageId: expect.stringMatching(/^<[0-9a-f]{32}@example\.org>$/),
      key: supervise.key,
      taskId: 'mc-1',
      from: `"${FROM.name}" <${FROM.address}>`,
      to: 'jtj.leader@example.org',
      cc: 'dcs.contact@example.org',
      envelopeTo: ['jtj.leader@example.org', 'dcs.contact@example.org'],
      subject: '【督办】关于“道路畅达工程”逾期未办结的通知',
    },
  ]);
  // What `duban mail list --format json` prints is this list as JSON.
  expect(JSON.parse(JSON.stringify(forTask))).toEqual(forTask);

  const shown = await getCaughtMail(db, forTask[0]!.messageId!);
  expect(shown).toMatchObject({ key: supervise.key, subject: forTask[0]!.subject });
  expect(shown!.text).toContain('三级 督办');
  expect(await getCaughtMail(db, forTask[0]!.id)).toMatchObject({ key: supervise.key });
  expect(await getCaughtMail(db, '999999')).toBeUndefined();
});

test('the outbox lists delivery state per key', async () => {
  const down = { db, mailer: mailerFor(`smtp://127.0.0.1:${await freePort()}`) };
  const waiting = noticeOf('rejection', 'mc-2');
  await expect(sendNotification(down, waiting)).rejects.toThrow();

  const pending = await listOutbox(db, { status: 'pending' });
  expect(pending).toEqual([
    expect.objectContaining({
      key: waiting.key,
      taskId: 'mc-2',
      kind: 'rejection',
      status: 'pending',
      attempts: 1,
      to: ['jtj.contact@example.org'],
      lastError: expect.stringMatching(/ECONNREFUSED/),
      sentAt: null,
    }),
  ]);
  const sent = await listOutbox(db, { taskId: 'mc-1' });
  // Newest first: the urge was asked for before the supervision.
  expect(sent.map((e) => [e.kind, e.status, e.attempts])).toEqual([
    ['supervise', 'sent', 1],
    ['urge', 'sent', 1],
  ]);
  expect(sent[0]!.smtpResponse).toMatch(/^250/);
});

test('a message the store cannot take is refused with 451, so the sender keeps it and retries', async () => {
  const broken = await startMailCatcher(tdb.db.withSchema('no_such_schema') as unknown as Db, 0);
  try {
    const notice = noticeOf('instruction', 'mc-2');
    await expect(sendNotification({ db, mailer: mailerFor(broken.url) }, notice)).rejects.toThrow(/451/);
    expect((await listOutbox(db, { status: 'pending' })).map((e) => e.key)).toContain(notice.key);
  } finally {
    await broken.close();
  }
});
