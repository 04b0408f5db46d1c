// The 督查通报 as a Word document, for the office to file, forward or edit in WPS or Word. Same words and order as
// the HTML (both come from wording.ts); this file only lays them out the way GB/T 9704 has it: A4, red masthead
// and rule, 方正小标宋 title, 黑体 headings, 仿宋 text at 三号 on a 28pt line. Every run names its East Asian
// font and Times New Roman for Latin text and figures, so WPS and Word pick the same faces. The charts are the
// HTML's SVGs rasterised by resvg (Word's SVG support is uneven; a PNG shows everywhere).
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import type { Bulletin } from '../../db/queries/bulletins';
import type { BulletinFigures } from '../../db/bulletin-figures';
import { CHARTS } from './charts';
import {
  bulletinWording,
  type Align,
  type Block,
  type BulletinWording,
  type DocumentOptions,
  type TableBlock,
} from './wording';

const FANGSONG = '仿宋';
const HEITI = '黑体';
const KAITI = '楷体';
const XIAOBIAOSONG = '方正小标宋简体';
const RED = 'D40000';

/** Twips (1/20 pt) from millimetres. */
const mm = (n: number) => Math.round((n * 1440) / 25.4);
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(25) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** A chart's width on the page, in pixels at 96 to the inch: 90% of the 156 mm text block, as in the HTML. */
const CHART_WIDTH_PX = 530;

/** Point sizes: 三号 text, 二号 title, tables and notes at 14pt (四号), a wide table at 12pt (小四). */
const PT = { body: 16, title: 22, masthead: 48, small: 14, dense: 12 };
/** The fixed 28pt line of 公文 text, in twips. */
const BODY_LINE = 560;

interface RunStyle {
  font: string;
  pt: number;
  color?: string;
  bold?: boolean;
  characterSpacing?: number;
}

/** A run of text; a tab in it becomes Word's tab element (a tab character inside <w:t> is not one). */
function run(text: string, s: RunStyle): TextRun {
  const parts = text.split('\t');
  return new TextRun({
    children: parts.flatMap((part, i) => (i === 0 ? [part] : [new Tab(), part])),
    font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: s.font },
    size: s.pt * 2,
    ...(s.color ? { color: s.color } : {}),
    ...(s.bold ? { bold: true } : {}),
    ...(s.characterSpacing ? { characterSpacing: s.characterSpacing } : {}),
  });
}

const exactLine = (twips: number) => ({ line: twips, lineRule: LineRuleType.EXACT });
/** First line indented by two characters of `pt` points. */
const twoChars = (pt: number) => ({ firstLine: pt * 40 });

function paragraph(text: string, s: RunStyle, options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ ...options, children: [run(text, s)] });
}

/** A text paragraph of the body: 仿宋 三号, indented two characters, justified, on the 28pt line. */
const bodyParagraph = (text: string) =>
  paragraph(
    text,
    { font: FANGSONG, pt: PT.body },
    { alignment: AlignmentType.BOTH, indent: twoChars(PT.body), spacing: exactLine(BODY_LINE) },
  );

/** A right tab at the text block's edge: 「issuer ⇥ date」 on one line. */
const RIGHT_TAB = [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }];

function mastheadParagraphs(w: BulletinWording): Paragraph[] {
  return [
    paragraph(
      w.masthead,
      { font: XIAOBIAOSONG, pt: PT.masthead, color: RED, bold: true, characterSpacing: PT.masthead * 6 },
      { alignment: AlignmentType.CENTER, spacing: { after: 120 } },
    ),
    paragraph(w.issueLine, { font: FANGSONG, pt: PT.body }, { alignment: AlignmentType.CENTER }),
    new Paragraph({
      tabStops: RIGHT_TAB,
      // The red rule under the masthead.
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      children: [run(`${w.issuer}\t${w.dateLine}`, { font: FANGSONG, pt: PT.body })],
    }),
  ];
}

function titleParagraphs(w: BulletinWording): Paragraph[] {
  return [
    paragraph(
      w.title,
      { font: XIAOBIAOSONG, pt: PT.title },
      { alignment: AlignmentType.CENTER, spacing: { before: 480, ...exactLine(640) } },
    ),
    ...(w.correction
      ? [
          paragraph(
            w.correction,
            { font: FANGSONG, pt: PT.body, color: RED },
            { alignment: AlignmentType.CENTER },
          ),
        ]
      : []),
    new Paragraph({ spacing: exactLine(BODY_LINE), children: [] }),
  ];
}

function heading(text: string, font: string): Paragraph {
  return paragraph(
    text,
    { font, pt: PT.body },
    { indent: twoChars(PT.body), spacing: exactLine(BODY_LINE), keepNext: true },
  );
}

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
};

interface CellStyle {
  width: number;
  align: Align;
  header: boolean;
  pt: number;
}

/** One table cell: 黑体 and centred in the header row, 仿宋 below. */
function cell(text: string, c: CellStyle): TableCell {
  return new TableCell({
    width: { size: c.width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 40, right: 40, top: 30, bottom: 30 },
    children: [
      paragraph(
        text,
        { font: c.header ? HEITI : FANGSONG, pt: c.pt },
        { alignment: c.header ? AlignmentType.CENTER : ALIGN[c.align] },
      ),
    ],
  });
}

function table(t: TableBlock): Table {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const pt = t.dense ? PT.dense : PT.small;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: t.headers.map((h, i) => cell(h, { width: widths[i]!, align: 'center', header: true, pt })),
      }),
      ...t.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, i) =>
              cell(text, { width: widths[i]!, align: t.align[i] ?? 'left', header: false, pt }),
            ),
          }),
      ),
    ],
  });
}

/** An SVG chart as PNG bytes and its pixel size (resvg, with the system's CJK fonts). */
export function chartPng(svg: string): { data: Buffer; width: number; height: number } {
  const rendered = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
    fitTo: { mode: 'width', value: 1200 },
  }).render();
  return { data: rendered.asPng(), width: rendered.width, height: rendered.height };
}

function chart(svg: string, caption: string): Paragraph[] {
  const png = chartPng(svg);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 120 },
      children: [
        new ImageRun({
          type: 'png',
          data: png.data,
          transformation: {
            width: CHART_WIDTH_PX,
            height: Math.round((CHART_WIDTH_PX * png.height) / png.width),
          },
          altText: { name: caption, description: caption, title: caption },
        }),
      ],
    }),
    paragraph(
      caption,
      { font: FANGSONG, pt: PT.small },
      { alignment: AlignmentType.CENTER, spacing: { after: 240 } },
    ),
  ];
}

function block(b: Block, figures: BulletinFigures): Array<Paragraph | Table> {
  switch (b.kind) {
    case 'paragraph':
    case 'item':
      return [bodyParagraph(b.text)];
    case 'subheading':
      return [heading(b.text, KAITI)];
    case 'note':
      return [
        paragraph(
          b.text,
          { font: FANGSONG, pt: PT.small },
          {
            alignment: AlignmentType.BOTH,
            indent: twoChars(PT.small),
            spacing: { before: 60, after: 60, ...exactLine(440) },
          },
        ),
      ];
    case 'table':
      // A table is followed by a small gap (Word puts the next paragraph right against its bottom border).
      return [table(b), new Paragraph({ spacing: exactLine(200), children: [] })];
    case 'chart':
      return chart(CHARTS[b.chart](figures), b.caption);
  }
}

/** The 版记 at the foot: 抄送, then issuer and 印发 date, between black rules. */
function imprint(w: BulletinWording): Paragraph[] {
  const style: RunStyle = { font: FANGSONG, pt: PT.small };
  const rule = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 2 };
  const indent = { left: 280, right: 280 };
  const { copyTo, issuer, printed } = w.imprint;
  return [
    new Paragraph({ spacing: { before: 480 }, children: [] }),
    ...(copyTo
      ? [paragraph(copyTo, style, { indent, border: { top: rule, bottom: { ...rule, size: 4 } } })]
      : []),
    new Paragraph({
      indent,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - indent.left - indent.right }],
      border: { ...(copyTo ? {} : { top: rule }), bottom: rule },
      children: [run(`${issuer}\t${printed}`, style)],
    }),
  ];
}

const draftHeader = (mark: string) =>
  new Header({
    children: [
      paragraph(
        mark,
        { font: HEITI, pt: PT.body, color: RED, bold: true },
        { alignment: AlignmentType.RIGHT },
      ),
    ],
  });

/** 「— 1 —」 centred at the foot of every page. */
const pageNumberFooter = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: FANGSONG },
            size: PT.small * 2,
          }),
        ],
      }),
    ],
  });

/** The bulletin as .docx bytes. */
export async function renderBulletinDocx(b: Bulletin, opts: DocumentOptions): Promise<Buffer> {
  const w = bulletinWording(b, opts);
  const doc = new Document({
    title: `${w.masthead} ${w.issueLine} ${w.title}`,
    creator: w.issuer,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: FANGSONG },
            size: PT.body * 2,
          },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        ...(w.draftMark ? { headers: { default: draftHeader(w.draftMark) } } : {}),
        footers: { default: pageNumberFooter() },
        children: [
          ...mastheadParagraphs(w),
          ...titleParagraphs(w),
          ...w.sections.flatMap((s) => [
            heading(s.heading, HEITI),
            ...s.blocks.flatMap((x) => block(x, b.figures)),
          ]),
          ...imprint(w),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
