// P4: resident memory of a worker process holding open workflows, read from /proc/<pid>/status: the task
// worker (worker/main.ts) with the task population, and the baseline worker with as many idle workflows.
import type { BenchEnv } from './environment';
import { forEachLimit, sleep } from './pool';
import { cpuSeconds, rssMiB } from './processes';

/** Samples a process's RSS every second; `stop` returns the highest and the last sample (MiB). */
export function sampleRss(pid: number): { stop(): { peak: number; last: number } } {
  let peak = 0;
  let last = 0;
  const read = () => {
    try {
      last = rssMiB(pid);
      peak = Math.max(peak, last);
    } catch {
      // the process has exited
    }
  };
  read();
  const timer = setInterval(read, 1000);
  return {
    stop() {
      clearInterval(timer);
      read();
      return { peak, last };
    },
  };
}

/** Waits until `pid` has used under 3% of a core for 2 s in a row (its task queue drained). */
export async function waitIdle(pid: number, timeoutMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  let before = cpuSeconds(pid);
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still busy after ${timeoutMs} ms`);
    await sleep(1000);
    const now = cpuSeconds(pid);
    quiet = now - before < 0.03 ? quiet + 1 : 0;
    before = now;
  }
}

/** The baseline: a fresh baseline worker, `n` idle workflows started and run once, then its RSS. */
export async function baselineRss(
  env: BenchEnv,
  n: number,
  concurrency: number,
  settleMs: number,
): Promise<{ rss: number; peak: number }> {
  await env.restartBaselineWorker();
  const sampler = sampleRss(env.baselineWorker.pid);
  const ids = Array.from({ length: n }, (_, i) => `idle-p4-${i}`);
  await forEachLimit(ids, concurrency, async (workflowId) => {
    await env.temporal.client.workflow.start('idleWorkflow', {
      workflowId,
      taskQueue: env.baselineQueue,
      args: [],
    });
  });
  await waitIdle(env.baselineWorker.pid);
  await sleep(settleMs);
  const { peak, last } = sampler.stop();
  return { rss: last, peak };
}
