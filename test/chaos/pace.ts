// The chaos year's pace, measured rather than assumed. Before the year starts, two probes say how much slower
// than the reference machine this one is right now: the cluster's own dev server and an in-process worker run
// no-op workflows to completion (the server, sqlite and the SDK, as the 106 vs 37 starts/s compared
// machines), and one process per core runs a fixed piece of JavaScript (the share of the cores this run gets
// while other work keeps them busy, which the latency-bound round trips hardly show). The plan clock is slowed by
// the larger of the two, so a slower or busier machine drives the same year at the same share of its capacity:
// the run takes longer there, its verdict is the same.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DAY_MS } from '../../workflows/clock';
import { mapLimit } from './retry';

/**
 * No-op round trips per second (start, first workflow task, result; 24 at a time) that this project's reference
 * machine reached, quiet: 2 cores, measured by this very probe (74–85/s; 32–37/s with two busy processes on the
 * cores). A machine at this rate runs the year at BASE_MS_PER_DAY.
 */
export const REFERENCE_ROUND_TRIPS_PER_S = 75;
/** Seconds the CPU probe took on the reference machine, quiet (the slowest of its per-core processes: 0.6–0.96). */
export const REFERENCE_CPU_PROBE_S = 0.75;
/**
 * Real milliseconds per plan day on the reference machine: the year (400 plan days) in about 12 minutes. At 900
 * the engine had too little headroom: on a machine measured 1.93x slower (1736 ms per day) workflow tasks fell
 * minutes behind and inputs were applied up to 500 plan days late, while at twice that (3492 ms per day) the
 * same machine passed every engine check. Making the engine cheap enough for the faster clock is the headroom
 * issue's work; until then the clock keeps this margin.
 */
export const BASE_MS_PER_DAY = 1_800;
/** The slowest pace the run will take: the year in 33 minutes, so a machine 2.8x slower still fits CI's time. */
export const MAX_MS_PER_DAY = 5_000;

export interface Pace {
  roundTripsPerS: number;
  cpuProbeS: number;
  /** How much slower than the reference machine (≥ 1: never faster than the reference pace). */
  slowdown: number;
  /**
   * Plan milliseconds per real millisecond: a whole number, so that every plan instant is a whole millisecond
   * (the trail stores milliseconds; a fractional instant in the state would not compare equal to it).
   */
  speed: number;
  /** Real milliseconds per plan day (DAY_MS / speed). */
  msPerDay: number;
  /** Where msPerDay came from. */
  source: 'measured' | 'CHAOS_MS_PER_DAY';
}

/** Measures no-op workflow round trips per second against the cluster's server for about `seconds`. */
export async function measureRoundTrips(
  client: Client,
  address: string,
  seconds = 6,
  lanes = Number(process.env.CHAOS_PROBE_LANES || 24),
): Promise<number> {
  const connection = await NativeConnection.connect({ address });
  const taskQueue = `chaos-pace-${randomUUID().slice(0, 8)}`;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./pace-probe/workflows'),
  });
  const running = worker.run();
  try {
    const roundTrip = (i: number) =>
      client.workflow.execute('paceProbeWorkflow', { taskQueue, workflowId: `${taskQueue}-${i}` });
    // Warm-up: the worker's first activations create its VM contexts and caches.
    await mapLimit([...Array(20).keys()], 8, roundTrip);
    let done = 0;
    const started = Date.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = 0; Date.now() < until; i++) {
          await roundTrip(1_000 + lane * 1_000_000 + i);
          done += 1;
        }
      }),
    );
    return done / ((Date.now() - started) / 1000);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

/**
 * The work each CPU probe process does: JSON round trips of a task-sized object, the kind of work a worker does
 * with workflow state. Prints its own loop time, so process start-up is not counted.
 */
const CPU_PROBE = `
const state = { checkpoints: Array.from({ length: 14 }, (_, i) => ({ period: '2023-' + i, dueAt: i * 1e9, status: 'pending', ladder: [1, 2, 3, 4] })),
  escalations: Array.from({ length: 20 }, (_, i) => ({ key: 'task-2023-1-01:report:2023-0' + i + ':1', at: i, notify: ['contact'] })),
  reports: Array.from({ length: 10 }, (_, i) => ({ narrative: '已建成基站600个，完成年度目标的百分之四十。'.repeat(3), percent: i })) };
const t = process.hrtime.bigint();
let n = 0;
for (let i = 0; i < 20000; i++) n += JSON.parse(JSON.stringify(state)).checkpoints.length;
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e9));
`;

/** Runs the CPU probe in one process per core at once; resolves with the slowest one's seconds. */
export async function measureCpu(procs = os.cpus().length): Promise<number> {
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', CPU_PROBE], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(Number(out)) : reject(new Error(`CPU probe exited with ${code}`)),
      );
    });
  const times = await Promise.all(Array.from({ length: procs }, one));
  return Math.max(...times);
}

/** The plan clock's pace for this run: CHAOS_MS_PER_DAY if set, else scaled from the slower of the two probes. */
export function choosePace(
  roundTripsPerS: number,
  cpuProbeS: number,
  fixed = process.env.CHAOS_MS_PER_DAY,
): Pace {
  const slowdown = Math.max(
    1,
    REFERENCE_ROUND_TRIPS_PER_S / Math.max(roundTripsPerS, 0.1),
    cpuProbeS / REFERENCE_CPU_PROBE_S,
  );
  const measured = { roundTripsPerS, cpuProbeS, slowdown };
  const wanted = fixed ? Number(fixed) : Math.min(MAX_MS_PER_DAY, BASE_MS_PER_DAY * slowdown);
  const speed = Math.max(1, Math.round(DAY_MS / wanted));
  return {
    ...measured,
    speed,
    msPerDay: Math.round(DAY_MS / speed),
    source: fixed ? 'CHAOS_MS_PER_DAY' : 'measured',
  };
}
