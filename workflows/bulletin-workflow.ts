// The bulletin drafter: one workflow per plan year, id `bulletins-<year>`, that drafts each month's 督查通报 once
// the month's reports are all due. It sleeps on the plan clock until a month's close, then asks the draft
// activity, which waits for every task's trail to reach the close and stores the draft at most once per month
// (a re-run, a retry or a second drafter finds the month drafted and changes nothing). Restarts lose nothing:
// the months drafted are in the history, the drafts in Postgres.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { planAt, realDelay } from './clock';
import type { BulletinDrafterInput } from './definitions';

type Activities = ReturnType<typeof createActivities>;

const { bulletinWindow } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// The draft waits (by retrying) for workflows still behind the close; it gives up waiting on its own (see the
// activity), so its retries need no cap here.
const { draftBulletin } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 1.5, maximumInterval: '30 seconds' },
});

/** 'YYYY-MM' of the month after `month`. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export async function bulletinDrafter(input: BulletinDrafterInput): Promise<string[]> {
  const drafted: string[] = [];
  for (
    let month = input.from ?? `${input.planYear}-01`;
    month <= `${input.planYear}-12`;
    month = nextMonth(month)
  ) {
    const window = await bulletinWindow({ planYear: input.planYear, period: month });
    const wait = window.closesAt - planAt(input.clock, Date.now());
    if (wait > 0) await sleep(realDelay(input.clock, wait));
    const bulletin = await draftBulletin({ planYear: input.planYear, window });
    if (bulletin) drafted.push(`${month}#${bulletin.number}`);
  }
  return drafted;
}
