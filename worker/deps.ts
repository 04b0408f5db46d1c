// Builds the activities' dependencies from configuration: the database and the mailer.
import type { ActivityDeps } from '../activities';
import { createMailer } from '../activities/notifications/mailer';
import { createDb } from '../db/connect';
import type { Config } from './config';

/** `smtpUrl` defaults to SMTP_URL, else the embedded mail catcher's port on loopback. */
export function buildDeps(config: Config, databaseUrl = config.database.url, smtpUrl?: string): ActivityDeps {
  return {
    db: createDb(databaseUrl),
    mailer: createMailer({
      smtpUrl: smtpUrl ?? config.mail.smtpUrl ?? `smtp://127.0.0.1:${config.mail.catcherPort}`,
      rejectUnauthorized: config.mail.rejectUnauthorized,
      from: config.mail.from,
      publicUrl: config.http.publicUrl,
    }),
  };
}
