// P6: what replaying a history costs per event: a worker restarted, or a workflow evicted from the sticky
// cache, replays its whole history on its next task. duban's recorded histories (test/replay/histories: every
// scenario as the current and older code wrote them) against a raw workflow's histories of the same number and
// lengths (the idle workflow answering ping Updates), replayed in this process, rounds interleaved.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { committedPart, decodeHistory, HISTORIES_DIR } from '../support/replay';
import type { BenchEnv } from './environment';
import { pingUpdate, stopSignal } from './baseline/workflows';
import { forEachLimit } from './pool';
import { median } from './stats';

type History = { workflowId: string; history: temporal.api.history.v1.IHistory };

export interface ReplayCost {
  histories: number;
  events: number;
  /** CPU of this process (every thread) per replayed event, median over the rounds. */
  cpuUsPerEvent: number;
  wallMsPerHistory: number;
}

export interface P6Run {
  rounds: number;
  duban: ReplayCost;
  baseline: ReplayCost;
  /** How long bundling the task workflow code took (every worker start does it once). */
  bundleMs: number;
}

/** Each ping Update adds five events: task scheduled, started, completed; update accepted, completed. */
const EVENTS_PER_PING = 5;

async function replayRound(
  bundle: WorkflowBundle,
  histories: History[],
): Promise<{ cpuUs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
    if (result.error) throw new Error(`P6: ${result.workflowId} did not replay: ${String(result.error)}`);
  }
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallMs: performance.now() - t };
}

/** Idle workflows answering pings until each history is as long as the duban history it stands beside. */
async function baselineHistories(env: BenchEnv, lengths: number[], run: number): Promise<History[]> {
  const client = env.temporal.client;
  const out: History[] = [];
  await forEachLimit([...lengths.entries()], 8, async ([i, length]) => {
    const handle = await client.workflow.start('idleWorkflow', {
      workflowId: `p6-r${run}-${i}`,
      taskQueue: env.baselineQueue,
      args: [],
    });
    const pings = Math.max(0, Math.round((length - 8) / EVENTS_PER_PING));
    for (let n = 0; n < pings; n++) await handle.executeUpdate(pingUpdate, { args: [n] });
    await handle.signal(stopSignal);
    await handle.result();
    out.push({ workflowId: handle.workflowId, history: await handle.fetchHistory() });
  });
  return out;
}

const eventsOf = (list: History[]) => list.reduce((n, h) => n + (h.history.events?.length ?? 0), 0);

export async function runP6(
  env: BenchEnv,
  options: { rounds: number; run: number; histories?: number },
): Promise<P6Run> {
  const duban: History[] = readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .slice(0, options.histories)
    .map((f) => decodeHistory(readFileSync(path.join(HISTORIES_DIR, f), 'utf8')))
    .map((h) => ({ ...h, history: committedPart(h.history) }));
  const baseline = await baselineHistories(
    env,
    duban.map((h) => h.history.events?.length ?? 0),
    options.run,
  );
  const t = performance.now();
  const dubanBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  const bundleMs = performance.now() - t;
  const baselineBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/workflows') });

  type Round = { cpuUs: number; wallMs: number };
  const rounds = { duban: [] as Round[], baseline: [] as Round[] };
  // The first round of each warms the replayer (V8 compiles the bundle): it is not counted.
  await replayRound(dubanBundle, duban);
  await replayRound(baselineBundle, baseline);
  for (let r = 0; r < options.rounds; r++) {
    rounds.duban.push(await replayRound(dubanBundle, duban));
    rounds.baseline.push(await replayRound(baselineBundle, baseline));
  }
  const cost = (list: History[], measured: Round[]): ReplayCost => ({
    histories: list.length,
    events: eventsOf(list),
    cpuUsPerEvent: median(measured.map((m) => m.cpuUs / eventsOf(list))),
    wallMsPerHistory: median(measured.map((m) => m.wallMs / list.length)),
  });
  return {
    rounds: options.rounds,
    duban: cost(duban, rounds.duban),
    baseline: cost(baseline, rounds.baseline),
    bundleMs,
  };
}
