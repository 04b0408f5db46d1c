// The bulletin's documents as an office receives them: the .docx opened as Word would (its XML and media), the
// PDF read back by poppler (text, embedded fonts, a picture of page 1). Real chromium, real resvg, real docx: no
// mocks, so a missing font, an unembedded face or a lost section fails here rather than on a leader's desk.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bulletin } from '../../db/queries/bulletins';
import type { BulletinFigures } from '../../db/bulletin-figures';
import { MENTION_RULE } from '../../activities/bulletin-figures';
import { lightsByMonthChart, unitOnTimeChart } from '../../client/bulletin/charts';
import { bulletinDocumentHtml } from '../../client/bulletin/document-html';
import { renderBulletinDocx } from '../../client/bulletin/docx';
import { renderBulletinPdf } from '../../client/bulletin/pdf';
import { SCREENSHOT_DIR } from '../support/browser';

jest.setTimeout(120_000);

const OPTS = {
  issuer: '滨海市人民政府督查室',
  copyTo: ['市委办公室', '市人大常委会办公室', '市政协办公室'],
  date: Date.parse('2023-07-03T10:00:00+08:00'),
};
const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`);

const figures: BulletinFigures = {
  window: { period: '2023-06', opensAt: at('2023-05-31'), closesAt: at('2023-06-30') },
  totalTasks: 9,
  lights: { red: 1, yellow: 1, green: 4, completed: 2, cancelled: 0, notStarted: 1 },
  pace: { ahead: 2, onPace: 1, behind: 3 },
  reporting: { due: 8, onTime: 7, late: 0, missing: 1, onTimeRate: 0.875 },
  units: [
    {
      code: 'zjj',
      name: '市住房和城乡建设局',
      tasks: 4,
      reports: { due: 5, onTime: 5, late: 0, missing: 0 },
      onTimeRate: 1,
      escalations: [0, 0, 0, 0],
      score: 96.5,
      scoreChange: 1.5,
    },
    {
      code: 'jtj',
      name: '市交通运输局',
      tasks: 3,
      reports: { due: 3, onTime: 2, late: 0, missing: 1 },
      onTimeRate: 2 / 3,
      escalations: [2, 1, 1, 0],
      score: 81,
      scoreChange: -4,
    },
    {
      code: 'sjj',
      name: '市数据局',
      tasks: 2,
      reports: { due: 0, onTime: 0, late: 0, missing: 0 },
      onTimeRate: null,
      escalations: [0, 0, 0, 0],
      score: 90,
      scoreChange: 0,
    },
  ],
  flagged: [
    {
      taskId: 'T-2023-004',
      title: '断头路打通<二期>',
      unit: 'jtj',
      unitName: '市交通运输局',
      light: 'red',
      reasons: ['report_missing', 'escalated'],
      percent: 35,
      expectedPercent: 62.5,
    },
    {
      taskId: 'T-2023-007',
      title: '政务数据共享平台',
      unit: 'sjj',
      unitName: '市数据局',
      light: 'yellow',
      reasons: ['behind_schedule'],
      percent: 40,
      expectedPercent: 55,
    },
  ],
  completed: [
    {
      taskId: 'T-2023-001',
      title: '老旧小区加装电梯',
      unit: 'zjj',
      unitName: '市住房和城乡建设局',
      at: at('2023-06-20'),
      onTime: true,
    },
  ],
  praise: [{ code: 'zjj', name: '市住房和城乡建设局', because: '本期5项报送全部按时，无督办事项' }],
  criticism: [{ code: 'jtj', name: '市交通运输局', because: '本期未报送1项，督办1次' }],
  lightsByMonth: [
    { period: '2023-04', lights: { red: 0, yellow: 2, green: 6, completed: 0, cancelled: 0, notStarted: 1 } },
    { period: '2023-05', lights: { red: 1, yellow: 1, green: 5, completed: 1, cancelled: 0, notStarted: 1 } },
    { period: '2023-06', lights: { red: 1, yellow: 1, green: 4, completed: 2, cancelled: 0, notStarted: 1 } },
  ],
};

const issued: Bulletin = {
  planYear: 2023,
  number: 6,
  period: '2023-06',
  opensAt: new Date(figures.window.opensAt).toISOString(),
  closesAt: new Date(figures.window.closesAt).toISOString(),
  status: 'issued',
  figures,
  remark: '各责任单位要对照红黄灯事项逐项整改。\n\n  市交通运输局要在7月10日前报送整改情况。  ',
  // The office edited the lists before issuing: these, not figures.praise, are what the documents say.
  praise: [{ code: 'zjj', name: '市住房和城乡建设局', because: '本期5项报送全部按时，表现突出' }],
  criticism: [{ code: 'jtj', name: '市交通运输局', because: '本期未报送1项，被督办1次，整改不力' }],
  corrects: null,
  draftedAt: '2023-07-01T01:00:00.000Z',
  issuedAt: '2023-07-03T02:00:00.000Z',
  issuedBy: 'office-1',
  contentHash: 'abc',
};

const TITLE = '关于2023年6月份重点工作推进情况的通报';

/** What both documents must say, in the order they say it. */
const EXPECTED_TEXT = [
  '督查通报',
  '2023年第6期',
  '滨海市人民政府督查室',
  '2023年7月3日',
  TITLE,
  '一、总体情况',
  '红灯1项、黄灯1项、绿灯4项，已办结2项，尚未启动1项',
  '超序时进度2项、达序时进度1项、欠序时进度3项',
  '按时报送率87.5%',
  '图1',
  '二、各单位报送及督办情况',
  '市住房和城乡建设局',
  '96.5',
  '+1.5',
  '市交通运输局',
  '市数据局',
  '图2',
  '三、红黄灯事项',
  '断头路打通<二期>',
  '进度未按时报送、已升级督办',
  '35%',
  '62.5%',
  '政务数据共享平台',
  '落后序时进度',
  '四、本期办结（销号）事项',
  '老旧小区加装电梯',
  '6月20日',
  '按时办结',
  '五、表扬和批评',
  MENTION_RULE.zh,
  '（一）表扬',
  '市住房和城乡建设局：本期5项报送全部按时，表现突出。',
  '（二）批评',
  '市交通运输局：本期未报送1项，被督办1次，整改不力。',
  '六、督查室按语',
  '各责任单位要对照红黄灯事项逐项整改。',
  '市交通运输局要在7月10日前报送整改情况。',
  '抄送：市委办公室、市人大常委会办公室、市政协办公室。',
  '2023年7月3日印发',
];

/** Whitespace removed: a PDF's layout and the docx's runs may split a sentence with spaces or line breaks. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** Fails naming the first expected text missing from `text` (or, with `inOrder`, out of order). */
function expectSays(text: string, expected: string[], inOrder: boolean): void {
  let from = 0;
  for (const e of expected) {
    const i = text.indexOf(squash(e), inOrder ? from : 0);
    expect({ expected: e, found: i >= 0 }).toEqual({ expected: e, found: true });
    from = i + 1;
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'duban-bulletin-'));
});
// DUBAN_KEEP_DOCUMENTS=1 keeps the files for a look (the path is printed).
afterAll(() => {
  if (process.env.DUBAN_KEEP_DOCUMENTS) console.log(`bulletin documents kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

/** The visible text of a WordprocessingML part: its runs' text, tabs as spaces. */
function docxText(xml: string): string {
  const texts = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
  return texts
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

async function writeDocx(b: Bulletin, name: string, opts = OPTS): Promise<string> {
  const file = path.join(dir, `${name}.docx`);
  writeFileSync(file, await renderBulletinDocx(b, opts));
  return file;
}

async function writePdf(b: Bulletin, name: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, await renderBulletinPdf(bulletinDocumentHtml(b, OPTS)));
  return file;
}

const unzipPart = (file: string, part: string) =>
  execFileSync('unzip', ['-p', file, part], { encoding: 'utf8' });
const unzipList = (file: string) => execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('the .docx', () => {
  let file: string;
  let xml: string;
  beforeAll(async () => {
    file = await writeDocx(issued, 'issued');
    xml = unzipPart(file, 'word/document.xml');
  });

  it('says everything the bulletin says, in order', () => {
    expectSays(squash(docxText(xml)), EXPECTED_TEXT, true);
  });

  it('renders the office-edited praise and criticism, not the computed ones', () => {
    const text = docxText(xml);
    expect(text).not.toContain('本期5项报送全部按时，无督办事项');
    expect(text).not.toContain('本期未报送1项，督办1次');
  });

  it('names the East Asian fonts of a government document on its runs, and Times New Roman for Latin text', () => {
    for (const font of ['仿宋', '黑体', '方正小标宋简体'])
      expect(xml).toMatch(new RegExp(`w:eastAsia="${font}"`));
    expect(xml).toMatch(/w:ascii="Times New Roman"/);
    // Every run names its fonts.
    const runs = xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? [];
    const textRuns = runs.filter((r) => r.includes('<w:t'));
    expect(textRuns.length).toBeGreaterThan(50);
    for (const r of textRuns) expect(r).toMatch(/w:eastAsia="/);
  });

  it('draws the masthead red and centred, under it a red rule, on A4', () => {
    const masthead = xml.slice(
      xml.lastIndexOf('<w:p>', xml.indexOf('>督查通报<')),
      xml.indexOf('>督查通报<'),
    );
    expect(masthead).toMatch(/<w:jc w:val="center"\/>/);
    expect(masthead).toMatch(/<w:color w:val="D40000"\/>/);
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="D40000"/);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('carries the two charts as PNG images, and has no draft mark when issued', () => {
    const media = unzipList(file).filter((p) => /^word\/media\/.+\.png$/.test(p));
    expect(media).toHaveLength(2);
    for (const p of media) {
      const png = execFileSync('unzip', ['-p', file, p]);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(5_000);
    }
    const headers = unzipList(file).filter((p) => /^word\/header\d*\.xml$/.test(p));
    for (const h of headers) expect(docxText(unzipPart(file, h))).not.toContain('草稿');
    expect(docxText(xml)).not.toContain('草稿');
    expect(docxText(xml)).not.toContain('更正');
    expect(docxText(xml)).not.toContain('说明：');
  });
});

describe('the PDF', () => {
  let file: string;
  beforeAll(async () => {
    file = await writePdf(issued, 'issued');
  });

  it('says everything the bulletin says, the charts included', () => {
    const text = squash(pdfText(file));
    // Layout mode reads a table row across its cells: only a cell's own words are sure to stay together.
    const inCells = new Set(['进度未按时报送、已升级督办']);
    expectSays(
      text,
      EXPECTED_TEXT.filter((e) => !inCells.has(e)),
      false,
    );
    // The charts' words are text in the PDF too (inline SVG, not pictures).
    expectSays(
      text,
      ['红灯', '黄灯', '绿灯', '已办结', '4月', '5月', '6月', '本期无到期', '100%', '66.7%'],
      false,
    );
    expect(text).not.toContain('草稿');
    expect(text).not.toContain('更正');
  });

  it('embeds every font it uses, CJK ones among them', () => {
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    // name type encoding emb sub uni object ID: counted from the right, as a name may be [none] or have spaces.
    for (const row of rows) expect({ row, emb: row.trim().split(/\s+/).at(-5) }).toEqual({ row, emb: 'yes' });
    // Chromium embeds OpenType/CFF faces (Noto CJK is one) as Type 3 fonts, which pdffonts lists as [none]:
    // the face each came from is named in its font descriptor (PDF 1.4, so the dictionaries are plain text).
    const named = [
      ...rows.map((r) => r.split(/\s{2,}/)[0]!),
      ...[...readFileSync(file, 'latin1').matchAll(/\/FontName\s*\/([^\s/<>[\]()]+)/g)].map((m) => m[1]!),
    ];
    const CJK = /CJK|FangSong|SimHei|SimSun|KaiTi|SourceHan|FZ/i;
    expect({ named, cjk: named.some((n) => CJK.test(n)) }).toEqual({ named, cjk: true });
  });

  it('prints page 1 as an A4 image (test-results/screenshots/bulletin-page-1.png)', () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const out = path.join(SCREENSHOT_DIR, 'bulletin-page-1');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, out]);
    const png = execFileSync('file', [`${out}.png`], { encoding: 'utf8' });
    // A4 at 70 dpi: 579 × 819 pixels.
    expect(png).toMatch(/PNG image data, 579 x 819/);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
  });
});

describe('a draft and a correction', () => {
  const draft: Bulletin = {
    ...issued,
    // Two tasks had not caught up with the close when the drafter stopped waiting.
    figures: { ...figures, lagging: ['T-2023-009', 'T-2023-011'] },
    number: 7,
    status: 'draft',
    corrects: 6,
    remark: '',
    issuedAt: null,
    issuedBy: null,
    contentHash: null,
  };

  it('the .docx marks the draft in its header, and says what it corrects under the title', async () => {
    const file = await writeDocx(draft, 'draft', { ...OPTS, date: Date.parse('2023-07-01T09:00:00+08:00') });
    const headers = unzipList(file).filter((p) => /^word\/header\d*\.xml$/.test(p));
    expect(headers.map((h) => docxText(unzipPart(file, h))).join('')).toContain('草稿');
    const text = squash(docxText(unzipPart(file, 'word/document.xml')));
    expect(text).toContain(squash(`${TITLE}本期为第6期的更正`));
    expect(text).toContain('2023年第7期');
    expect(text).toContain('T-2023-009、T-2023-011');
    // The document carries the date it is given (a draft's: its drafting); with no remark there is no 按语 section.
    expect(text).toContain('2023年7月1日');
    expect(text).not.toContain('2023年7月3日');
    expect(text).not.toContain('督查室按语');
  });

  it('the PDF shows 草稿 and the correction line', async () => {
    const text = squash(pdfText(await writePdf(draft, 'draft')));
    expect(text).toContain('草稿');
    expect(text).toContain(squash(`${TITLE}本期为第6期的更正`));
    expect(text).toContain('T-2023-009、T-2023-011');
    expect(text).not.toContain('督查室按语');
  });
});

describe('the HTML and the charts', () => {
  it('escape every text, and load nothing from outside', () => {
    const doc = bulletinDocumentHtml(issued, OPTS);
    expect(doc).toContain('断头路打通&lt;二期&gt;');
    expect(doc).not.toContain('<二期>');
    expect(doc).toMatch(/@page\s*{[^}]*size:\s*A4/);
    expect(doc).not.toMatch(/\b(src|href)=|url\(|@import/);
  });

  it('are standalone SVG documents with attributes only', () => {
    const named = {
      ...figures,
      units: [{ ...figures.units[0]!, name: '市住建局<&>"试点"' }, ...figures.units.slice(1)],
    };
    for (const svg of [lightsByMonthChart(figures), unitOnTimeChart(named)]) {
      expect(svg).toMatch(
        /^<svg\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"\s+width="\d+"\s+height="\d+"\s+viewBox="0 0 \d+ \d+"/,
      );
      expect(svg).not.toMatch(/class=|<style|foreignObject/);
      expect(svg).toContain('Noto Sans CJK SC');
    }
    expect(unitOnTimeChart(named)).toContain('市住建局&lt;&amp;&gt;&quot;试点&quot;');
    const months = lightsByMonthChart(figures);
    for (const word of ['4月', '5月', '6月', '红灯', '黄灯', '绿灯', '已办结'])
      expect(months).toContain(word);
    const units = unitOnTimeChart(figures);
    expect(units).toContain('本期无到期');
    expect(units).toContain('66.7%');
    // Two bars (the unit with nothing due has none), on a white ground.
    expect(units.match(/<rect\s/g)).toHaveLength(3);
  });
});
