// The 督查通报 as one standalone, print-ready HTML document in the layout a Chinese government office uses (red
// masthead and rule, 小标宋 title, 黑体 headings, 仿宋 text, 版记 at the foot). It is what the PDF prints, so it
// loads nothing: the charts are inline SVG and the fonts are named, not fetched. The words come from wording.ts
// (shared with the .docx); this file only lays them out, every text through the escaping `html` tag.
import type { Bulletin } from '../../db/queries/bulletins';
import type { BulletinFigures } from '../../db/bulletin-figures';
import { html, raw, type SafeHtml } from '../web/html';
import { CHARTS } from './charts';
import {
  bulletinWording,
  type Block,
  type BulletinWording,
  type DocumentOptions,
  type Section,
  type TableBlock,
} from './wording';

const RED = '#d40000';
const BODY_FONT = "'FangSong','仿宋','Noto Serif CJK SC','Source Han Serif SC',serif";
const HEADING_FONT = "'SimHei','黑体','Noto Sans CJK SC',sans-serif";
const SUBHEADING_FONT = "'KaiTi','楷体','Noto Serif CJK SC','Source Han Serif SC',serif";
const TITLE_FONT = "'FZXiaoBiaoSong-B05S','方正小标宋简体','Noto Serif CJK SC',serif";

/** GB/T 9704 proportions: A4, text block 156 mm wide, 三号 (16pt) text on a 28pt line, 二号 (22pt) title. */
const STYLE = `
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: ${BODY_FONT}; font-size: 14pt; }
}
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 156mm; color: #000; font-family: ${BODY_FONT}; font-size: 16pt; line-height: 28pt; }
@media screen { body { padding: 20mm 0; } }
.masthead { text-align: center; border-bottom: 2.5pt solid ${RED}; padding-bottom: 4pt; position: relative; }
.masthead-name { margin: 0; color: ${RED}; font-family: ${TITLE_FONT}; font-size: 48pt; font-weight: bold;
  line-height: 1.25; letter-spacing: 0.3em; padding-left: 0.3em; }
.masthead p { text-align: center; }
.issue { margin: 4pt 0 0; }
.issuer-line { display: flex; justify-content: space-between; margin: 0; }
.draft-badge { position: absolute; top: 0; right: 0; border: 2pt solid ${RED}; color: ${RED};
  font-family: ${HEADING_FONT}; font-size: 16pt; line-height: 1; padding: 4pt 8pt; }
/* Printed, the draft mark is in every page's top margin (draftPageCss) rather than once on the first. */
@media print { .draft-badge { display: none; } }
.title { margin: 24pt 0 0; text-align: center; font-family: ${TITLE_FONT}; font-size: 22pt; font-weight: normal;
  line-height: 32pt; }
.correction { margin: 4pt 0 0; text-align: center; color: ${RED}; }
.sections { margin-top: 20pt; }
h2 { margin: 0; font-family: ${HEADING_FONT}; font-size: 16pt; font-weight: normal; text-indent: 2em;
  break-after: avoid; }
h3 { margin: 0; font-family: ${SUBHEADING_FONT}; font-size: 16pt; font-weight: normal; text-indent: 2em;
  break-after: avoid; }
p { margin: 0; text-align: justify; }
.text, .item { text-indent: 2em; }
.note { margin: 4pt 0; text-indent: 2em; font-size: 14pt; line-height: 22pt; color: #333; }
table { width: 100%; margin: 6pt 0 10pt; border-collapse: collapse; table-layout: fixed; font-size: 14pt;
  line-height: 20pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.dense { font-size: 12pt; line-height: 17pt; }
th, td { border: 1pt solid #000; padding: 3pt 2pt; word-break: break-all; }
th { font-family: ${HEADING_FONT}; font-weight: normal; text-align: center; }
td.center { text-align: center; }
figure { margin: 8pt 0 12pt; break-inside: avoid; }
figure svg { display: block; width: 90%; height: auto; margin: 0 auto; }
figcaption { text-align: center; font-size: 14pt; line-height: 22pt; }
.imprint { margin-top: 36pt; border-top: 1pt solid #000; border-bottom: 1pt solid #000; font-size: 14pt;
  line-height: 24pt; break-inside: avoid; }
.imprint p { padding: 2pt 1em; }
.imprint .copy-to { border-bottom: 0.75pt solid #000; }
.printed { display: flex; justify-content: space-between; }
`;

function tableHtml(t: TableBlock): SafeHtml {
  const total = t.widths.reduce((a, b) => a + b, 0);
  return html`<table class="${t.dense ? 'dense' : ''}">
    <colgroup>
      ${t.widths.map((w) => html`<col style="width: ${Math.round((w / total) * 1000) / 10}%" />`)}
    </colgroup>
    <thead>
      <tr>
        ${t.headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${t.rows.map(
        (row) =>
          html`<tr>
            ${row.map((cell, i) => html`<td class="${t.align[i] ?? 'left'}">${cell}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function blockHtml(block: Block, figures: BulletinFigures): SafeHtml {
  switch (block.kind) {
    case 'paragraph':
      return html`<p class="text">${block.text}</p>`;
    case 'subheading':
      return html`<h3>${block.text}</h3>`;
    case 'item':
      return html`<p class="item">${block.text}</p>`;
    case 'note':
      return html`<p class="note">${block.text}</p>`;
    case 'table':
      return tableHtml(block);
    case 'chart':
      // The SVG is built by charts.ts with the same escaping `html` tag: every text in it is already escaped.
      return html`<figure>
        ${raw(CHARTS[block.chart](figures))}
        <figcaption>${block.caption}</figcaption>
      </figure>`;
  }
}

function sectionHtml(section: Section, figures: BulletinFigures): SafeHtml {
  return html`<section>
    <h2>${section.heading}</h2>
    ${section.blocks.map((b) => blockHtml(b, figures))}
  </section>`;
}

function mastheadHtml(w: BulletinWording): SafeHtml {
  return html`<header class="masthead">
    ${w.draftMark ? html`<div class="draft-badge">${w.draftMark}</div>` : ''}
    <div class="masthead-name">${w.masthead}</div>
    <p class="issue">${w.issueLine}</p>
    <p class="issuer-line"><span>${w.issuer}</span><span>${w.dateLine}</span></p>
  </header>`;
}

function imprintHtml(w: BulletinWording): SafeHtml {
  const { copyTo, issuer, printed } = w.imprint;
  return html`<footer class="imprint">
    ${copyTo ? html`<p class="copy-to">${copyTo}</p>` : ''}
    <p class="printed"><span>${issuer}</span><span>${printed}</span></p>
  </footer>`;
}

/** A CSS string literal: quotes, backslashes and anything that could close the <style> element escaped. */
const cssString = (s: string) => `"${s.replace(/[\\"<>\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/**
 * The draft mark at the top right of every printed page, as a margin box: in the margin it can never overlap the
 * text, and a PDF's text keeps it apart from the sentences (a rotated watermark over the page does not).
 */
const draftPageCss = (mark: string) =>
  `@page { @top-right { content: ${cssString(mark)}; color: ${RED}; font-family: ${HEADING_FONT}; font-size: 16pt;
  font-weight: bold; vertical-align: bottom; padding-bottom: 6mm; } }`;

/** The bulletin as a complete HTML document (A4, print-ready, no external resources). */
export function bulletinDocumentHtml(b: Bulletin, opts: DocumentOptions): string {
  const w = bulletinWording(b, opts);
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>${w.masthead} ${w.issueLine} ${w.title}</title>
        <style>
          ${raw(STYLE)}${w.draftMark ? raw(draftPageCss(w.draftMark)) : ''}
        </style>
      </head>
      <body>
        ${mastheadHtml(w)}
        <h1 class="title">${w.title}</h1>
        ${w.correction ? html`<p class="correction">${w.correction}</p>` : ''}
        <main class="sections">${w.sections.map((s) => sectionHtml(s, b.figures))}</main>
        ${imprintHtml(w)}
      </body>
    </html> `.toString();
}
