// Mailing an issued 督查通报: one message per address (a leader in charge of three units gets one), each with
// the issued PDF attached, through the outbox, so a retry, a second issue or a restarted worker never sends an
// address the same bulletin twice. The recipients are every unit the bulletin names and their leaders in charge.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/connect';
import { getBulletin, type Bulletin } from '../db/queries/bulletins';
import { findOutbox, insertOutbox } from './notifications/outbox';
import type { Mailer } from './notifications/mailer';
import { messageIdFor } from './notifications/message-id';
import { deliver, type NotificationResult } from './notifications/send-notification';
import { html } from './notifications/templates/html';
import { isMailbox, oneLine } from './notifications/text-safety';

export interface BulletinRecipient {
  address: string;
  /** For the salutation: the unit's name, or the leader's name and the units they are in charge of. */
  name: string;
}

export interface BulletinRef {
  planYear: number;
  number: number;
}

const refOf = (b: BulletinRef) => `${b.planYear}-${b.number}`;

async function issued(db: Db, ref: BulletinRef): Promise<Bulletin> {
  const b = await getBulletin(db, ref.planYear, ref.number);
  if (!b || b.status !== 'issued')
    throw ApplicationFailure.nonRetryable(`bulletin ${refOf(ref)} is not issued`, 'BulletinNotIssued');
  return b;
}

/** The units the bulletin names (its unit table and its praise and criticism lists), by code. */
const unitsNamed = (b: Bulletin) =>
  new Set([...b.figures.units, ...b.praise, ...b.criticism].map((u) => u.code));

/** Each unit's contact and each leader in charge, one entry per address; units without an address are skipped. */
export async function bulletinRecipients(db: Db, ref: BulletinRef): Promise<BulletinRecipient[]> {
  const b = await issued(db, ref);
  const codes = [...unitsNamed(b)];
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('departments')
    .select(['code', 'name', 'contact_email', 'leader_name', 'leader_email'])
    .where('code', 'in', codes)
    .orderBy('code')
    .execute();
  const byAddress = new Map<string, { name: string; units: string[] }>();
  const add = (address: string | null, name: string, unit?: string) => {
    if (!address || !isMailbox(address)) return;
    const key = address.trim().toLowerCase();
    const entry = byAddress.get(key) ?? { name, units: [] };
    if (unit) entry.units.push(unit);
    byAddress.set(key, entry);
  };
  for (const r of rows) add(r.contact_email, r.name);
  for (const r of rows) add(r.leader_email, r.leader_name ?? '分管领导', r.name);
  return [...byAddress].map(([address, e]) => ({
    address,
    name: e.units.length ? `${e.name}（分管${e.units.join('、')}）` : e.name,
  }));
}

/** The outbox key of one address's copy of one bulletin. */
export const bulletinMailKey = (ref: BulletinRef, address: string) =>
  `bulletin:${refOf(ref)}:${address.trim().toLowerCase()}`;

/** Sends one address its copy (stored in the outbox first, sent once whatever the retries). */
export async function sendBulletinMail(
  deps: { db: Db; mailer: Mailer },
  input: { bulletin: BulletinRef; recipient: BulletinRecipient },
): Promise<NotificationResult> {
  const { db, mailer } = deps;
  const key = bulletinMailKey(input.bulletin, input.recipient.address);
  const row =
    (await findOutbox(db, key)) ??
    (await insertOutbox(db, {
      key,
      taskId: null,
      kind: 'bulletin',
      messageId: messageIdFor(key, mailer.from.address),
      draft: letterOf(await issued(db, input.bulletin), input.recipient, mailer),
      attachments: [
        {
          filename: `督查通报${input.bulletin.planYear}年第${input.bulletin.number}期.pdf`,
          contentType: 'application/pdf',
          bulletin: { ...input.bulletin, format: 'pdf' },
        },
      ],
    }));
  return deliver(deps, row);
}

function letterOf(b: Bulletin, to: BulletinRecipient, mailer: Mailer) {
  const month = Number(b.period.slice(5, 7));
  const title = `督查通报${b.planYear}年第${b.number}期`;
  const about = `${b.planYear}年${month}月份重点工作推进情况`;
  const url = `${mailer.publicUrl.replace(/\/+$/, '')}/bulletins/${b.planYear}/${b.number}`;
  const correction = b.corrects === null ? '' : `（本期为第${b.corrects}期的更正）`;
  const lines = [
    `${oneLine(to.name, 120)}：`,
    `现将《${title}》（${about}）${correction}印发给你们，全文见附件 PDF，请认真对照，抓好落实。`,
    `在线查看：${url}`,
    oneLine(mailer.from.name, 60),
  ];
  return {
    to: [to.address],
    cc: [],
    subject: `【督查通报】${title}：${about}`,
    text: lines.join('\n\n'),
    html: html`<p>${lines[0]}</p>
      <p>${lines[1]}</p>
      <p><a href="${url}">在线查看</a></p>
      <p>${lines[3]}</p>`.toString(),
    missing: [],
  };
}
