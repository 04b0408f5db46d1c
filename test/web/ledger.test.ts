// The whole 2023 ledger (41 tasks) on the board, in a real browser: a realistic mix of lights after a few
// plan weeks, counts that match the read model, the board's page weight at full size, and screenshots.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadLedger } from '../../client/ledger/load';
import { listTaskIds } from '../../db/queries/task-catalog';
import * as d from '../../workflows/definitions';
import { screenshot, SCREENSHOT_DIR } from '../support/browser';
import { fastClock } from '../support/task-harness';
import { useWebSuite } from '../support/web-suite';

// The whole ledger on a gentle clock (a plan day every 2 s) keeps 41 workflows light for the worker.
const suite = useWebSuite({ clock: () => fastClock('2023-01-03T09:00:00+08:00', 2000) });
const SEEDS = path.join(__dirname, '..', '..', 'seeds');
// For the picture, three tasks get a deadline in the first week: they are overdue (red) within seconds.
const DUE_SOON = ['2023-1-04', '2023-1-09', '2023-3-02-04'];
let ids: string[] = [];

beforeAll(async () => {
  await loadLedger(suite.db, {
    ledger: path.join(SEEDS, 'ledger-2023.json'),
    departments: path.join(SEEDS, 'departments.yaml'),
    policies: path.join(SEEDS, 'policies.yaml'),
  });
  await suite.db.updateTable('tasks').set({ deadline: '2023-01-06' }).where('id', 'in', DUE_SOON).execute();
  ids = await listTaskIds(suite.db);
  // The early-deadline tasks first: starting all 41 takes a few plan days on a loaded machine.
  for (const id of [...DUE_SOON, ...ids.filter((x) => !DUE_SOON.includes(x))]) await suite.start(id);
  const leads = new Map(
    (await suite.db.selectFrom('tasks').select(['id', 'lead_department']).execute()).map((t) => [
      t.id,
      t.lead_department,
    ]),
  );
  const actor = (id: string) => ({ role: 'department' as const, department: leads.get(id)! });
  // Every eighth task is not acknowledged (yellow once the acknowledgement is late); half report January.
  for (const [i, id] of ids.entries()) {
    if (i % 8 === 7) continue;
    await suite.h.update(id, d.acknowledgeUpdate, { actor: actor(id), note: '收到，已部署' });
    if (i % 2 === 0)
      await suite.h.update(id, d.reportProgressUpdate, {
        actor: actor(id),
        percent: 3 + (i % 5),
        narrative: '已完成年度工作部署，项目前期工作有序推进',
        problems: '部分项目用地报批进度偏慢',
        nextSteps: '加强要素保障，加快项目开工',
      });
  }
  await suite.h.eventually(async () => {
    const rows = await suite.db.selectFrom('tasks').select('light').execute();
    const n = (l: string) => rows.filter((r) => r.light === l).length;
    return n('red') >= DUE_SOON.length && n('yellow') >= 3;
  }, 90_000);
}, 240_000);

test('the board shows all 41 tasks, its counts agree with the read model', async () => {
  const { page, context } = await suite.signIn(suite.tokens.office, {
    viewport: { width: 1440, height: 900 },
  });
  const cards = page.locator('article[data-task]');
  expect(await cards.count()).toBe(ids.length);
  const lights = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-light')));
  const counted = Object.fromEntries(
    ['red', 'yellow', 'green', 'none'].map((l) => [l, lights.filter((x) => x === l).length]),
  );
  const shown = Object.fromEntries(
    await Promise.all(
      ['red', 'yellow', 'green', 'none'].map(async (l) => [
        l,
        Number(await page.locator(`[data-count="${l}"] [data-count-value]`).innerText()),
      ]),
    ),
  );
  expect(shown).toEqual(counted);
  expect(lights).toHaveLength(41);
  // The seeded mix: overdue tasks red, unacknowledged ones yellow, the rest green.
  expect(counted).toMatchObject({
    red: expect.any(Number),
    yellow: expect.any(Number),
    green: expect.any(Number),
    none: 0,
  });
  expect(Math.min(counted.red ?? 0, counted.yellow ?? 0, counted.green ?? 0)).toBeGreaterThan(0);
  expect(await page.locator('.section-title').count()).toBe(5);
  await screenshot(page, 'board-ledger');
  await screenshot(page, 'board-ledger-top', { fullPage: false });
  await page.goto(`${suite.baseUrl}/overdue`);
  await screenshot(page, 'overdue-ledger');
  await page.goto(`${suite.baseUrl}/ranking`);
  await screenshot(page, 'ranking-ledger');
  await page.goto(`${suite.baseUrl}/tasks/2023-1-01`);
  await screenshot(page, 'task-ledger');
  await context.close();
});

test('the board’s page weight with the full ledger, and what a poll costs', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const host = new URL(suite.baseUrl);
  await context.addCookies([
    { name: 'duban_session', value: suite.tokens.office, domain: host.hostname, path: '/' },
  ]);
  const page = await context.newPage();
  const requests: Array<{ url: string; status: number; bytes: number }> = [];
  page.on('requestfinished', (req) => {
    void Promise.all([req.sizes(), req.response()]).then(([s, res]) =>
      requests.push({
        url: req.url(),
        status: res?.status() ?? 0,
        bytes: s.responseBodySize + s.responseHeadersSize,
      }),
    );
  });
  await page.goto(`${suite.baseUrl}/`, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  const firstVisit = requests.splice(0);
  // Then a few polling rounds of the live region (304 while nothing changed, the new HTML when it did).
  await page.waitForTimeout(10_000);
  const polls = requests.filter((r) => r.url.includes('/fragments/board'));
  const total = firstVisit.reduce((n, r) => n + r.bytes, 0);
  const report = {
    tasks: ids.length,
    firstVisitBytes: total,
    firstVisit,
    pollsIn10s: polls.length,
    pollBytes: polls.map((p) => ({ status: p.status, bytes: p.bytes })),
  };
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(path.join(SCREENSHOT_DIR, 'board-ledger-page-weight.json'), JSON.stringify(report, null, 2));
  console.log(`board page weight (41 tasks): ${total} bytes in ${firstVisit.length} requests`, report);
  expect(firstVisit.every((r) => new URL(r.url).host === host.host)).toBe(true);
  expect(total).toBeLessThan(150_000);
  expect(polls.length).toBeGreaterThanOrEqual(2);
  await context.close();
});
