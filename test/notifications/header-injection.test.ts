// A task title, a narrative or a department name that tries to write headers (CR/LF), to end the SMTP
// message early (a lone '.'), to open HTML, or to run on for pages: neutralised, and the message still arrives.
import type { AddressObject } from 'mailparser';
import { sendNotification } from '../../activities/notifications/send-notification';
import type { Db } from '../../db/connect';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertDepartments, insertTask } from '../support/fixtures';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener';
import { mailerFor, noticeOf } from './notices';

let tdb: TestDatabase;
let db: Db;
let smtp: SmtpListener;

const TITLE =
  '道路畅达工程\r\nBcc: evil@example.org\r\nX-Injected: yes\n\nbody starts here' + '长'.repeat(3000);
const NARRATIVE = [
  '要加快进度。\r\nBcc: evil2@example.org',
  '.',
  'MAIL FROM:<evil@example.org>',
  'RCPT TO:<evil@example.org>',
  '<script>alert(1)</script><img src=x onerror="alert(2)">',
  '超长一行：' + 'x'.repeat(20_000),
].join('\r\n');

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  smtp = await startSmtpListener();
  await insertDepartments(db);
  await insertTask(db, { id: 'inj-1', title: TITLE });
  await db
    .updateTable('tasks')
    .set({ source: '一是<b onmouseover="x">道路</b>畅达工程。\r\nSubject: forged' })
    .where('id', '=', 'inj-1')
    .execute();
  await db
    .updateTable('departments')
    .set({ name: '交通运输局\r\nX-Dept: injected' })
    .where('code', '=', 'jtj')
    .execute();
});

afterAll(async () => {
  await smtp?.close();
  await tdb?.drop();
});

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address));

test('CR/LF, dot lines, markup and long lines in a title and a narrative are neutralised', async () => {
  const notice = noticeOf('instruction', 'inj-1', { text: NARRATIVE, by: '李市长\r\nX-By: injected' });
  expect(await sendNotification({ db, mailer: mailerFor(smtp.url) }, notice)).toMatchObject({
    status: 'sent',
  });
  const [mail] = await smtp.waitFor(1);
  const { parsed, raw } = mail!;

  // One message, to the expected people only: nothing reached the envelope or the headers.
  expect(smtp.received).toHaveLength(1);
  expect(mail!.envelopeTo.sort()).toEqual(['jtj.contact@example.org', 'jtj.head@example.org']);
  expect(addresses(parsed.to)).toEqual(['jtj.contact@example.org', 'jtj.head@example.org']);
  for (const h of ['bcc', 'x-injected', 'x-dept', 'x-by']) expect(parsed.headers.has(h)).toBe(false);
  const [head] = raw.split(/\r?\n\r?\n/);
  // In the header block; the body may quote the narrative's lines, as text.
  expect(head).not.toMatch(/^(Bcc|X-Injected|X-Dept|X-By|Subject: forged)/im);

  // The subject is one line, capped, and still says what it is about.
  const subject = parsed.subject ?? '';
  expect(subject).not.toMatch(/[\r\n]/);
  expect([...subject].length).toBeLessThanOrEqual(250);
  expect(subject).toMatch(
    /^【领导批示】关于“道路畅达工程 Bcc: evil@example\.org X-Injected: yes body starts he…”的领导批示$/,
  );

  // RFC 5322: no line over 998 characters, headers folded.
  for (const line of raw.split(/\r?\n/)) expect(line.length).toBeLessThanOrEqual(998);
  for (const line of head!.split(/\r?\n/)) expect(line.length).toBeLessThanOrEqual(200);

  // The narrative arrives whole (the lone '.' did not end the message); markup is text, not HTML.
  const text = parsed.text ?? '';
  expect(text).toContain('MAIL FROM:<evil@example.org>');
  expect(text).toContain('x'.repeat(4_000));
  expect(text).not.toMatch(/\r/);
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  expect(html).toContain(
    '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;',
  );
  expect(html).toContain('一是&lt;b onmouseover=&quot;x&quot;&gt;道路&lt;/b&gt;畅达工程。');
  expect(html).not.toMatch(/<script|<img|<b /);
});
