// The mailbox (邮件): what the embedded mail catcher received and what the outbox holds. Office only:
// the messages name every department's people.
import {
  getCaughtMail,
  listCaughtMail,
  type CaughtMail,
  type CaughtMailDetail,
} from '../../db/queries/caught-mail';
import { listOutbox, type OutboxEntry } from '../../db/queries/outbox';
import { requireRole } from './access';
import type { ServiceDeps } from './deps';
import { notFound } from './errors';
import type { Principal } from './principal';

const READ_MAIL = { zh: '查看邮件', en: 'read the mailbox' };

export async function mailboxFor(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  options: { limit?: number; taskId?: string } = {},
): Promise<{ caught: CaughtMail[]; outbox: OutboxEntry[] }> {
  requireRole(p, ['office'], READ_MAIL);
  const [caught, outbox] = await Promise.all([
    listCaughtMail(deps.db, options),
    listOutbox(deps.db, options),
  ]);
  return { caught, outbox };
}

/** One caught message by catcher id (digits) or Message-ID. */
export async function caughtMailFor(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  id: string,
): Promise<CaughtMailDetail> {
  requireRole(p, ['office'], READ_MAIL);
  const mail = id.length <= 300 ? await getCaughtMail(deps.db, id) : undefined;
  if (!mail) throw notFound({ zh: '邮件', en: 'message' }, id.slice(0, 100));
  return mail;
}
