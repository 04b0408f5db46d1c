// Raw-Temporal baselines: the least a workflow can do for each measured path. Bundled only by the
// baseline worker (never by workflows/index.ts).
import {
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { createBaselineActivities } from './activities';

const { sendRawMail } = proxyActivities<ReturnType<typeof createBaselineActivities>>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** P1: a start with nothing behind it. */
export async function noopWorkflow(): Promise<void> {
  return;
}

export const pingUpdate = defineUpdate<number, [number]>('ping');
export const stopSignal = defineSignal('stop');

/** P3: a live workflow whose Update handler does nothing but answer. */
export async function idleWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(pingUpdate, (n: number) => n);
  setHandler(stopSignal, () => void (stopped = true));
  await condition(() => stopped);
}

/** P2: a timer due at `dueAtMs` (real time), then one email carrying `key`. */
export async function timerMailWorkflow(input: { key: string; dueAtMs: number }): Promise<void> {
  await sleep(Math.max(1, input.dueAtMs - Date.now()));
  await sendRawMail(input.key);
}
