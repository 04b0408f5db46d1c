// The Message-ID of a notice, derived from its idempotency key: a repeat in the unavoidable window (SMTP
// accepted, outbox not yet updated) carries the same id, so receiving systems and people can see a duplicate.
import { createHash } from 'node:crypto';

/** `<32 hex chars@domain>`, stable for a key; the domain is the sender's. */
export function messageIdFor(key: string, senderAddress: string): string {
  const domain = /^[^@]+@([A-Za-z0-9.-]+)$/.exec(senderAddress)?.[1] ?? 'duban.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}
