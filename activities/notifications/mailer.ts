// The SMTP side of notifications: a nodemailer transport and the sender identity.
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mailer {
  transport: Transporter;
  from: { address: string; name: string };
  /** Base URL of the dashboard, for links in emails. */
  publicUrl: string;
}

/**
 * A transport to `smtpUrl` (smtp:// with STARTTLS when offered, smtps:// for implicit TLS; credentials in
 * the URL) that fails fast when the server is down, so the activity retries rather than hangs.
 */
export function createTransport(
  smtpUrl: string,
  options: { rejectUnauthorized?: boolean } = {},
): Transporter {
  return nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
    tls: { rejectUnauthorized: options.rejectUnauthorized ?? true },
  } as never);
}

export interface MailerOptions {
  /** The relay, or the embedded catcher's URL when SMTP_URL is not set. */
  smtpUrl: string;
  rejectUnauthorized?: boolean;
  from: { address: string; name: string };
  publicUrl: string;
}

/** The mailer the worker passes to the activities (config.mail plus the relay or catcher URL). */
export function createMailer(options: MailerOptions): Mailer {
  return {
    transport: createTransport(options.smtpUrl, { rejectUnauthorized: options.rejectUnauthorized }),
    from: options.from,
    publicUrl: options.publicUrl,
  };
}
