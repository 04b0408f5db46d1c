// A lean SMTP listener for the bench: records when each message was accepted, by its X-Duban-Key header.
// The time is taken as the 250 reply goes out, before any parsing, so the listener adds no lag of its own.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface MailProbe {
  url: string;
  /** Acceptance time (epoch ms) by idempotency key; a key seen twice keeps its first time. */
  accepted: Map<string, number>;
  /** Messages that carried the same key again (must stay 0: at most one email per key). */
  duplicates: number;
  /** Resolves when every key in `keys` has been accepted; rejects with the missing count after `timeoutMs`. */
  waitFor(keys: Iterable<string>, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const KEY_HEADER = /^x-duban-key:[ \t]*(.*)$/im;

/** The X-Duban-Key of a raw message (folded header lines unfolded), or undefined. */
export function dubanKeyOf(raw: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = (end >= 0 ? raw.slice(0, end) : raw).replace(/\r?\n[ \t]+/g, ' ');
  return KEY_HEADER.exec(head)?.[1]?.trim();
}

export async function startMailProbe(): Promise<MailProbe> {
  const accepted = new Map<string, number>();
  const probe = { duplicates: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const at = Date.now();
        const key = dubanKeyOf(Buffer.concat(chunks).toString('utf8'));
        if (key !== undefined) {
          if (accepted.has(key)) probe.duplicates += 1;
          else accepted.set(key, at);
        }
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    get duplicates() {
      return probe.duplicates;
    },
    async waitFor(keys, timeoutMs) {
      const wanted = [...keys];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const missing = wanted.filter((k) => !accepted.has(k)).length;
        if (missing === 0) return;
        if (Date.now() > deadline)
          throw new Error(`${missing} of ${wanted.length} emails not accepted in time`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
