// 督查通报 in a real browser on the real stack: the office lists and opens a draft (its document framed in the
// page), edits its 按语 and praise list (a bad line refused, naming it), issues it (documents frozen with their
// hash, mailing started) and downloads the PDF; a department never sees the draft, then reads the issued one;
// the office opens a correction.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { BulletinFigures } from '../../db/bulletin-figures';
import { insertDraft } from '../../db/queries/bulletins';
import { screenshot } from '../support/browser';
import { CO, LEAD, OTHER } from '../support/fixtures';
import { fastClock } from '../support/task-harness';
import { useWebSuite } from '../support/web-suite';

// Plan time runs at real speed: nothing here depends on it.
const suite = useWebSuite({ clock: () => fastClock('2023-07-10T09:00:00+08:00', 86_400_000) });

const at = (date: string) => Date.parse(`${date}T18:00:00+08:00`);
const none = { red: 0, yellow: 0, green: 0, completed: 0, cancelled: 0, notStarted: 0 };

/** June 2023 as the drafter would have computed it, over the fixtures' departments. */
const figures: BulletinFigures = {
  window: { period: '2023-06', opensAt: at('2023-06-07'), closesAt: at('2023-07-07') },
  totalTasks: 4,
  lights: { ...none, red: 1, green: 2, completed: 1 },
  pace: { ahead: 1, onPace: 1, behind: 1 },
  reporting: { due: 3, onTime: 2, late: 0, missing: 1, onTimeRate: 2 / 3 },
  units: [
    {
      code: CO,
      name: '住建局',
      tasks: 2,
      reports: { due: 2, onTime: 2, late: 0, missing: 0 },
      onTimeRate: 1,
      escalations: [0, 0, 0, 0],
      score: 95,
      scoreChange: 2,
    },
    {
      code: LEAD,
      name: '交通运输局',
      tasks: 2,
      reports: { due: 1, onTime: 0, late: 0, missing: 1 },
      onTimeRate: 0,
      escalations: [1, 1, 0, 0],
      score: 78,
      scoreChange: -5,
    },
  ],
  flagged: [
    {
      taskId: '2023-1-08',
      title: '城乡物流网络工程',
      unit: LEAD,
      unitName: '交通运输局',
      light: 'red',
      reasons: ['report_missing', 'escalated'],
      percent: 30,
      expectedPercent: 50,
    },
  ],
  completed: [
    {
      taskId: '2023-1-05',
      title: '电力升级工程',
      unit: CO,
      unitName: '住建局',
      at: at('2023-06-20'),
      onTime: true,
    },
  ],
  praise: [{ code: CO, name: '住建局', because: '本期2项报送全部按时，无督办事项' }],
  criticism: [{ code: LEAD, name: '交通运输局', because: '本期未报送1项，被催办1次' }],
  lightsByMonth: [
    { period: '2023-05', lights: { ...none, red: 0, yellow: 1, green: 3 } },
    { period: '2023-06', lights: { ...none, red: 1, green: 2, completed: 1 } },
  ],
};

const REMARK = '各责任单位要对照红灯事项逐项整改，7月20日前书面报送整改情况。';

let office: Page;

beforeAll(async () => {
  await insertDraft(suite.db, figures, 2023);
  office = (await suite.signIn(suite.tokens.office, { viewport: { width: 1366, height: 900 } })).page;
});

afterAll(async () => {
  await office?.context().close();
});

const row = (number: number) =>
  suite.db
    .selectFrom('bulletins')
    .select(['status', 'remark', 'praise', 'criticism', 'content_hash', 'issued_by', 'corrects'])
    .where('plan_year', '=', 2023)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();

/** The text of the bulletin document framed in the page. */
const documentText = (page: Page) =>
  page.frameLocator('iframe.bulletin-document').locator('body').innerText();

test('a department sees no draft: not in the list, and its page, document and PDF are 404', async () => {
  const { page, context } = await suite.signIn(suite.tokens.lead);
  await page.click('nav a:has-text("督查通报")');
  await page.waitForURL(`${suite.baseUrl}/bulletins`);
  expect(await page.locator('.empty').innerText()).toContain('尚无已印发的督查通报');
  for (const path of ['/bulletins/2023/1', '/bulletins/2023/1/document']) {
    const res = await page.goto(suite.baseUrl + path);
    expect([path, res!.status()]).toEqual([path, 404]);
  }
  expect(await page.locator('.error-page').innerText()).toContain('督查通报「2023年第1期」不存在');
  expect((await page.request.get(`${suite.baseUrl}/bulletins/2023/1/document.pdf`)).status()).toBe(404);
  await context.close();
});

test('the office lists the draft and opens it: the document is framed in the page', async () => {
  await office.click('nav a:has-text("督查通报")');
  await office.waitForURL(`${suite.baseUrl}/bulletins`);
  const listed = office.locator('tr[data-bulletin="2023-1"]');
  expect(await listed.innerText()).toMatch(/2023年第1期\s+2023年6月\s+草稿\s+2023年7月7日\s+未印发/);
  await screenshot(office, 'bulletin-list');

  await Promise.all([
    office.waitForURL(`${suite.baseUrl}/bulletins/2023/1`),
    listed.locator('a:has-text("2023年第1期")').click(),
  ]);
  expect(await office.locator('h1').innerText()).toMatch(/督查通报 2023年第1期\s*草稿/);
  const text = await documentText(office);
  expect(text).toContain('督查通报');
  expect(text).toContain('2023年第1期');
  expect(text).toContain('关于2023年6月份重点工作推进情况的通报');

  // The page may frame this site's documents only; the document may be framed by this site only, runs
  // nothing, and keeps its own inline style.
  const pageRes = await office.request.get(`${suite.baseUrl}/bulletins/2023/1`);
  expect(pageRes.headers()['content-security-policy']).toContain("frame-src 'self'");
  expect(pageRes.headers()['x-frame-options']).toBe('DENY');
  const doc = await office.request.get(`${suite.baseUrl}/bulletins/2023/1/document`);
  expect(doc.status()).toBe(200);
  expect(doc.headers()['content-type']).toMatch(/^text\/html/);
  expect(doc.headers()['x-frame-options']).toBe('SAMEORIGIN');
  const csp = doc.headers()['content-security-policy']!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'unsafe-inline'");
  expect(csp).toContain("frame-ancestors 'self'");
  expect(csp).not.toContain('script-src');
});

test('the office edits the 按语 and the praise list; a bad line is refused, naming it, and changes nothing', async () => {
  await office.goto(`${suite.baseUrl}/bulletins/2023/1`);
  await office.click('details[data-action="bulletin-edit"] summary');
  expect(await office.inputValue('#f-bulletin-edit-praise')).toBe(`${CO} 本期2项报送全部按时，无督办事项`);
  await office.fill('#f-bulletin-edit-remark', REMARK);
  await office.fill('#f-bulletin-edit-praise', `${CO} 本期2项报送全部按时，表现突出\n\nxyz 工作积极`);
  await office.click('form[data-form="bulletin-edit"] button[type="submit"]');
  expect(await office.locator('[data-error-for="praise"]').innerText()).toContain(
    '表扬单位第3行：单位代码「xyz」不存在',
  );
  // What was typed is still there to correct; nothing was stored.
  expect(await office.inputValue('#f-bulletin-edit-remark')).toBe(REMARK);
  // The top of the page only: the framed document (sandboxed, so a frame of another origin) is not painted
  // into a full-page picture while it is below the viewport.
  await screenshot(office, 'bulletin-edit-refused', { fullPage: false });
  expect(await row(1)).toMatchObject({ remark: '', praise: figures.praise });

  await office.fill(
    '#f-bulletin-edit-praise',
    `${CO} 本期2项报送全部按时，表现突出\n水利局：主动对接，提前完成年度目标`,
  );
  await Promise.all([
    office.waitForURL(/\/bulletins\/2023\/1\?done=edit$/),
    office.click('form[data-form="bulletin-edit"] button[type="submit"]'),
  ]);
  expect(await office.locator('.flash').innerText()).toBe('已保存修改');
  expect(await row(1)).toMatchObject({
    remark: REMARK,
    praise: [
      { code: CO, name: '住建局', because: '本期2项报送全部按时，表现突出' },
      { code: OTHER, name: '水利局', because: '主动对接，提前完成年度目标' },
    ],
    criticism: figures.criticism,
  });
  const text = await documentText(office);
  expect(text).toContain(REMARK);
  expect(text).toContain('主动对接，提前完成年度目标');
});

test('the office issues it, after ticking the confirmation: the page shows 已印发 and the hash', async () => {
  await office.goto(`${suite.baseUrl}/bulletins/2023/1`);
  await office.click('details[data-action="bulletin-issue"] summary');
  // The script asks first; without the box ticked the server refuses anyway (no script needed).
  const asked: string[] = [];
  office.on('dialog', (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await office.click('form[data-form="bulletin-issue"] button[type="submit"]');
  expect(await office.locator('[data-error-for="confirm"]').innerText()).toContain('请勾选');
  expect((await row(1)).status).toBe('draft');
  await office.check('form[data-form="bulletin-issue"] input[name="confirm"]');
  await Promise.all([
    office.waitForURL(/\/bulletins\/2023\/1\?done=issue$/),
    office.click('form[data-form="bulletin-issue"] button[type="submit"]'),
  ]);
  office.removeAllListeners('dialog');
  expect(asked).toHaveLength(2);
  expect(asked[0]).toContain('不能撤回');

  expect(await office.locator('.flash').innerText()).toContain('已印发');
  expect(await office.locator('h1').innerText()).toContain('已印发');
  const issued = await row(1);
  expect(issued).toMatchObject({ status: 'issued', issued_by: '督查室', remark: REMARK });
  expect(issued.content_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(await office.locator('[data-content-hash]').innerText()).toBe(issued.content_hash);
  expect(await office.locator('[data-fact="issued-by"]').innerText()).toContain('督查室');
  // Issued: no edit or issue form any more, a correction instead.
  expect(
    await office
      .locator('details[data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))),
  ).toEqual(['bulletin-correct']);
  expect(await documentText(office)).not.toContain('草稿');
  await screenshot(office, 'bulletin-detail');
});

test('the PDF downloads as issued', async () => {
  const [download] = await Promise.all([
    office.waitForEvent('download'),
    office.click('a:has-text("下载PDF")'),
  ]);
  expect(download.suggestedFilename()).toBe('督查通报2023年第1期.pdf');
  expect(
    readFileSync((await download.path())!)
      .subarray(0, 4)
      .toString('latin1'),
  ).toBe('%PDF');
  const res = await office.request.get(`${suite.baseUrl}/bulletins/2023/1/document.pdf`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
  expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
});

test('a department reads the issued bulletin, without the office’s forms', async () => {
  const { page, context } = await suite.signIn(suite.tokens.lead);
  await page.goto(`${suite.baseUrl}/bulletins`);
  expect(await page.locator('tr[data-bulletin="2023-1"]').innerText()).toContain('已印发');
  const res = await page.goto(`${suite.baseUrl}/bulletins/2023/1`);
  expect(res!.status()).toBe(200);
  expect(await page.locator('#actions').count()).toBe(0);
  expect(await documentText(page)).toContain('2023年第1期');
  const docx = await page.request.get(`${suite.baseUrl}/bulletins/2023/1/document.docx`);
  expect([docx.status(), (await docx.body()).subarray(0, 2).toString('latin1')]).toEqual([200, 'PK']);
  await context.close();
});

test('the office opens a correction: a new draft naming the issued one, which departments do not see yet', async () => {
  await office.goto(`${suite.baseUrl}/bulletins/2023/1`);
  await office.click('details[data-action="bulletin-correct"] summary');
  await Promise.all([
    office.waitForURL(/\/bulletins\/2023\/2\?done=correct$/),
    office.click('form[data-form="bulletin-correct"] button[type="submit"]'),
  ]);
  expect(await office.locator('h1').innerText()).toMatch(/2023年第2期\s*草稿\s*更正第1期/);
  expect(await row(2)).toMatchObject({ status: 'draft', corrects: 1, remark: REMARK });
  expect(await documentText(office)).toContain('本期为第1期的更正');
  await office.goto(`${suite.baseUrl}/bulletins`);
  expect(await office.locator('tr[data-bulletin="2023-2"]').innerText()).toContain('更正第1期');

  const { page, context } = await suite.signIn(suite.tokens.lead);
  expect((await page.goto(`${suite.baseUrl}/bulletins/2023/2`))!.status()).toBe(404);
  await context.close();
});
