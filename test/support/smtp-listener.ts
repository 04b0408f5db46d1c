// A real SMTP listener on loopback (smtp-server) that keeps what it receives, parsed, for assertions.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port';
import { waitUntil } from './wait';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpListener {
  port: number;
  url: string;
  received: ReceivedMail[];
  /**
   * Resolves with everything received once at least `n` messages are in; rejects after `timeoutMs` (default:
   * the suite's wait bound, test/support/wait.ts) naming how many it waited for and the keys it had.
   */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A scripted reply to the n-th DATA (1-based): undefined accepts; a code refuses (4xx transient, 5xx permanent). */
export type DataAnswer =
  | { code: number; message: string; /** keep the message anyway: "accepted, answer lost" */ keep?: boolean }
  | undefined;

export interface SmtpListenerOptions {
  answer?: (n: number) => DataAnswer;
  /** Runs after the n-th message is in and before the listener answers it (to break something in between). */
  beforeAnswer?: (n: number) => Promise<void>;
}

export async function startSmtpListener(
  port?: number,
  options: SmtpListenerOptions = {},
): Promise<SmtpListener> {
  const received: ReceivedMail[] = [];
  let dataCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (parsed) => {
            const n = ++dataCount;
            await options.beforeAnswer?.(n);
            const answer = options.answer?.(n);
            if (!answer || answer.keep) {
              received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            }
            if (!answer) callback();
            else callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
          })
          .catch(callback);
      });
    },
  });
  // A client that drops mid-session must not crash the test process.
  server.on('error', () => undefined);
  const listenPort = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  return {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}`,
    received,
    waitFor: (n, timeoutMs) =>
      waitUntil(
        `${n} message(s) at the SMTP listener on port ${listenPort}`,
        async () => received,
        (all) => all.length >= n,
        {
          timeoutMs,
          everyMs: 50,
          show: (all) =>
            `${all.length} message(s): ${all.map((m) => m.parsed.headers.get('x-duban-key') ?? m.parsed.subject).join(', ')}`,
        },
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
