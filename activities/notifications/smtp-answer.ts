// Reading nodemailer's answers and errors: what to record, and whether a retry could ever help.
import { oneLine } from './text-safety';

interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** One line for the outbox: code, SMTP reply and message. */
export function describeSmtpError(err: unknown): string {
  const e = (err ?? {}) as SmtpErrorLike;
  const reply = e.response ?? e.message;
  // nodemailer's `response` usually starts with the code already: '451 greylisted'.
  const code =
    e.responseCode !== undefined && !reply?.startsWith(String(e.responseCode)) ? e.responseCode : undefined;
  const parts = [e.code, code, reply].filter((p) => p !== undefined && p !== '');
  return oneLine(parts.length ? parts.join(' ') : String(err), 500);
}

/**
 * A 5xx reply to the recipients or to the message itself will be the same reply next time: stop and record.
 * Everything else (no connection, timeouts, 4xx, authentication) may heal, so the activity retries.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  const e = (err ?? {}) as SmtpErrorLike;
  return (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && (e.responseCode ?? 0) >= 500;
}

/** The SMTP answer to record: the final reply, and any recipients the server refused. */
export function smtpSummary(info: { response?: string; rejected?: unknown[] }): string {
  const rejected = (info.rejected ?? []).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
  return oneLine(
    `${info.response ?? ''}${rejected.length ? `; rejected: ${rejected.join(', ')}` : ''}`,
    1000,
  );
}
