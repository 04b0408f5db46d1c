// The baseline's one activity: an email straight to SMTP with the same transport settings as duban's mailer.
import { createTransport } from '../../../activities/notifications/mailer';

export const createBaselineActivities = (smtpUrl: string) => {
  const transport = createTransport(smtpUrl);
  return {
    async sendRawMail(key: string): Promise<void> {
      await transport.sendMail({
        from: 'bench@example.org',
        to: 'baseline@example.org',
        subject: `baseline ${key}`,
        text: key,
        headers: { 'X-Duban-Key': key },
      });
    },
  };
};
