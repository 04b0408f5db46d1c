// The bench's command-line options: which items, how big, how many runs; --quick for development.
import { parseArgs } from 'node:util';
import type { Engine } from '../support/temporal-engine';

export const ITEMS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
export type Item = (typeof ITEMS)[number];

export interface BenchOptions {
  only: Set<Item>;
  /** The Temporal servers to run the items against, each in its own environment, one after the other. */
  engines: Engine[];
  /** Task worker processes (P4 reads the first one's RSS). */
  workers: number;
  /** P1 sizes. */
  sizes: number[];
  /** Runs of each item; items at the 10,000 scale run `largeRuns` times. */
  runs: number;
  largeRuns: number;
  /** Starts (and no-op starts) in flight at once. */
  concurrency: number;
  /** Open task workflows while P2 and P4 measure. */
  population: number;
  probes: number;
  gapMs: number;
  reports: number;
  p5Tasks: number;
  p5Reports: number;
  p5Requests: number;
  /** P6 replay rounds (each replays the recorded histories and their baselines once). */
  replayRounds: number;
  /** P6: how many recorded histories (in name order) to replay; default all. */
  replayHistories?: number;
  /** How long an idle worker is left before P4 reads its RSS (V8 collects the burst's garbage meanwhile). */
  settleMs: number;
  keep: boolean;
  quick: boolean;
}

export const USAGE = `npm run bench -- [options]
  --only P1,P2,P3,P4,P5,P6   items to run (default: all)
  --engine dev            dev: the CLI's dev server (sqlite); server: the dev server, then the real Temporal
                          server on Postgres, side by side (server-only: just the latter)
  --workers 1             task worker processes (replicas of worker/main.ts on one task queue)
  --n 1000,10000          P1 sizes (default 1000,10000)
  --runs 3                runs per item (median printed)
  --large-runs 1          runs of the 10,000-scale items (P1 at 10,000, P2, P4)
  --concurrency 20        starts in flight (P1, population)
  --population 10000      open task workflows during P2 and P4
  --probes 300            P2 escalations per arm per run
  --gap-ms 200            P2 interval between escalations of an arm
  --reports 200           P3 reports per run
  --p5-tasks 100000 --p5-reports 1000000 --p5-requests 200
  --replay-rounds 5       P6 rounds of replaying every recorded history (and as many baseline histories)
  --quick                 small sizes for development (about 3 minutes)
  --keep                  keep the temp dir (worker and Temporal logs)`;

const FULL = {
  sizes: [1000, 10000],
  runs: 3,
  largeRuns: 1,
  concurrency: 20,
  population: 10000,
  probes: 300,
  gapMs: 200,
  reports: 200,
  p5Tasks: 100_000,
  p5Reports: 1_000_000,
  p5Requests: 200,
  replayRounds: 5,
};

const QUICK: typeof FULL = {
  sizes: [200],
  runs: 2,
  largeRuns: 1,
  concurrency: 20,
  population: 500,
  probes: 40,
  gapMs: 100,
  reports: 40,
  p5Tasks: 5000,
  p5Reports: 50_000,
  p5Requests: 40,
  replayRounds: 2,
};

const ENGINES: Record<string, Engine[]> = {
  dev: ['dev'],
  server: ['dev', 'server'],
  'server-only': ['server'],
};

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: must be a whole number ≥ 1, got '${raw}'`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      only: { type: 'string' },
      engine: { type: 'string' },
      workers: { type: 'string' },
      n: { type: 'string' },
      runs: { type: 'string' },
      'large-runs': { type: 'string' },
      concurrency: { type: 'string' },
      population: { type: 'string' },
      probes: { type: 'string' },
      'gap-ms': { type: 'string' },
      reports: { type: 'string' },
      'p5-tasks': { type: 'string' },
      'p5-reports': { type: 'string' },
      'p5-requests': { type: 'string' },
      'replay-rounds': { type: 'string' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const base = values.quick ? QUICK : FULL;
  const num = (name: keyof typeof values, fallback: number) => {
    const raw = values[name];
    return typeof raw === 'string' ? positive(name, raw) : fallback;
  };
  const only = new Set<Item>();
  for (const raw of (values.only ?? ITEMS.join(',')).split(',')) {
    const item = raw.trim().toUpperCase();
    if (!ITEMS.includes(item as Item)) throw new Error(`--only: unknown item '${raw}' (P1…P6)`);
    only.add(item as Item);
  }
  const engines = ENGINES[values.engine ?? 'dev'];
  if (!engines) throw new Error(`--engine: must be dev, server or server-only, got '${values.engine}'`);
  return {
    only,
    engines,
    workers: num('workers', 1),
    sizes: values.n ? values.n.split(',').map((s) => positive('n', s.trim())) : base.sizes,
    runs: num('runs', base.runs),
    largeRuns: num('large-runs', base.largeRuns),
    concurrency: num('concurrency', base.concurrency),
    population: num('population', base.population),
    probes: num('probes', base.probes),
    gapMs: num('gap-ms', base.gapMs),
    reports: num('reports', base.reports),
    p5Tasks: num('p5-tasks', base.p5Tasks),
    p5Reports: num('p5-reports', base.p5Reports),
    p5Requests: num('p5-requests', base.p5Requests),
    replayRounds: num('replay-rounds', base.replayRounds),
    settleMs: 30_000,
    keep: values.keep ?? false,
    quick: values.quick ?? false,
  };
}
