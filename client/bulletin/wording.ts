// Every word of a 督查通报 document, in one place: the HTML (and so the PDF) and the .docx only lay out what this
// file says, so the two can never word a figure differently or put the sections in a different order. Plain
// strings only: no markup, no fonts, no sizes.
import type { Bulletin } from '../../db/queries/bulletins';
import type {
  BulletinFigures,
  CompletedItem,
  FlaggedItem,
  UnitMention,
  UnitRow,
} from '../../db/bulletin-figures';
import { MENTION_RULE } from '../../activities/bulletin-figures';
import { LIGHT_LABEL, LIGHT_REASON_LABEL } from '../service/labels';
import { num, zhDate, zhMonthDay } from '../web/format';

export const MASTHEAD = '督查通报';
export const DRAFT_MARK = '草稿';

/** The charts a document shows (drawn by charts.ts from the figures). */
export type ChartKind = 'lightsByMonth' | 'unitOnTime';

export type Align = 'left' | 'center';

export interface TableBlock {
  kind: 'table';
  headers: string[];
  rows: string[][];
  /** Relative column widths, and how each column's cells sit: both renderers size the table from these. */
  widths: number[];
  align: Align[];
  /** A wide table set a size smaller (小四 rather than 四号) so its columns fit the 156 mm text block. */
  dense?: boolean;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  /** A second-level heading: （一）表扬. */
  | { kind: 'subheading'; text: string }
  /** A numbered entry: 1. 单位：因为…… */
  | { kind: 'item'; text: string }
  /** A smaller remark set apart from the text (the lagging-task note). */
  | { kind: 'note'; text: string }
  | { kind: 'chart'; chart: ChartKind; caption: string }
  | TableBlock;

export interface Section {
  heading: string;
  blocks: Block[];
}

export interface BulletinWording {
  /** 草稿 while the bulletin is a draft; null once issued. */
  draftMark: string | null;
  masthead: string;
  /** 2023年第6期 */
  issueLine: string;
  issuer: string;
  /** 2023年6月12日: the issue date, or the drafting date of a draft. */
  dateLine: string;
  title: string;
  /** 本期为第5期的更正, for a correction. */
  correction: string | null;
  sections: Section[];
  /** The imprint (版记) at the foot: 抄送 line (null with no one to copy), issuer, and 印发 date. */
  imprint: { copyTo: string | null; issuer: string; printed: string };
}

// ---- numbers ------------------------------------------------------------------------------------------------

/** A ratio as a percent, to one decimal at most: 0.875 → 87.5%; null (nothing due) → —. */
export const rateText = (rate: number | null): string =>
  rate === null ? '—' : `${num(Math.round(rate * 1000) / 10)}%`;

/** A percent that is already 0–100: 62.5 → 62.5%; null → —. */
export const percentText = (p: number | null): string =>
  p === null ? '—' : `${num(Math.round(p * 10) / 10)}%`;

/** A score change: +1.5, -2, 0. */
export const changeText = (n: number): string => (n > 0 ? `+${num(n)}` : num(n));

/** 2023-06 → { year: 2023, month: 6 } */
export function periodParts(period: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new Error(`bulletin period ${JSON.stringify(period)} is not YYYY-MM`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** 2023-06 → 6月 (the charts' month labels). */
export const monthLabel = (period: string): string => `${periodParts(period).month}月`;

// ---- chart words (charts.ts draws them) ------------------------------------------------------------------------

/** The stacked series of the monthly chart, bottom up, with their legend words. */
export const LIGHT_SERIES = [
  { key: 'red', label: LIGHT_LABEL.red },
  { key: 'yellow', label: LIGHT_LABEL.yellow },
  { key: 'green', label: LIGHT_LABEL.green },
  { key: 'completed', label: '已办结' },
] as const;

/** What the unit chart says in place of a bar for a unit with no report due this period. */
export const NOTHING_DUE = '本期无到期';
export const NO_DATA = '暂无数据';
/** The monthly chart's vertical axis counts tasks. */
export const COUNT_UNIT = '项';

// ---- the document -------------------------------------------------------------------------------------------

const SECTION_NUMERALS = '一二三四五六七八九十';

/** What a document says beyond its bulletin: who issues it, who is copied, and the date it carries. */
export interface DocumentOptions {
  /** The issuing office as printed under the masthead, e.g. 南岸区人民政府督查室. */
  issuer: string;
  /** 抄送. */
  copyTo: string[];
  /** The plan instant the document is dated: its issue, else its drafting (a year replay dates it in its year). */
  date: number;
}

export function bulletinTitle(b: Bulletin): string {
  const { year, month } = periodParts(b.period);
  return `关于${year}年${month}月份重点工作推进情况的通报`;
}

/** The whole document's words, section by section, in the order both renderers lay them out. */
export function bulletinWording(b: Bulletin, opts: DocumentOptions): BulletinWording {
  const f = b.figures;
  const date = zhDate(opts.date);
  const bodies: Array<[string, Block[]]> = [
    ['总体情况', overview(b)],
    ['各单位报送及督办情况', unitsSection(f)],
    ['红黄灯事项', flaggedSection(f)],
    ['本期办结（销号）事项', completedSection(f)],
    ['表扬和批评', mentionsSection(b.praise, b.criticism)],
  ];
  const remark = remarkParagraphs(b.remark);
  if (remark.length > 0) bodies.push(['督查室按语', remark.map((text) => ({ kind: 'paragraph', text }))]);
  return {
    draftMark: b.status === 'draft' ? DRAFT_MARK : null,
    masthead: MASTHEAD,
    issueLine: `${b.planYear}年第${b.number}期`,
    issuer: opts.issuer,
    dateLine: date,
    title: bulletinTitle(b),
    correction: b.corrects === null ? null : `本期为第${b.corrects}期的更正`,
    sections: bodies.map(([heading, blocks], i) => ({
      heading: `${SECTION_NUMERALS[i]}、${heading}`,
      blocks,
    })),
    imprint: {
      copyTo: opts.copyTo.length > 0 ? `抄送：${opts.copyTo.join('、')}。` : null,
      issuer: opts.issuer,
      printed: `${date}印发`,
    },
  };
}

/** The 按语 as the office typed it: one paragraph per non-empty line. */
export const remarkParagraphs = (remark: string): string[] =>
  remark
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

function overview(b: Bulletin): Block[] {
  const f = b.figures;
  const { year, month } = periodParts(f.window.period);
  const l = f.lights;
  const extra = [
    ...(l.notStarted > 0 ? [`尚未启动${l.notStarted}项`] : []),
    ...(l.cancelled > 0 ? [`已撤销${l.cancelled}项`] : []),
  ];
  const totals =
    // The figures stand at the close (the month's reports all due), not at the month's end.
    `截至${zhDate(f.window.closesAt)}（${month}月份报送截止），${b.planYear}年度重点工作任务共${f.totalTasks}项，其中红灯${l.red}项、` +
    `黄灯${l.yellow}项、绿灯${l.green}项，已办结${l.completed}项${extra.map((e) => `，${e}`).join('')}。`;
  const running = f.pace.ahead + f.pace.onPace + f.pace.behind;
  const pace =
    running === 0
      ? '本期末无在办任务。'
      : `在办的${running}项任务中，超序时进度${f.pace.ahead}项、达序时进度${f.pace.onPace}项、` +
        `欠序时进度${f.pace.behind}项。`;
  const r = f.reporting;
  const reporting =
    r.due === 0
      ? '本期无到期的进度报送节点。'
      : `本期应报送进度${r.due}项，按时报送${r.onTime}项、逾期报送${r.late}项、未报送${r.missing}项，` +
        `按时报送率${rateText(r.onTimeRate)}。`;
  const lagging = f.lagging ?? [];
  return [
    { kind: 'paragraph', text: totals },
    { kind: 'paragraph', text: pace },
    { kind: 'paragraph', text: reporting },
    ...(lagging.length > 0
      ? [
          {
            kind: 'note' as const,
            text:
              `说明：以下任务在本通报起草时尚未完成截至本期末的进度核算，其本期数据可能不完整：` +
              `${lagging.join('、')}。`,
          },
        ]
      : []),
    { kind: 'chart', chart: 'lightsByMonth', caption: `图1\u3000${year}年各月末重点工作任务灯色情况` },
  ];
}

export const UNIT_HEADERS = [
  '单位',
  '牵头任务',
  '应报',
  '按时',
  '逾期',
  '未报',
  '提醒',
  '催办',
  '督办',
  '约谈',
  '得分',
  '较上期',
];

export const unitRow = (u: UnitRow): string[] => [
  u.name,
  String(u.tasks),
  String(u.reports.due),
  String(u.reports.onTime),
  String(u.reports.late),
  String(u.reports.missing),
  ...u.escalations.map(String),
  num(u.score),
  changeText(u.scoreChange),
];

function unitsSection(f: BulletinFigures): Block[] {
  const { month } = periodParts(f.window.period);
  if (f.units.length === 0) return [{ kind: 'paragraph', text: '本期无牵头任务的单位。' }];
  return [
    {
      kind: 'paragraph',
      text:
        `本期共${f.units.length}个单位牵头重点工作任务，各单位进度报送及提醒、催办、督办、约谈情况如下` +
        '（得分按督查室排名规则计算）：',
    },
    {
      kind: 'table',
      headers: UNIT_HEADERS,
      rows: f.units.map(unitRow),
      // In millimetres of the text block: a 9-character name, two-character headers, 较上期 and its sign.
      widths: [40, 10.6, 10.2, 10.2, 10.2, 10.2, 10.2, 10.2, 10.2, 10.2, 10.6, 13.6],
      align: ['left', ...UNIT_HEADERS.slice(1).map((): Align => 'center')],
      dense: true,
    },
    { kind: 'chart', chart: 'unitOnTime', caption: `图2\u3000${month}月各单位进度按时报送率` },
  ];
}

export const FLAGGED_HEADERS = ['任务', '责任单位', '灯色', '原因', '进度', '序时进度'];

export const flaggedRow = (item: FlaggedItem): string[] => [
  item.title,
  item.unitName,
  LIGHT_LABEL[item.light],
  item.reasons.map((r) => LIGHT_REASON_LABEL[r]).join('、') || '—',
  percentText(item.percent),
  percentText(item.expectedPercent),
];

function flaggedSection(f: BulletinFigures): Block[] {
  const red = f.flagged.filter((i) => i.light === 'red').length;
  const yellow = f.flagged.length - red;
  if (f.flagged.length === 0) return [{ kind: 'paragraph', text: '截至本期末，无红灯、黄灯事项。' }];
  return [
    {
      kind: 'paragraph',
      text: `截至本期末，红灯事项${red}项、黄灯事项${yellow}项，请责任单位对照原因抓紧整改，具体如下：`,
    },
    {
      kind: 'table',
      headers: FLAGGED_HEADERS,
      rows: f.flagged.map(flaggedRow),
      widths: [30, 17, 8, 23, 10, 12],
      align: ['left', 'left', 'center', 'left', 'center', 'center'],
    },
  ];
}

export const COMPLETED_HEADERS = ['任务', '责任单位', '销号日期', '是否按时'];

export const completedRow = (item: CompletedItem): string[] => [
  item.title,
  item.unitName,
  zhMonthDay(item.at),
  item.onTime ? '按时办结' : '逾期办结',
];

function completedSection(f: BulletinFigures): Block[] {
  if (f.completed.length === 0) return [{ kind: 'paragraph', text: '本期无办结销号事项。' }];
  const onTime = f.completed.filter((c) => c.onTime).length;
  return [
    {
      kind: 'paragraph',
      text: `本期共办结销号${f.completed.length}项，其中按时办结${onTime}项，具体如下：`,
    },
    {
      kind: 'table',
      headers: COMPLETED_HEADERS,
      rows: f.completed.map(completedRow),
      widths: [38, 32, 15, 15],
      align: ['left', 'left', 'center', 'center'],
    },
  ];
}

/** 1. 市住建局：本期3项报送全部按时，无督办事项。 */
export const mentionText = (m: UnitMention, i: number): string =>
  `${i + 1}. ${m.name}：${m.because.replace(/[。；;，,\s]+$/u, '')}。`;

function mentionsSection(praise: UnitMention[], criticism: UnitMention[]): Block[] {
  const list = (items: UnitMention[], none: string): Block[] =>
    items.length === 0
      ? [{ kind: 'paragraph', text: none }]
      : items.map((m, i) => ({ kind: 'item', text: mentionText(m, i) }));
  return [
    { kind: 'paragraph', text: `本期表扬和批评按以下通报规则确定。${MENTION_RULE.zh}` },
    { kind: 'subheading', text: '（一）表扬' },
    ...(praise.length > 0 ? [{ kind: 'paragraph' as const, text: '对以下单位予以通报表扬：' }] : []),
    ...list(praise, '本期无予以表扬的单位。'),
    { kind: 'subheading', text: '（二）批评' },
    ...(criticism.length > 0
      ? [{ kind: 'paragraph' as const, text: '对以下单位予以通报批评，请限期整改：' }]
      : []),
    ...list(criticism, '本期无予以批评的单位。'),
  ];
}
