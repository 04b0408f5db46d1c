// The activities the task workflow calls, each with the timeouts and retries its job needs.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

// The read model is written in order, one batch at a time, by a regular activity after the workflow task that made
// the events commits; an Update's caller records what the answer carries meanwhile (see definitions.ts). Runs
// of the 2026-11-30 generation used a second route while an Update waited: a local activity inside the workflow
// task, each write fenced by an epoch that grows with each attempt (a worker killed before the commit leaves
// rows the retried task may number differently). Those runs keep it on replay; new runs never take it.
export const store = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
export const storeInTask = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
export const calendar = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});
// Delivery retries as long as SMTP is down: a late email is acceptable, a dropped one is not.
export const mail = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
