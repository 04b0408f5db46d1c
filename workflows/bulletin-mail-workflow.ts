// Mails an issued 督查通报 to every address it goes to: id `bulletin-mail-<year>-<number>`, started when the
// office issues it (a second issue finds the id taken). Each address is its own activity, retried through an
// SMTP outage; the outbox key per address makes a retried or repeated send a no-op.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BulletinMailInput } from './definitions';

type Activities = ReturnType<typeof createActivities>;

const { bulletinRecipients } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// Delivery retries as long as SMTP is down: a late bulletin is acceptable, a dropped one is not.
const { sendBulletinMail } = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function bulletinMail(
  input: BulletinMailInput,
): Promise<Array<{ address: string; status: string }>> {
  const bulletin = { planYear: input.planYear, number: input.number };
  const recipients = await bulletinRecipients(bulletin);
  const results = await Promise.all(recipients.map((recipient) => sendBulletinMail({ bulletin, recipient })));
  return results.map((r, i) => ({ address: recipients[i]!.address, status: r.status }));
}
