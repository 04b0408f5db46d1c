// The bulletin's two charts as standalone SVG documents. One drawing serves both outputs: inline in the HTML
// (and so the PDF) and rasterised by resvg for the .docx, so it uses presentation attributes only (no CSS
// classes, no <style>, no foreignObject, no dominant-baseline) and names the CJK fonts on every text. Every text
// goes through the `html` tag, whose escaping is also XML's.
import type { BulletinFigures } from '../../db/bulletin-figures';
import { html, type SafeHtml } from '../web/html';
import {
  COUNT_UNIT,
  LIGHT_SERIES,
  NO_DATA,
  NOTHING_DUE,
  monthLabel,
  rateText,
  type ChartKind,
} from './wording';

const FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','SimHei',sans-serif";
const INK = '#333333';
const MUTED = '#888888';
const GRID = '#dddddd';

const COLOR: Record<(typeof LIGHT_SERIES)[number]['key'], string> = {
  red: '#d0312d',
  yellow: '#f2b705',
  green: '#3a9a4a',
  completed: '#5b7fb5',
};
/** Text drawn on a bar segment: dark on yellow, white on the rest. */
const ON_COLOR: Record<(typeof LIGHT_SERIES)[number]['key'], string> = {
  red: '#ffffff',
  yellow: '#333333',
  green: '#ffffff',
  completed: '#ffffff',
};
const BAR = '#3a6ea5';

const r1 = (n: number) => Math.round(n * 10) / 10;

interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  bold?: boolean;
}

/** One text, with `y` its vertical middle (baseline placed by hand: resvg and browsers agree on it). */
function text(x: number, y: number, content: string, o: TextOptions = {}): SafeHtml {
  const size = o.size ?? 14;
  return html`<text
    x="${r1(x)}"
    y="${r1(y + size * 0.36)}"
    font-family="${FONT}"
    font-size="${size}"
    fill="${o.fill ?? INK}"
    text-anchor="${o.anchor ?? 'start'}"
    ${o.bold ? html` font-weight="bold"` : ''}
    >${content}</text
  >`;
}

function rect(x: number, y: number, w: number, h: number, fill: string): SafeHtml {
  return html`<rect
    x="${r1(x)}"
    y="${r1(y)}"
    width="${r1(Math.max(0, w))}"
    height="${r1(Math.max(0, h))}"
    fill="${fill}"
  />`;
}

function hline(x1: number, x2: number, y: number, stroke: string): SafeHtml {
  return html`<line
    x1="${r1(x1)}"
    x2="${r1(x2)}"
    y1="${r1(y)}"
    y2="${r1(y)}"
    stroke="${stroke}"
    stroke-width="1"
  />`;
}

function vline(x: number, y1: number, y2: number, stroke: string): SafeHtml {
  return html`<line
    x1="${r1(x)}"
    x2="${r1(x)}"
    y1="${r1(y1)}"
    y2="${r1(y2)}"
    stroke="${stroke}"
    stroke-width="1"
  />`;
}

/** A whole SVG document on a white ground (a PNG of it is not transparent in Word). */
function svgDocument(width: number, height: number, body: SafeHtml): string {
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    width="${width}"
    height="${height}"
    viewBox="0 0 ${width} ${height}"
  >
    ${rect(0, 0, width, height, '#ffffff')}${body}
  </svg>`.toString();
}

/** A step of 1, 2 or 5 × 10^k giving at most about four intervals up to `max`. */
function niceStep(max: number): number {
  if (max <= 4) return 1;
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
}

const LEGEND_STEP = 80;

/** The series' colours and words in a row ending at `right`. */
function legend(right: number, y: number): SafeHtml {
  const x = right - LIGHT_SERIES.length * LEGEND_STEP + 20;
  return html`${LIGHT_SERIES.map(
    (s, i) =>
      html`${rect(x + i * LEGEND_STEP, y - 6, 12, 12, COLOR[s.key])}${text(x + i * LEGEND_STEP + 17, y, s.label)}`,
  )}`;
}

/** Stacked bars of the lights at each month's close: red, yellow, green, completed from the bottom up. */
export function lightsByMonthChart(figures: BulletinFigures): string {
  const W = 640;
  const H = 280;
  const M = { l: 44, r: 16, t: 44, b: 30 };
  const months = figures.lightsByMonth;
  const plotW = W - M.l - M.r;
  const plotH = H - M.t - M.b;
  const totalOf = (l: (typeof months)[number]['lights']) =>
    LIGHT_SERIES.reduce((sum, s) => sum + l[s.key], 0);
  const max = Math.max(0, ...months.map((m) => totalOf(m.lights)));
  const step = niceStep(max);
  const yMax = Math.max(step, Math.ceil(max / step) * step);
  const yOf = (v: number) => M.t + plotH - (v / yMax) * plotH;
  const ticks = Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => i * step);
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.min(56, slot * 0.6);

  const grid = html`${ticks.map(
    (v) =>
      html`${hline(M.l, W - M.r, yOf(v), v === 0 ? MUTED : GRID)}${text(M.l - 6, yOf(v), String(v), { size: 13, anchor: 'end', fill: MUTED })}`,
  )}`;
  const bars = html`${months.map((m, i) => {
    const cx = M.l + slot * (i + 0.5);
    let base = 0;
    const segments = LIGHT_SERIES.map((s) => {
      const v = m.lights[s.key];
      const y0 = yOf(base);
      base += v;
      const y1 = yOf(base);
      if (v <= 0) return html``;
      return html`${rect(cx - barW / 2, y1, barW, y0 - y1, COLOR[s.key])}${
        y0 - y1 >= 15
          ? text(cx, (y0 + y1) / 2, String(v), { size: 13, anchor: 'middle', fill: ON_COLOR[s.key] })
          : ''
      }`;
    });
    const total = totalOf(m.lights);
    return html`${segments}${total > 0 ? text(cx, yOf(total) - 10, String(total), { size: 13, anchor: 'middle', bold: true }) : ''}${text(cx, H - M.b + 16, monthLabel(m.period), { anchor: 'middle' })}`;
  })}`;
  const empty =
    months.length === 0
      ? text(M.l + plotW / 2, M.t + plotH / 2, NO_DATA, { anchor: 'middle', fill: MUTED })
      : '';
  return svgDocument(
    W,
    H,
    html`${legend(W - M.r, 16)}${text(M.l - 6, M.t - 24, COUNT_UNIT, { size: 13, anchor: 'end', fill: MUTED })}${grid}${bars}${empty}`,
  );
}

/** Longer unit names are cut to fit the label column (the table beside the chart gives them whole). */
const fitName = (name: string, max = 12) => (name.length > max ? `${name.slice(0, max - 1)}…` : name);

/** Horizontal bars: each unit's on-time reporting rate this period; a unit with nothing due gets no bar. */
export function unitOnTimeChart(figures: BulletinFigures): string {
  const W = 640;
  const ROW = 30;
  const M = { l: 190, r: 70, t: 30, b: 10 };
  const units = figures.units;
  const H = M.t + Math.max(1, units.length) * ROW + M.b;
  const plotW = W - M.l - M.r;
  const xOf = (rate: number) => M.l + rate * plotW;
  const bottom = H - M.b;

  const axis = html`${[0, 0.5, 1].map(
    (t) =>
      html`${vline(xOf(t), M.t - 4, bottom, t === 0 ? MUTED : GRID)}${text(xOf(t), M.t - 14, rateText(t), { size: 13, anchor: 'middle', fill: MUTED })}`,
  )}`;
  const rows = html`${units.map((u, i) => {
    const cy = M.t + ROW * (i + 0.5);
    const name = text(M.l - 10, cy, fitName(u.name), { anchor: 'end' });
    if (u.onTimeRate === null)
      return html`${name}${text(M.l + 8, cy, NOTHING_DUE, { size: 13, fill: MUTED })}`;
    const end = xOf(Math.min(1, Math.max(0, u.onTimeRate)));
    return html`${name}${rect(M.l, cy - 8, end - M.l, 16, BAR)}${text(end + 6, cy, rateText(u.onTimeRate), { size: 13 })}`;
  })}`;
  const empty =
    units.length === 0
      ? text(M.l + plotW / 2, M.t + ROW / 2, NO_DATA, { anchor: 'middle', fill: MUTED })
      : '';
  return svgDocument(W, H, html`${axis}${rows}${empty}`);
}

/** The chart a wording block names, as an SVG document. */
export const CHARTS: Record<ChartKind, (figures: BulletinFigures) => string> = {
  lightsByMonth: lightsByMonthChart,
  unitOnTime: unitOnTimeChart,
};
