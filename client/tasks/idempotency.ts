// What makes a write a repeat: its request id, scoped to the caller, and a fingerprint of what it asks for.
// Computed here (Node's crypto) and carried in the message; the workflow remembers both for the task's life.
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { Actor, Idempotency, Message } from '../../workflows/definitions';

// 128 bits of SHA-256, base64url: short enough to remember for a whole year of writes, no collisions in practice.
const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * The key of a request id: the caller's role, unit and person (a token, or the name the CLI acts as) with the id.
 * Another caller's id — guessed, seen in a trail, or reused by accident — is another key: it never meets this one.
 */
export function requestKey(actor: Actor, caller: string | undefined, requestId: string): string {
  return digest(
    ['key', actor.role, actor.department ?? '', caller ?? actor.name ?? '', requestId].join('\u0000'),
  );
}

/** What the request asks for: the Update's name and its input without the envelope (canonical JSON). */
export function requestFingerprint(update: string, input: Message & object): string {
  const { requestId: _id, actor: _actor, idempotency: _idem, ...body } = input;
  return digest(`fingerprint\u0000${update}\u0000${stringify(body) ?? ''}`);
}

/** The message with its idempotency filled in (a message that carries one already is left as it is). */
export function withIdempotency<I extends Message>(update: string, input: I, caller?: string): I {
  if (input.idempotency) return input;
  const idempotency: Idempotency = {
    key: requestKey(input.actor, caller, input.requestId),
    fingerprint: requestFingerprint(update, input),
  };
  return { ...input, idempotency };
}
