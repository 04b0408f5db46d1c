// The other pages in a real browser on the real stack: sign-in, the overdue list, the mailbox of the
// embedded mail catcher, the ranking and its rule, the ledger export (opened with exceljs), the office's
// actions, and what a department may not see.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { createToken } from '../../client/service/tokens';
import * as d from '../../workflows/definitions';
import type { Recipient } from '../../workflows/domain';
import { screenshot, SCREENSHOT_DIR } from '../support/browser';
import { insertTask, LEAD, OFFICE, OTHER, seedPolicy } from '../support/fixtures';
import { fastClock, lead, quiescent } from '../support/task-harness';
import { DEFAULT_WAIT_MS } from '../support/wait';
import { useWebSuite } from '../support/web-suite';

// One plan day every 2 real seconds. The overdue task climbs to 二级·催办 on plan day 8.4 (~17 s) and keeps
// climbing while the file runs (三级 on day 14.4, 四级 on day 17.4, then a repeat every 5 working days): the
// assertions below read the level the engine reached instead of assuming one. Everything else the file
// asserts holds until the first quarterly reports fall due on 2023-04-10 (plan day 97, ~195 s): all tasks
// report quarterly and 2023-3-01-01 cannot fall behind 序时进度 (policy 'web-steady').
const MS_PER_PLAN_DAY = 2000;
const suite = useWebSuite({
  clock: () => fastClock('2023-01-03T09:00:00+08:00', MS_PER_PLAN_DAY),
  policies: [
    { ...seedPolicy('default'), name: 'web-steady', progressTolerancePct: 100, nearDeadlineWorkingDays: 1 },
  ],
});

beforeAll(async () => {
  await insertTask(suite.db, {
    id: '2023-3-01-01',
    title: '实施龙头培育行动',
    cadence: 'quarterly',
    policy: 'web-steady',
  });
  // Quarterly: its only report falls due in April, so its last email stays a step of the overdue ladder.
  await insertTask(suite.db, {
    id: '2023-1-08',
    title: '城乡物流网络工程',
    deadline: '2023-01-06',
    cadence: 'quarterly',
  });
  await insertTask(suite.db, { id: '2023-1-05', title: '电力升级工程', cadence: 'quarterly' });
  await insertTask(suite.db, { id: '2023-2-02-01', title: '改进土地供给方式', cadence: 'quarterly' });
  await suite.db
    .updateTable('tasks')
    .set({ lead_department: OTHER, co_departments: [], section_path: ['（二）强化科学运作'] })
    .where('id', '=', '2023-2-02-01')
    .execute();
  for (const id of ['2023-3-01-01', '2023-1-08', '2023-2-02-01']) await suite.start(id);
  for (const id of ['2023-3-01-01', '2023-1-08'])
    await suite.h.update(id, d.acknowledgeUpdate, { actor: lead });
  // Past its deadline, the overdue ladder sends its first emails to the mail catcher.
  await suite.h.until(
    '2023-1-08: escalated to level ≥ 2 in the read model',
    () => suite.h.readModel('2023-1-08'),
    (row) => row.level >= 2,
  );
  const urge = `${d.workflowIdFor('2023-1-08')}:overdue:2023-01-06:2`;
  await suite.h.until(
    `the mail catcher received the email of ${urge}`,
    () => suite.caughtMail(urge),
    (mails) => mails.length > 0,
  );
  office = (await suite.signIn(suite.tokens.office, { viewport: { width: 1366, height: 900 } })).page;
});

let office: Page;

/** Who a ladder step that notifies `roles` writes to: the lead department's people, the office copied (or
 * addressed, when it is the only one). The fixtures' addresses are `<code>.<role>@example.org`. */
function addressed(roles: Recipient[]): { to: string[]; cc: string[] } {
  const address = (r: Recipient) =>
    r === 'office' ? `${OFFICE}.contact@example.org` : `${LEAD}.${r}@example.org`;
  const others = roles.filter((r) => r !== 'office');
  if (others.length === 0) return { to: roles.map(address), cc: [] };
  return { to: others.map(address), cc: roles.includes('office') ? [address('office')] : [] };
}

/** The email addresses in header texts such as '"交通运输局局长" <jtj.head@example.org>'. */
const addresses = (texts: string[]) => texts.flatMap((t) => t.match(/[\w.+-]+@[\w.-]+/g) ?? []);

test('signing in: a page asks for the token, a wrong one is refused next to the field, then back to the page', async () => {
  const context = await suite.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${suite.baseUrl}/overdue`);
  expect(page.url()).toBe(`${suite.baseUrl}/login?next=%2Foverdue`);
  await page.fill('#f-login-token', 'dbn_not-a-token');
  await page.click('form[data-form="login"] button[type="submit"]');
  expect(await page.locator('[data-error-for="token"]').innerText()).toContain('令牌无效或已吊销');
  await page.fill('#f-login-token', suite.tokens.office);
  await Promise.all([
    page.waitForURL(`${suite.baseUrl}/overdue`),
    page.click('form[data-form="login"] button[type="submit"]'),
  ]);
  const cookie = (await context.cookies()).find((c) => c.name === 'duban_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(await page.evaluate('document.cookie')).toBe('');
  // The session cookie is no key to the JSON API: that takes bearer tokens only.
  expect((await page.request.get(`${suite.baseUrl}/api/me`)).status()).toBe(401);
  await page.click('button:has-text("退出")');
  await page.waitForURL(/\/login$/);
  await page.goto(`${suite.baseUrl}/`);
  expect(page.url()).toContain('/login?next=');
  await context.close();
});

test('the overdue list puts the most late first, with its level and the last email', async () => {
  await office.goto(`${suite.baseUrl}/overdue`);
  const row = office.locator('tr[data-task="2023-1-08"]');
  await row.waitFor();
  const text = await row.innerText();
  expect(text).toMatch(/逾期\d+天/);
  expect(text).toContain('超过完成时限（2023年1月6日）');
  expect(text).toMatch(/[二三四]级·(催办|督办|约谈)/);
  expect(text).toMatch(/【(催办|督办|约谈)】.*城乡物流网络工程/);
  // 水利局 never acknowledged its task (due 2023-01-04 18:00): late longer, so listed first. Its
  // acknowledgement is due a working day after the plan day it started, and on a busy machine the start
  // may slip by plan days: the order follows from the instants the two tasks are late since.
  const order = await office
    .locator('tr[data-task]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')));
  const ackDueAt = (await suite.h.state('2023-2-02-01')).ackDueAt;
  const deadlineAt = (await suite.h.state('2023-1-08')).deadlineAt;
  expect(order).toEqual(
    ackDueAt < deadlineAt ? ['2023-2-02-01', '2023-1-08'] : ['2023-1-08', '2023-2-02-01'],
  );
  expect(await office.locator('tr[data-task="2023-2-02-01"]').innerText()).toContain('未按时签收');
  await screenshot(office, 'overdue');
});

test('the mailbox shows what the mail catcher received; one message opens in full', async () => {
  await office.click('nav a:has-text("邮件")');
  await office.waitForSelector('table.mail tr[data-mail]');
  const subjects = await office.locator('table.mail tr[data-mail] td[data-label="主题"]').allInnerTexts();
  expect(subjects.some((s) => s.includes('【交办】') && s.includes('城乡物流网络工程'))).toBe(true);
  expect(await office.locator('table.outbox').innerText()).toContain('已发送');
  await screenshot(office, 'mailbox');
  // The newest message about the overdue task: a step of its ladder, 二级 or higher (the set-up waited for
  // 二级's email to arrive; how far the ladder has climbed since depends on the machine's pace).
  const newest = office
    .locator('table.mail tr[data-mail] td[data-label="主题"] a:has-text("城乡物流网络工程")')
    .first();
  const subject = await newest.innerText();
  const tag = /^【(催办|督办|约谈)】/.exec(subject)?.[1];
  expect(tag).toBeDefined();
  // Addressed as the policy's step of that level says: 催办 the head, 督办 the leader with the office
  // copied, 约谈 the office.
  const level = { 催办: 2, 督办: 3, 约谈: 4 }[tag as '催办' | '督办' | '约谈'];
  const expected = addressed(seedPolicy('default').steps[level - 1]!.notify);
  await newest.click();
  await office.waitForSelector('.mail-detail pre.mail-text');
  expect(await office.locator('.mail-detail h1').innerText()).toBe(subject);
  const field = (name: string) =>
    office.locator(`.mail-detail dl.facts div:has(dt:text-is("${name}")) dd`).allInnerTexts();
  expect(addresses(await field('收件人'))).toEqual(expected.to);
  expect(addresses(await field('抄送'))).toEqual(expected.cc);
  const mail = await office.locator('.mail-detail').innerText();
  expect(mail).toContain('办理入口：http://127.0.0.1:8080/tasks/2023-1-08');
});

test('the ranking shows the scoring rule; the office changes it, a bad value refused next to the field', async () => {
  await office.goto(`${suite.baseUrl}/ranking`);
  await office.waitForSelector('table.ranking tr[data-dept="jtj"]');
  expect(await office.locator('#rule').innerText()).toContain('得分 = 按时报送分 + 按时办结分 − 督办扣分');
  await office.click('details[data-action="rule"] summary');
  await office.fill('[id="f-rule-lateReportCredit"]', '2');
  await office.click('form[data-form="rule"] button[type="submit"]');
  expect(await office.locator('[data-error-for="lateReportCredit"]').innerText()).toContain('不能大于1');
  await office.fill('[id="f-rule-lateReportCredit"]', '0.25');
  await office.fill('#f-rule-deductions-level2', '3');
  await Promise.all([
    office.waitForURL(/\/ranking\?done=rule/),
    office.click('form[data-form="rule"] button[type="submit"]'),
  ]);
  expect(await office.locator('.rule').innerText()).toMatch(/逾期报送按 25% 计分[\s\S]*催办 3 分/);
  await screenshot(office, 'ranking');
});

test('the ledger downloads as Excel and CSV and opens', async () => {
  await office.goto(`${suite.baseUrl}/`);
  const [xlsx] = await Promise.all([
    office.waitForEvent('download'),
    office.click('a:has-text("导出台账（Excel）")'),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^督办台账-2023-\d\d-\d\d\.xlsx$/);
  const file = path.join(SCREENSHOT_DIR, 'ledger.xlsx');
  await xlsx.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('台账')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) =>
    Object.fromEntries(header.map((h, c) => [h, sheet.getRow(i + 2).getCell(c + 1).value])),
  );
  expect(rows.map((r) => [r['任务编号'], r['状态'], r['灯色']])).toEqual([
    ['2023-1-05', '未启动', ''],
    ['2023-1-08', '推进中', '红灯'],
    ['2023-2-02-01', '待签收', expect.stringMatching(/^(绿灯|黄灯|红灯)$/)],
    ['2023-3-01-01', '推进中', '绿灯'],
  ]);
  expect(rows[1]!['督办等级']).toMatch(/级·/);
  expect(wb.getWorksheet('指标')!.rowCount).toBe(9);

  const [csv] = await Promise.all([office.waitForEvent('download'), office.click('a:has-text("导出CSV")')]);
  const bytes = readFileSync((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  expect(lines).toHaveLength(5);
  expect(lines[2]).toMatch(/^2023-1-08,.*城乡物流网络工程.*红灯/);
});

test('the office starts a task and instructs from the task page', async () => {
  await office.goto(`${suite.baseUrl}/tasks/2023-1-05`);
  await Promise.all([
    office.waitForURL(/done=start/),
    office.click('form[data-form="start"] button[type="submit"]'),
  ]);
  expect(await office.locator('.flash').innerText()).toBe('任务已启动');
  expect(await office.locator('li[data-event="started"]').innerText()).toContain('任务启动');
  await office.click('details[data-action="instruction"] summary');
  await office.click('form[data-form="instruction"] button[type="submit"]');
  expect(await office.locator('[data-error-for="text"]').innerText()).toContain('批示内容不能为空');
  await office.fill('#f-instruction-text', '请加快推进，确保年底前投用');
  await Promise.all([
    office.waitForURL(/done=instruction/),
    office.click('form[data-form="instruction"] button[type="submit"]'),
  ]);
  expect(await office.locator('li[data-event="instructed"]').innerText()).toContain(
    '请加快推进，确保年底前投用',
  );
  await suite.h.until(
    '2023-1-05: assigned (started from the task page) in the read model',
    () => suite.h.readModel('2023-1-05'),
    (row) => row.status === 'assigned',
  );
});

test('a department sees neither other departments’ tasks nor the mailbox; posts from elsewhere are refused', async () => {
  const { page, context } = await suite.signIn(suite.tokens.lead);
  let res = await page.goto(`${suite.baseUrl}/tasks/2023-2-02-01`);
  expect(res!.status()).toBe(403);
  expect(await page.locator('.error-page').innerText()).toContain('不是本单位');
  res = await page.goto(`${suite.baseUrl}/mail`);
  expect(res!.status()).toBe(403);
  res = await page.goto(`${suite.baseUrl}/tasks/no-such-task`);
  expect(res!.status()).toBe(404);
  // An unknown page is the site's own page; an unknown API path stays JSON for programs.
  res = await page.goto(`${suite.baseUrl}/no/such/page`);
  expect(res!.status()).toBe(404);
  expect(res!.headers()['content-type']).toMatch(/^text\/html/);
  expect(res!.headers()).toMatchObject({
    'content-security-policy': expect.stringContaining("default-src 'self'"),
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
  expect(await page.locator('.error-page').innerText()).toContain('页面不存在');
  const api = await page.request.get(`${suite.baseUrl}/api/no-such-endpoint`);
  expect(api.status()).toBe(404);
  expect((await api.json()) as unknown).toMatchObject({ error: { code: 'not_found' } });
  const csv = await page.request.get(`${suite.baseUrl}/export/ledger.csv`);
  expect((await csv.text()).includes('2023-2-02-01')).toBe(false);
  const forged = await page.request.post(`${suite.baseUrl}/tasks/2023-3-01-01/acknowledge`, {
    headers: { origin: 'http://evil.example' },
    form: { note: 'x' },
  });
  expect(forged.status()).toBe(403);
  // A post that shows neither Origin nor Referer cannot be told from a forgery: refused too (a browser's
  // own form posts always carry their Origin).
  const unsourced = await page.request.post(`${suite.baseUrl}/tasks/2023-3-01-01/acknowledge`, {
    form: { note: 'x' },
  });
  expect(unsourced.status()).toBe(403);
  expect((await unsourced.json()) as unknown).toMatchObject({ error: { code: 'forbidden' } });
  await context.close();
});

test('a department’s to-do list puts the late acknowledgement first', async () => {
  const { page, context } = await suite.signIn(suite.tokens.other);
  const first = page.locator('[data-todo]').first();
  expect(await first.innerText()).toMatch(/^签收「改进土地供给方式」 逾期\d+天$/);
  await Promise.all([page.waitForURL(/\/tasks\/2023-2-02-01$/), first.locator('a').click()]);
  await Promise.all([
    page.waitForURL(/done=acknowledge/),
    page.click('form[data-form="acknowledge"] button[type="submit"]'),
  ]);
  expect(await page.locator('li[data-event="acknowledged"]').innerText()).toContain('逾期签收');
  await context.close();
});

test('extension and completion: refused dates and missing reasons explained, then granted and approved', async () => {
  const dept = await suite.signIn(suite.tokens.lead);
  const page = dept.page;
  await page.goto(`${suite.baseUrl}/tasks/2023-3-01-01`);
  await page.click('details[data-action="extension-request"] summary');
  await page.fill('#f-extension-request-newDeadline', '2023-06-30');
  await page.fill('#f-extension-request-reason', '设备到货延迟');
  await page.click('form[data-form="extension-request"] button[type="submit"]');
  expect(await page.locator('[data-error-for="newDeadline"]').innerText()).toContain(
    '必须晚于当前时限2023-12-31',
  );
  await page.fill('#f-extension-request-newDeadline', '2024-03-31');
  await Promise.all([
    page.waitForURL(/done=extension-request/),
    page.click('form[data-form="extension-request"] button[type="submit"]'),
  ]);

  await office.goto(`${suite.baseUrl}/tasks/2023-3-01-01`);
  await office.click('form[data-form="extension-decision"] input[value="true"]');
  await Promise.all([
    office.waitForURL(/done=extension-decision/),
    office.click('form[data-form="extension-decision"] button[type="submit"]'),
  ]);
  expect(await office.locator('li[data-event="extension_approved"]').innerText()).toContain('2024年3月31日');

  await page.goto(`${suite.baseUrl}/tasks/2023-3-01-01`);
  await page.click('details[data-action="completion"] summary');
  await page.fill('#f-completion-summary', '龙头企业培育目标全部完成');
  await Promise.all([
    page.waitForURL(/done=completion/),
    page.click('form[data-form="completion"] button[type="submit"]'),
  ]);

  await office.goto(`${suite.baseUrl}/tasks/2023-3-01-01`);
  await office.click('form[data-form="review"] input[value="reject"]');
  await office.click('form[data-form="review"] button[type="submit"]');
  expect(await office.locator('[data-error-for="comment"]').innerText()).toContain('退回整改理由');
  await office.click('form[data-form="review"] input[value="approve"]');
  await office.selectOption('#f-review-grade', '良好');
  await Promise.all([
    office.waitForURL(/done=review/),
    office.click('form[data-form="review"] button[type="submit"]'),
  ]);
  // The page shows the read model: if that lags (a busy machine), its live header catches up by itself.
  await office.waitForSelector('.task-header:has-text("已办结")', { timeout: DEFAULT_WAIT_MS });
  expect(await office.locator('li[data-event="completion_approved"]').innerText()).toContain('良好');
  await screenshot(office, 'task-completed');
  // The live parts answer 304 while unchanged: a poll that finds nothing new carries no body. The trail
  // shows the task's events and its emails with their delivery state, so it is unchanged once the read
  // model has every event and every email of the task has been sent (the last, 办结, goes out after the
  // approval, at the machine's pace).
  await quiescent(suite.h, '2023-3-01-01');
  const completeKey = `${d.workflowIdFor('2023-3-01-01')}:complete:-:0`;
  await suite.h.until(
    `2023-3-01-01: every email sent, the completion notice (${completeKey}) among them`,
    () =>
      suite.db
        .selectFrom('notifications')
        .select(['key', 'status'])
        .where('task_id', '=', '2023-3-01-01')
        .execute(),
    (mails) => mails.some((m) => m.key === completeKey) && mails.every((m) => m.status === 'sent'),
  );
  const trail = `${suite.baseUrl}/fragments/tasks/2023-3-01-01/trail`;
  const first = await office.request.get(trail);
  expect(first.status()).toBe(200);
  const again = await office.request.get(trail, { headers: { 'if-none-match': first.headers()['etag']! } });
  expect([again.status(), (await again.body()).length]).toEqual([304, 0]);
  await dept.context.close();
});

test('a leader in charge sees the tasks of the departments in charge and gives an instruction (批示)', async () => {
  const { token } = await createToken(suite.db, { role: 'leader', leader: 'jtj.leader@example.org' });
  const { page, context } = await suite.signIn(token);
  await page.waitForSelector('h1:has-text("分管任务")');
  const ids = await page
    .locator('article[data-task]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-task')));
  expect(ids.sort()).toEqual(['2023-1-05', '2023-1-08', '2023-3-01-01']);
  await page.goto(`${suite.baseUrl}/tasks/2023-1-08`);
  expect(
    await page
      .locator('details[data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))),
  ).toEqual(['instruction']);
  await page.click('details[data-action="instruction"] summary');
  await page.fill('#f-instruction-text', '请交通运输局主要负责同志亲自过问，本周内拿出整改方案');
  await Promise.all([
    page.waitForURL(/done=instruction/),
    page.click('form[data-form="instruction"] button[type="submit"]'),
  ]);
  expect(await page.locator('li[data-event="instructed"]').innerText()).toMatch(
    /领导批示[\s\S]*分管副市长：请交通运输局主要负责同志亲自过问/,
  );
  await context.close();
});

afterAll(async () => {
  await office?.context().close();
});
