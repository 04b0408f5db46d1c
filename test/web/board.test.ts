// The board in a real browser on the real stack: the office sees the right counts; a department signs in,
// sees only its tasks, has a refused report explained next to the field, files a report, and the office's
// open board turns the task green without a reload. Screenshots of the board, the form and the task page.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { planAt, planDate } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { screenshot, SCREENSHOT_DIR } from '../support/browser';
import { insertTask, LEAD, OTHER, seedPolicy } from '../support/fixtures';
import { fastClock, lead } from '../support/task-harness';
import { DEFAULT_WAIT_MS } from '../support/wait';
import { useWebSuite } from '../support/web-suite';

// One plan day every 2 real seconds: the lights this file needs change within ~8 s (2023-1-02 falls behind
// 序时进度 and 2023-1-09 passes its deadline on plan day 3.6), and nothing else moves for a long while: the
// first quarterly report is due 2023-04-10, so it enters the to-do lists on 2023-03-31 (plan day 87, ~175 s)
// and turns every open task yellow on plan day 97. The file's assertions hold from plan day 3.6 to 87, which
// leaves room for a machine several times slower than a quiet one; at one plan day per second they did not.
const MS_PER_PLAN_DAY = 2000;
const base = seedPolicy('default');
const suite = useWebSuite({
  clock: () => fastClock('2023-01-03T09:00:00+08:00', MS_PER_PLAN_DAY),
  policies: [
    { ...base, name: 'web-steady', progressTolerancePct: 100, nearDeadlineWorkingDays: 1 },
    { ...base, name: 'web-behind', progressTolerancePct: 1, nearDeadlineWorkingDays: 1 },
  ],
});

const SECTION_1 = '(一)实施十项工程,打造更具前瞻性的现代基础设施支撑体系';
const SECTION_2 = '(二)强化科学运作,打造更具系统性的现代经济动力引擎';

async function task(
  id: string,
  title: string,
  opts: { section?: string; lead?: string; deadline?: string; policy?: string },
) {
  await insertTask(suite.db, {
    id,
    title,
    cadence: 'quarterly',
    deadline: opts.deadline,
    policy: opts.policy,
  });
  await suite.db
    .updateTable('tasks')
    .set({
      section_path: [opts.section ?? SECTION_1],
      ...(opts.lead ? { lead_department: opts.lead, co_departments: [] } : {}),
    })
    .where('id', '=', id)
    .execute();
}

const card = (page: Page, id: string) => page.locator(`article[data-task="${id}"]`);
const count = async (page: Page, light: string) =>
  Number(await page.locator(`[data-count="${light}"] [data-count-value]`).innerText());

beforeAll(async () => {
  await task('2023-1-01', '道路畅达工程', { policy: 'web-steady' });
  await task('2023-1-02', '城乡供水一体化工程', { policy: 'web-behind' });
  await task('2023-1-09', '港口提能工程', { deadline: '2023-01-06' });
  await task('2023-1-10', '公共卫生应急工程', {});
  await task('2023-2-01', '优化产业布局', { section: SECTION_2, lead: OTHER, policy: 'web-steady' });
  for (const id of ['2023-1-01', '2023-1-02', '2023-1-09', '2023-2-01']) await suite.start(id);
  for (const id of ['2023-1-01', '2023-1-02', '2023-1-09'])
    await suite.h.update(id, d.acknowledgeUpdate, { actor: lead, note: '收到' });
  await suite.h.update('2023-2-01', d.acknowledgeUpdate, {
    actor: { role: 'department', department: OTHER },
  });
  // Behind 序时进度 within a few plan days; past its deadline (2023-01-06) a little later.
  await suite.h.until(
    '2023-1-02: yellow (behind 序时进度) in the read model',
    () => suite.h.readModel('2023-1-02'),
    (row) => row.light === 'yellow',
  );
  await suite.h.until(
    '2023-1-09: red (past its deadline) in the read model',
    () => suite.h.readModel('2023-1-09'),
    (row) => row.light === 'red',
  );
});

/** 'YYYY-MM-DD' of the plan instant at the real instant `realMs`. */
const planDateOf = (realMs: number) => planDate(planAt(suite.clock, realMs));

let office: Page;

test('the office sees every task by section with the right counts, on a laptop and on a phone', async () => {
  const requested = Date.now();
  ({ page: office } = await suite.signIn(suite.tokens.office, { viewport: { width: 1366, height: 900 } }));
  await office.waitForSelector('h1:has-text("督查总览")');
  // The header shows the plan date, not the real one: the server writes the plan date of the moment it
  // draws the page, and the page's script advances it with the plan clock (never past the server's plan
  // time). So it lies between the plan dates of the request and of the read, whatever the pace.
  const shown = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(
    await office.locator('[data-plan-date]').innerText(),
  );
  expect(shown).not.toBeNull();
  const shownDate = shown!
    .slice(1)
    .map((n) => n.padStart(2, '0'))
    .join('-');
  const [from, to] = [planDateOf(requested), planDateOf(Date.now())];
  expect(from <= shownDate && shownDate <= to ? shownDate : `${shownDate}, not within ${from}…${to}`).toBe(
    shownDate,
  );
  expect({
    red: await count(office, 'red'),
    yellow: await count(office, 'yellow'),
    green: await count(office, 'green'),
    none: await count(office, 'none'),
  }).toEqual({ red: 1, yellow: 1, green: 2, none: 1 });
  expect(await office.locator('.section-title').allInnerTexts()).toEqual([
    expect.stringContaining(SECTION_1),
    expect.stringContaining(SECTION_2),
  ]);
  expect(await card(office, '2023-1-02').getAttribute('data-light')).toBe('yellow');
  expect(await card(office, '2023-1-02').innerText()).toContain('落后序时进度');
  expect(await card(office, '2023-1-09').innerText()).toContain('超过完成时限');
  expect(await card(office, '2023-1-10').innerText()).toContain('尚未启动');
  expect(await card(office, '2023-1-01').innerText()).toContain('新建5G基站');
  await screenshot(office, 'board');

  // The light filter keeps the counts and shows only the red task.
  await office.click('[data-count="red"]');
  await office.waitForURL(/light=red/);
  expect(await office.locator('article[data-task]').count()).toBe(1);
  await office.goto(`${suite.baseUrl}/`);

  const phone = await suite.signIn(suite.tokens.office, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await phone.page.waitForSelector('article[data-task]');
  const overflow = await phone.page.evaluate<number>(
    'document.documentElement.scrollWidth - window.innerWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(phone.page, 'board-phone');
  await phone.context.close();
});

test('the board’s page weight, measured in the browser (bytes transferred on a first visit)', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const url = new URL(suite.baseUrl);
  await context.addCookies([
    { name: 'duban_session', value: suite.tokens.office, domain: url.hostname, path: '/' },
  ]);
  const page = await context.newPage();
  const sizes: Array<{ url: string; bytes: number }> = [];
  const measured: Array<Promise<unknown>> = [];
  page.on('requestfinished', (req) => {
    measured.push(
      req
        .sizes()
        .then((s) => sizes.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize })),
    );
  });
  // Every request of the first visit has finished (no request for 500 ms), and each one's size is known.
  await page.goto(`${suite.baseUrl}/`, { waitUntil: 'networkidle' });
  await Promise.all(measured);
  expect(sizes.map((s) => new URL(s.url).pathname)).toContain('/');
  const total = sizes.reduce((n, s) => n + s.bytes, 0);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(
    path.join(SCREENSHOT_DIR, 'board-page-weight.json'),
    JSON.stringify({ total, requests: sizes }, null, 2),
  );
  console.log(`board page weight: ${total} bytes in ${sizes.length} requests`, sizes);
  expect(sizes.map((s) => new URL(s.url).host)).toEqual(sizes.map(() => url.host)); // nothing from elsewhere
  expect(total).toBeLessThan(100_000);
  await context.close();
});

test('a department sees only its tasks; a refused report is explained next to the field', async () => {
  const { page, context } = await suite.signIn(suite.tokens.lead, { viewport: { width: 1280, height: 900 } });
  await page.waitForSelector('h1:has-text("本单位任务")');
  expect(await page.locator('[data-viewer]').innerText()).toBe('交通运输局');
  const ids = await page
    .locator('article[data-task]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-task')));
  expect(ids.sort()).toEqual(['2023-1-01', '2023-1-02', '2023-1-09', '2023-1-10']);
  // Its to-do list: the overdue task (no report falls due within ten plan days yet).
  expect(await page.locator('[data-todo]').allInnerTexts()).toEqual([
    expect.stringMatching(/^「港口提能工程」已超过完成时限：提交办结申请或申请延期 逾期\d+天$/),
  ]);
  await screenshot(page, 'department-board');

  await page.click('article[data-task="2023-1-02"] a.task-title');
  await page.waitForSelector('form[data-form="progress"]');
  expect(await page.locator('blockquote.source').innerText()).toContain('新建5G基站1500个');

  // The workflow's validator refuses a period that has not begun: its message sits under the period field.
  await page.fill('#f-progress-period', '2023-Q3');
  await page.fill('#f-progress-percent', '60');
  await page.fill('#f-progress-value-0', '900');
  await page.fill('#f-progress-narrative', '已建成5G基站900个，完成年度目标的60%');
  await page.click('form[data-form="progress"] button[type="submit"]');
  const periodError = page.locator('[data-error-for="period"]');
  await periodError.waitFor();
  expect(await periodError.innerText()).toContain('报告期「2023-Q3」尚未开始');
  expect(await page.locator('#f-progress-period').getAttribute('aria-invalid')).toBe('true');
  expect(await page.inputValue('#f-progress-narrative')).toBe('已建成5G基站900个，完成年度目标的60%');

  // The schema refuses a percent over 100, named by the form's own label.
  await page.fill('#f-progress-period', '');
  await page.fill('#f-progress-percent', '150');
  await page.click('form[data-form="progress"] button[type="submit"]');
  await page.locator('[data-error-for="percent"]').waitFor();
  expect(await page.locator('[data-error-for="percent"]').innerText()).toContain('完成百分比不能大于100');
  await screenshot(page, 'report-form-refused');
  await context.close();
});

test('a report turns the task green on the office’s open board, without a reload', async () => {
  await office.evaluate('window.marker = 42');
  expect(await card(office, '2023-1-02').getAttribute('data-light')).toBe('yellow');

  const { page, context } = await suite.signIn(suite.tokens.lead, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.baseUrl}/tasks/2023-1-02`);
  await page.fill('#f-progress-percent', '60');
  await page.fill('#f-progress-value-0', '900');
  await page.fill('#f-progress-value-1', '180');
  await page.fill('#f-progress-narrative', '已建成5G基站900个、公共充电桩180个');
  await page.fill('#f-progress-problems', '部分站址协调难度大');
  await page.fill('#f-progress-nextSteps', '加快站址审批，三季度全面完工');
  await screenshot(page, 'report-form');
  await page.click('form[data-form="progress"] button[type="submit"]');
  await page.waitForURL(/\/tasks\/2023-1-02\?done=progress/);
  expect(await page.locator('.flash').innerText()).toBe('进度已报送');
  expect(await page.locator('li[data-event="progress_reported"]').first().innerText()).toContain('完成 60%');
  await screenshot(page, 'task');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(
    await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
  ).toBeLessThanOrEqual(0);
  await screenshot(page, 'task-phone');
  await context.close();

  await suite.h.until(
    '2023-1-02: green in the read model after its report',
    () => suite.h.readModel('2023-1-02'),
    (row) => row.light === 'green',
  );
  // The open board polls its live region every 3 s: the card turns green there, without a reload.
  await office.waitForSelector('article[data-task="2023-1-02"][data-light="green"]', {
    timeout: DEFAULT_WAIT_MS,
  });
  expect(await office.evaluate('window.marker')).toBe(42);
  expect([await count(office, 'yellow'), await count(office, 'green')]).toEqual([0, 3]);
  expect(await card(office, '2023-1-02').innerText()).toContain('900 / 1,500个');
  await screenshot(office, 'board-after-report');
});

test('the timeline of an overdue task shows its escalations with their emails', async () => {
  // The first overdue step's email is in the outbox (the timeline's ✉) and the mail catcher has it.
  const firstStep = `${d.workflowIdFor('2023-1-09')}:overdue:2023-01-06:1`;
  await suite.h.until(
    `the mail catcher received the email of ${firstStep}`,
    () => suite.caughtMail(firstStep),
    (mails) => mails.length > 0,
  );
  await office.goto(`${suite.baseUrl}/tasks/2023-1-09`);
  const escalated = office.locator('li[data-event="escalated"]');
  await escalated.first().waitFor();
  // The overdue climb (on a loaded machine an acknowledgement reminder may come first).
  const overdue = escalated.filter({ hasText: '逾期未办结' });
  expect(await overdue.last().innerText()).toMatch(/一级·提醒[\s\S]*逾期未办结[\s\S]*✉/);
  expect(await office.locator('li[data-event="deadline_passed"]').count()).toBe(1);
  await screenshot(office, 'task-overdue');
});

afterAll(async () => {
  await office?.context().close();
});

export { LEAD };
