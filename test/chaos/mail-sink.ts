// The chaos year's SMTP server: a real listener that keeps, per message, what the checks count (the X-Duban-Key
// and the Message-ID), closes at once when told to (SMTP down) and shrugs off clients that vanish mid-session.
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  key: string;
  messageId: string;
  /** Real instant the message was accepted. */
  at: number;
}

export interface MailSink {
  close(): Promise<void>;
}

/** The value of `name` in a raw message's header block (folded lines unfolded). */
export function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

/** Listens on 127.0.0.1:`port`, appending each accepted message to `into`. */
export async function startMailSink(port: number, into: SunkMail[]): Promise<MailSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        into.push({
          key: headerOf(raw, 'X-Duban-Key'),
          messageId: headerOf(raw, 'Message-ID'),
          at: Date.now(),
        });
        callback();
      });
    },
  });
  // A worker SIGKILLed while it talks to us resets the connection: that is the chaos, not a failure here.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
