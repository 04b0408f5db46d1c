// Runs the selected items against one bench environment and returns every run's figures. An item that
// fails is reported as failed and the others still run: one timeout must not cost a 30-minute run.
import { seedDepartments, seedTasks } from './catalog';
import { createBenchEnv, type BenchEnv } from './environment';
import type { BenchOptions, Item } from './options';
import type { Engine } from '../support/temporal-engine';
import { runP1, startTasks, type P1Run } from './p1-start-throughput';
import { runP2, type P2Run } from './p2-escalation-lag';
import { runP3, type P3Run } from './p3-report-round-trip';
import { baselineRss, sampleRss, waitIdle } from './p4-worker-rss';
import { runP5, type P5Case } from './p5-list-api';
import { seedP5, type P5Seeded } from './p5-seed';
import { runP6, type P6Run } from './p6-replay-cost';
import { sleep } from './pool';
import { rssMiB } from './processes';

export interface P4Result {
  population: number;
  settleMs: number;
  maxCachedWorkflows: number;
  duban: { settled: number; afterP2?: number; peak: number };
  baseline: { rss: number; peak: number };
}

export interface BenchResults {
  p1: Array<{ n: number; runs: P1Run[] }>;
  p2?: { population: number; runs: P2Run[] };
  p3?: P3Run[];
  p4?: P4Result;
  p5?: { seeded: P5Seeded; runs: P5Case[][] };
  p6?: P6Run;
  /** Items that failed, with why. */
  errors: Array<{ item: Item; message: string }>;
  /** Messages that carried an already delivered key (must be 0). */
  duplicateEmails: number;
}

type Log = (line: string) => void;

async function p5(env: BenchEnv, options: BenchOptions, log: Log): Promise<BenchResults['p5']> {
  const target = await env.createDatabase('p5');
  log(`P5: seeding ${options.p5Tasks} tasks and ${options.p5Reports} reports`);
  const seeded = await seedP5(target.db, options.p5Tasks, options.p5Reports);
  log(`P5: seeded in ${seeded.seconds.toFixed(0)} s`);
  const runs: P5Case[][] = [];
  for (let run = 0; run < options.runs; run++) {
    log(`P5 run ${run + 1}/${options.runs}`);
    runs.push(await runP5(env, target, { tasks: options.p5Tasks, requests: options.p5Requests, run }));
  }
  return { seeded, runs };
}

async function p3(env: BenchEnv, options: BenchOptions, log: Log): Promise<P3Run[]> {
  const runs: P3Run[] = [];
  for (let run = 0; run < options.runs; run++) {
    log(`P3 run ${run + 1}/${options.runs}`);
    runs.push(await runP3(env, { reports: options.reports, run }));
  }
  return runs;
}

export async function runBench(options: BenchOptions, log: Log, engine: Engine): Promise<BenchResults> {
  const env = await createBenchEnv(log, engine, options.workers);
  const results: BenchResults = { p1: [], errors: [], duplicateEmails: 0 };
  let rss: ReturnType<typeof sampleRss> | undefined;
  const has = (item: Item) => options.only.has(item);
  const guard = async (items: Item[], fn: () => Promise<void>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (err) {
      const message = (err as Error).message.split('\n')[0]!;
      log(`${items.join('/')} failed: ${(err as Error).stack ?? message}`);
      for (const item of items) if (has(item)) results.errors.push({ item, message });
      return false;
    }
  };
  try {
    await seedDepartments(env.main.db);
    if (has('P5')) await guard(['P5'], async () => void (results.p5 = await p5(env, options, log)));
    if (has('P3')) await guard(['P3'], async () => void (results.p3 = await p3(env, options, log)));
    if (has('P6')) {
      await guard(['P6'], async () => {
        log(`P6: replaying the recorded histories and their baselines, ${options.replayRounds} rounds`);
        results.p6 = await runP6(env, {
          rounds: options.replayRounds,
          run: 0,
          histories: options.replayHistories,
        });
      });
    }

    // P2 and P4 need `population` open tasks; P4 wants them on a fresh worker process.
    const needPopulation = has('P2') || has('P4');
    let populated = false;
    const freshWorkerForP4 = async () => {
      if (!has('P4')) return;
      await env.restartTaskWorker();
      rss = sampleRss(env.taskWorker.pid);
    };
    if (has('P1')) {
      for (const n of [...options.sizes].sort((a, b) => a - b)) {
        const runs = n >= 10_000 ? options.largeRuns : options.runs;
        const entry = { n, runs: [] as P1Run[] };
        results.p1.push(entry);
        await guard(['P1'], async () => {
          for (let run = 0; run < runs; run++) {
            // The last run at the population's size leaves its tasks open for P2 and P4.
            const keepOpen = needPopulation && !populated && n === options.population && run === runs - 1;
            if (keepOpen) await freshWorkerForP4();
            log(`P1 n=${n} run ${run + 1}/${runs}${keepOpen ? ' (tasks stay open for P2/P4)' : ''}`);
            entry.runs.push(await runP1(env, { n, run, concurrency: options.concurrency, keepOpen }));
            if (keepOpen) populated = true;
          }
        });
      }
      results.p1 = results.p1.filter((e) => e.runs.length > 0);
    }
    if (needPopulation && !populated) {
      populated = await guard(['P2', 'P4'], async () => {
        await freshWorkerForP4();
        log(`population: starting ${options.population} task workflows`);
        await startTasks(env, await seedTasks(env.main.db, 'pop-', options.population), options.concurrency);
      });
    }
    if (!populated) return results;

    const p4: P4Result = {
      population: options.population,
      settleMs: options.settleMs,
      maxCachedWorkflows: env.maxCachedWorkflows,
      duban: { settled: 0, peak: 0 },
      baseline: { rss: 0, peak: 0 },
    };
    const p4ok =
      has('P4') &&
      (await guard(['P4'], async () => {
        await waitIdle(env.taskWorker.pid);
        await sleep(options.settleMs);
        p4.duban.settled = rssMiB(env.taskWorker.pid);
      }));
    if (has('P2')) {
      await guard(['P2'], async () => {
        // New probes each run over the same open population: cheap enough to repeat like the small items.
        const p2 = { population: options.population, runs: [] as P2Run[] };
        for (let run = 0; run < options.runs; run++) {
          log(
            `P2 run ${run + 1}/${options.runs}: ${options.probes} escalations per arm, every ${options.gapMs} ms`,
          );
          p2.runs.push(await runP2(env, { probes: options.probes, gapMs: options.gapMs, run }));
        }
        results.p2 = p2;
      });
    }
    if (p4ok) {
      await guard(['P4'], async () => {
        if (has('P2')) p4.duban.afterP2 = rssMiB(env.taskWorker.pid);
        p4.duban.peak = rss!.stop().peak;
        log(`P4 baseline: ${options.population} idle workflows on a fresh baseline worker`);
        p4.baseline = await baselineRss(env, options.population, options.concurrency, options.settleMs);
        results.p4 = p4;
      });
    }
    return results;
  } finally {
    rss?.stop();
    results.duplicateEmails = env.mail.duplicates;
    const keep = options.keep || results.errors.length > 0;
    if (keep) log(`logs kept in ${env.tmpDir}`);
    await env.close(keep);
  }
}
