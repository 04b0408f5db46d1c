// The embedded development mail catcher: a real SMTP listener on loopback that stores what it receives in
// Postgres (caught_mail), so the dashboard and `duban mail list` can show it. Used when SMTP_URL is not set.
import type { AddressInfo } from 'node:net';
import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../db/connect';

export interface MailCatcher {
  port: number;
  url: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** A header as readable text: addresses as written, dates in ISO, structured values as their main value. */
function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ');
  if (value && typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('value' in value && typeof value.value === 'string') return value.value;
  }
  return String(value);
}

// Postgres text cannot hold NUL; a message carrying one must still be stored, not refused forever.
const noNul = (s: string) => s.replaceAll('\u0000', '');

function rowOf(mail: ParsedMail, session: SMTPServerSession, raw: string) {
  const headers = Object.fromEntries([...mail.headers].map(([k, v]) => [k, noNul(headerText(v))]));
  return {
    message_id: mail.messageId ?? null,
    envelope_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
    envelope_to: session.envelope.rcptTo.map((r) => r.address),
    subject: mail.subject === undefined ? null : noNul(mail.subject),
    text_body: mail.text === undefined ? null : noNul(mail.text),
    html_body: typeof mail.html === 'string' ? noNul(mail.html) : null,
    headers: JSON.stringify(headers),
    raw: noNul(raw),
  };
}

/** Listens on 127.0.0.1:`port` and stores each message; a storage failure answers 451 so the sender retries. */
export async function startMailCatcher(db: Db, port: number): Promise<MailCatcher> {
  const store = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw Object.assign(new Error('message too large'), { responseCode: 552 });
    const raw = Buffer.concat(chunks).toString('utf8');
    const mail = await simpleParser(raw);
    try {
      await db
        .insertInto('caught_mail')
        .values(rowOf(mail, session, raw))
        .execute();
    } catch (err) {
      throw Object.assign(new Error(`cannot store message: ${(err as Error).message}`, { cause: err }), {
        responseCode: 451,
      });
    }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onData(stream, session, callback) {
      store(stream, session).then(
        () => callback(),
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that drops mid-session must not take the process down.
  server.on('error', () => undefined);
  // Port 0 asks the system for a free port: report the one actually bound.
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
