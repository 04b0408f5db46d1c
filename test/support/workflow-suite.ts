// The common set-up of a workflow test file: a fresh database with the catalog basics, a real SMTP
// listener, and a worker on its own task queue. Call at the top level of a test file.
import { createTransport } from '../../activities/notifications/mailer';
import type { Db } from '../../db/connect';
import { createTestDatabase, type TestDatabase } from './database';
import { insertDepartments, insertPolicy, seedPolicy } from './fixtures';
import { startSmtpListener, type SmtpListener } from './smtp-listener';
import { fetchHistories, recordHistories, replayFailures } from './replay';
import { harness } from './task-harness';
import { startTemporalKit, type KitOptions, type TemporalKit } from './temporal';

export interface WorkflowSuite {
  db: Db;
  kit: TemporalKit;
  smtp: SmtpListener;
  h: ReturnType<typeof harness>;
  /** Workflow ids started in this file, for the replay check. */
  started: string[];
}

export function useWorkflowSuite(options: Pick<KitOptions, 'maxCachedWorkflows'> = {}): WorkflowSuite {
  const suite = { started: [] as string[] } as unknown as WorkflowSuite;
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    suite.db = tdb.db;
    suite.smtp = await startSmtpListener();
    await insertDepartments(suite.db);
    for (const name of ['default', 'key-project', 'reform']) await insertPolicy(suite.db, seedPolicy(name));
    suite.kit = await startTemporalKit(
      {
        db: suite.db,
        mailer: {
          transport: createTransport(suite.smtp.url),
          from: { address: 'duban@example.org', name: '督查室' },
          publicUrl: 'http://127.0.0.1:8080',
        },
      },
      options,
    );
    const h = harness(suite.db, suite.kit);
    suite.h = {
      ...h,
      start: async (...args: Parameters<typeof h.start>) => {
        const out = await h.start(...args);
        suite.started.push(out.workflowId);
        return out;
      },
    };
  });
  afterAll(async () => {
    try {
      // Every workflow this file ran must replay with the code that ran it (catches non-determinism).
      if (suite.kit && suite.started.length) {
        const histories = await fetchHistories(suite.kit.client, suite.started);
        recordHistories(expect.getState().testPath ?? 'unknown', histories);
        const failures = await replayFailures(histories);
        if (failures.length) throw new Error(`replay failed: ${JSON.stringify(failures, null, 2)}`);
      }
    } finally {
      await close();
    }
  });
  const close = async () => {
    await suite.kit?.close();
    await suite.smtp?.close();
    await tdb?.drop();
  };
  return suite;
}
