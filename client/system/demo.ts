// What `duban up` adds on embedded defaults: the 2023 ledger loaded and started, tokens, the simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { listTaskIds } from '../../db/queries/task-catalog';
import type { Logger } from '../../worker/logger';
import type { ClockSpec } from '../../workflows/domain';
import { startBulletinDrafters } from '../bulletin/start-drafter';
import { loadLedger } from '../ledger/load';
import { createToken, listTokens, revokeToken } from '../service/tokens';
import type { SimulatorTokens } from '../simulator/run-simulator';
import { startTasks } from '../tasks/start-task';

const SEEDS = path.join(__dirname, '..', '..', 'seeds');
const SIM_LABEL = 'duban up (simulator)';

/** Loads (idempotently) the departments, policies and the reviewed 2023 ledger. */
export async function loadSeedLedger(db: Db, log: Logger): Promise<void> {
  const summary = await loadLedger(db, {
    ledger: path.join(SEEDS, 'ledger-2023.json'),
    departments: path.join(SEEDS, 'departments.yaml'),
    policies: path.join(SEEDS, 'policies.yaml'),
  });
  log.info({ tasks: summary.tasks, targets: summary.targets }, 'ledger loaded');
  for (const d of summary.differsFromRunning)
    log.info({ task: d.taskId, fields: d.fields }, 'seed differs from the running task; not applied');
}

/** Starts every catalog task's workflow; those already running or closed are left alone. */
export async function startAllTasks(
  db: Db,
  client: Client,
  clock: ClockSpec,
  taskQueue: string | undefined,
  log: Logger,
) {
  const summary = await startTasks({ db, client, clock, taskQueue }, await listTaskIds(db));
  // Never started and past the deadline: a decision for the office, not a reason to stay down.
  for (const err of summary.pastDeadline) log.warn({ task: err.taskId, deadline: err.deadline }, err.message);
  log.info(
    {
      started: summary.started.length,
      existing: summary.existing.length,
      pastDeadline: summary.pastDeadline.length,
    },
    'task workflows started',
  );
  const drafters = await startBulletinDrafters({ db, client, clock, taskQueue });
  log.info(drafters, 'bulletin drafters started');
}

/** Fresh tokens for the office and every department; the previous run's are revoked. */
export async function issueDemoTokens(db: Db): Promise<SimulatorTokens> {
  for (const t of await listTokens(db))
    if (t.label === SIM_LABEL && !t.revokedAt) await revokeToken(db, t.id);
  const office = (await createToken(db, { role: 'office', label: SIM_LABEL })).token;
  const departments: Record<string, string> = {};
  const rows = await db.selectFrom('departments').select('code').where('kind', '!=', 'office').execute();
  for (const { code } of rows)
    departments[code] = (
      await createToken(db, { role: 'department', department: code, label: SIM_LABEL })
    ).token;
  return { office, departments };
}

/** The simulator as a child process (it uses only the public API), restarted if it dies. */
export function spawnSimulator(
  apiUrl: string,
  tokens: SimulatorTokens,
  seed: string,
  log: Logger,
): () => Promise<void> {
  let child: ChildProcess | undefined;
  let stopping = false;
  const launch = () => {
    child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(__dirname, '..', 'cli', 'main.ts'), 'simulate'],
      {
        env: {
          ...process.env,
          DUBAN_API_URL: apiUrl,
          DUBAN_SIM_TOKENS: JSON.stringify(tokens),
          DUBAN_SIM_SEED: seed,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.once('exit', (code) => {
      if (stopping) return;
      log.warn({ code }, 'simulator exited; restarting in 2 s');
      setTimeout(launch, 2000);
    });
  };
  launch();
  return async () => {
    stopping = true;
    if (!child || child.exitCode !== null) return;
    // The simulator holds no state (its requests are idempotent): a kill after a short grace is safe.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child!.kill('SIGKILL'), 3000);
      child!.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child!.kill('SIGTERM');
    });
  };
}
