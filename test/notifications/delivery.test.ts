// Delivery through the real task workflow and Temporal worker (the outbox dispatcher for the clock's mail, activity
// retries for an input's): a refused DATA is retried and delivered once; an SMTP server down while a ladder climbs
// gets every pending message exactly once.
import type { ParsedMail } from 'mailparser';
import type { Db } from '../../db/connect';
import { makeClock, planInstant } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertDepartments, insertPolicy, insertTask, seedPolicy } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { fastClock, harness, office } from '../support/task-harness';
import { startTemporalKit, type TemporalKit } from '../support/temporal';
import { mailerFor } from './notices';

let tdb: TestDatabase;
let db: Db;
let kit: TemporalKit;
let h: ReturnType<typeof harness>;
// The worker's mailer always points here; each test decides what (if anything) listens.
let port: number;
let smtp: SmtpListener | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  await insertDepartments(db);
  await insertPolicy(db, seedPolicy('default'));
  port = await freePort();
  kit = await startTemporalKit({ db, mailer: mailerFor(`smtp://127.0.0.1:${port}`) });
  h = harness(db, kit);
});

afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

afterAll(async () => {
  await kit?.close();
  await tdb?.drop();
});

const keyOf = (m: ParsedMail) => m.headers.get('x-duban-key') as string;
const outbox = (taskId: string) =>
  db.selectFrom('notifications').selectAll().where('task_id', '=', taskId).orderBy('key').execute();

test('a refused first DATA is tried again, and the message arrives once', async () => {
  smtp = await startSmtpListener(port, {
    answer: (n) => (n === 1 ? { code: 451, message: 'greylisted' } : undefined),
  });
  await insertTask(db, { id: 'dl-1' });
  await h.start('dl-1', makeClock(planInstant('2023-01-03', '09:00'), Date.now(), 1));
  const key = 'task-dl-1:assign:-:0';

  const row = await h.until(
    `${key} sent`,
    () => db.selectFrom('notifications').selectAll().where('key', '=', key).executeTakeFirstOrThrow(),
    (r) => r.status === 'sent',
    { show: (r) => `${r.status}, ${r.attempts} attempt(s), last error ${r.last_error}` },
  );
  expect(row).toMatchObject({ attempts: 2, status: 'sent' });
  expect(row.last_error).toMatch(/451 greylisted/);
  expect(smtp.received.map((m) => keyOf(m.parsed))).toEqual([key]);
  expect(smtp.received[0]!.parsed.messageId).toBe(row.message_id);

  await h.update('dl-1', d.cancelUpdate, { actor: office, reason: '测试结束' });
  await h.handle('dl-1').result();
  // Once each: the assignment, and the cancellation the workflow waited for before it finished.
  expect(smtp.received.map((m) => keyOf(m.parsed))).toEqual([key, 'task-dl-1:cancel:-:0']);
});

test('SMTP down while the ladder climbs: the workflow goes on, and every pending message arrives exactly once', async () => {
  await insertTask(db, { id: 'dl-2' });
  // One plan day = 150 ms: the acknowledgement ladder (levels 1–4) climbs in about 2.5 s.
  await h.start('dl-2', fastClock('2023-01-03T09:00:00+08:00', 150));

  const climbed = await h.stateUntil('dl-2', 'the acknowledgement ladder at level 4', (s) =>
    s.escalations.some((e) => e.reason === 'ack' && e.level === 4),
  );
  // (Read late on a busy machine, January's missed report may have started a ladder of its own.)
  expect(climbed.escalations.filter((e) => e.reason === 'ack').map((e) => e.level)).toEqual([1, 2, 3, 4]);

  // The workflow still answers while its emails wait: an Update goes through with no SMTP server at all (had it
  // waited for its emails, it would never return), and asks for one more.
  const instructed = await h.update('dl-2', d.instructUpdate, {
    actor: { role: 'leader', name: '李市长' },
    text: '尽快签收并启动。',
  });
  const asked = ['task-dl-2:assign:-:0', ...instructed.escalations.map((e) => e.key)];

  const waiting = await h.until(
    'dl-2: the assignment, every escalation and the instruction tried and failed at least once',
    () => outbox('dl-2'),
    (rows) =>
      asked.every((k) => rows.some((r) => r.key === k)) &&
      rows.some((r) => r.kind === 'instruction') &&
      // A failed attempt is on record once its error is (the attempt count goes up when it starts).
      rows.every((r) => r.last_error !== null),
    { show: (rows) => rows.map((r) => `${r.key}:${r.status}:${r.attempts}`).join(', ') },
  );
  expect(waiting.map((r) => r.status)).not.toContain('sent');
  for (const r of waiting) expect(r.last_error).toMatch(/ECONNREFUSED/);

  smtp = await startSmtpListener(port);
  await h.update('dl-2', d.cancelUpdate, { actor: office, reason: '测试结束' });
  // The workflow finishes once its last email is in hand: the instruction and cancellation sent by their
  // activities, the clock's mail (assignment, escalations) written to the outbox for the dispatcher to send.
  const final = (await h.handle('dl-2').result()) as TaskState;

  const rows = await h.until(
    'dl-2: every message in the outbox sent once SMTP is back',
    () => outbox('dl-2'),
    (all) => all.length > 0 && all.every((r) => r.status === 'sent'),
    {
      show: (all) => all.map((r) => `${r.key}:${r.status}:${r.attempts}`).join(', '),
      timeoutMs: 10 * 60_000,
    },
  );
  const expected = [
    'task-dl-2:assign:-:0',
    'task-dl-2:cancel:-:0',
    ...final.escalations.map((e) => e.key),
    ...rows.filter((r) => r.kind === 'instruction').map((r) => r.key),
  ];
  expect(rows.map((r) => r.key).sort()).toEqual([...expected].sort());
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThanOrEqual(2);

  // Exactly once each: no key twice, none missing, each with its own Message-ID.
  const received = smtp.received.map((m) => keyOf(m.parsed)).sort();
  expect(received).toEqual([...expected].sort());
  expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(expected.length);
  const byKey = new Map(rows.map((r) => [r.key, r.message_id]));
  for (const m of smtp.received) expect(m.parsed.messageId).toBe(byKey.get(keyOf(m.parsed)));
});

test('the clock’s mail (the assignment, the escalations) is written with its events and sent by the dispatcher; an input’s mail keeps its activity', async () => {
  smtp = await startSmtpListener(port);
  await insertTask(db, { id: 'dl-3' });
  await h.start('dl-3', fastClock('2023-01-03T09:00:00+08:00', 150));
  await h.stateUntil('dl-3', 'the acknowledgement ladder at level 2', (s) =>
    s.escalations.some((e) => e.reason === 'ack' && e.level === 2),
  );
  await h.update('dl-3', d.cancelUpdate, { actor: office, reason: '测试结束' });
  const final = (await h.handle('dl-3').result()) as TaskState;

  const clockKeys = ['task-dl-3:assign:-:0', ...final.escalations.map((e) => e.key)];
  const rows = await h.until(
    'dl-3: the assignment, every escalation and the cancellation sent',
    () => outbox('dl-3'),
    (all) => all.length === clockKeys.length + 1 && all.every((r) => r.status === 'sent'),
    { show: (all) => all.map((r) => `${r.key}:${r.status}`).join(', ') },
  );
  // The dispatcher's rows are the clock's; the cancellation's row is its activity's.
  const dispatched = rows.filter((r) => r.next_attempt_at !== null).map((r) => r.key);
  expect(dispatched.sort()).toEqual([...clockKeys].sort());
  const history = await h.handle('dl-3').fetchHistory();
  const mailActivities = (history.events ?? []).filter(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotification',
  );
  expect(mailActivities).toHaveLength(1);
  const received = smtp.received.map((m) => keyOf(m.parsed)).sort();
  expect(received).toEqual([...clockKeys, 'task-dl-3:cancel:-:0'].sort());
});
