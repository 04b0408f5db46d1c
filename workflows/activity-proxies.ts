// The activities the task workflow calls, each with the timeouts and retries its job needs.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

// The read model is written in order, one batch at a time, by one of two routes (chosen by the step that made the
// events: see step-writer.ts). For an Update, by a local activity inside the workflow task that made the events:
// the caller's answer, read model included, then takes one workflow task (a regular activity needs a second). For a
// wake or the start, by a regular activity after the task commits: a burst of due instants then never holds
// workflow tasks open on the database, which under overload turned into task timeouts and replays. A local activity
// writes before its task commits, so a worker killed before the commit leaves rows the retried task may number
// differently (the chaos year once found an input twice in a trail and another missing): every write carries an
// epoch that grows with each attempt, and the activity replaces an abandoned attempt's rows and ignores its late
// writes. Histories recorded before schedule the regular activity they had, without an epoch.
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
