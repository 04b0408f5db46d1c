// The common set-up of a browser test file: a fresh database, the embedded mail catcher (so the mailbox page
// has real messages), a worker in a Temporal namespace of its own, the API and dashboard listening on a free port, tokens
// for the office and three departments, and chromium. Call at the top level of a test file.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTransport } from '../../activities/notifications/mailer';
import { createApiServer } from '../../client/api/server';
import { registerWeb } from '../../client/web';
import type { Db } from '../../db/connect';
import type { ClockSpec, EscalationPolicy } from '../../workflows/domain';
import { startMailCatcher, type MailCatcher } from '../../worker/mail-catcher';
import { launchChromium } from './browser';
import { createTestDatabase, type TestDatabase } from './database';
import { insertDepartments, insertPolicy, seedPolicy } from './fixtures';
import { fetchHistories, replayFailures } from './replay';
import { harness } from './task-harness';
import type { TemporalKit } from './temporal';
import { issueTestTokens, type TestTokens } from './tokens';
import { startNamespacedKit } from './web-temporal';

export interface WebSuite {
  db: Db;
  kit: TemporalKit;
  h: ReturnType<typeof harness>;
  /** The plan clock of the server and of the tasks the file starts. */
  clock: ClockSpec;
  app: FastifyInstance;
  baseUrl: string;
  tokens: TestTokens;
  browser: Browser;
  /** The caught copies of the email with notification key `key` (what the mail catcher received). */
  caughtMail(key: string): Promise<Array<{ key: string; subject: string | null }>>;
  /** Starts a task on the suite's clock (recorded for the replay check). */
  start(taskId: string): Promise<void>;
  /** A fresh browser context (own cookies) signed in with `token` through the sign-in form. */
  signIn(
    token: string,
    options?: Parameters<Browser['newContext']>[0],
  ): Promise<{ context: BrowserContext; page: Page }>;
}

/** `clock` is called once the stack is up, so that plan time starts when the file's tasks start. */
export function useWebSuite(options: { clock: () => ClockSpec; policies?: EscalationPolicy[] }): WebSuite {
  const suite = {} as WebSuite;
  const started: string[] = [];
  let tdb: TestDatabase | undefined;
  let catcher: MailCatcher | undefined;
  beforeAll(async () => {
    suite.browser = await launchChromium();
    tdb = await createTestDatabase();
    suite.db = tdb.db;
    await insertDepartments(suite.db);
    for (const name of ['default', 'key-project', 'reform']) await insertPolicy(suite.db, seedPolicy(name));
    for (const p of options.policies ?? []) await insertPolicy(suite.db, p);
    catcher = await startMailCatcher(suite.db, 0);
    suite.kit = await startNamespacedKit({
      db: suite.db,
      mailer: {
        transport: createTransport(catcher.url),
        from: { address: 'duban@example.org', name: '督查室' },
        publicUrl: 'http://127.0.0.1:8080',
      },
    });
    suite.h = harness(suite.db, suite.kit);
    suite.clock = options.clock();
    const deps = {
      db: suite.db,
      temporal: suite.kit.client,
      taskQueue: suite.kit.taskQueue,
      clock: suite.clock,
    };
    suite.app = await createApiServer({ ...deps, rateLimit: false });
    await registerWeb(suite.app, { ...deps, mailCatcher: true, title: '南安市人民政府督查室' });
    await suite.app.listen({ port: 0, host: '127.0.0.1' });
    suite.baseUrl = `http://127.0.0.1:${(suite.app.server.address() as AddressInfo).port}`;
    suite.tokens = await issueTestTokens(suite.db);
    suite.caughtMail = (key) =>
      suite.db
        .selectFrom('caught_mail as c')
        .innerJoin('notifications as n', 'n.message_id', 'c.message_id')
        .select(['n.key', 'c.subject'])
        .where('n.key', '=', key)
        .execute();
    suite.start = async (taskId) => {
      const out = await suite.h.start(taskId, suite.clock);
      started.push(out.workflowId);
    };
    suite.signIn = async (token, contextOptions) => {
      const context = await suite.browser.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...contextOptions,
      });
      const page = await context.newPage();
      await page.goto(`${suite.baseUrl}/login`);
      await page.fill('#f-login-token', token);
      await Promise.all([
        page.waitForURL(`${suite.baseUrl}/`),
        page.click('form[data-form="login"] button[type="submit"]'),
      ]);
      return { context, page };
    };
  });
  afterAll(async () => {
    try {
      if (suite.kit && started.length) {
        const failures = await replayFailures(await fetchHistories(suite.kit.client, started));
        if (failures.length) throw new Error(`replay failed: ${JSON.stringify(failures, null, 2)}`);
      }
    } finally {
      await suite.browser?.close();
      await suite.app?.close();
      await suite.kit?.close();
      await catcher?.close();
      await tdb?.drop();
    }
  });
  return suite;
}
