// Finding figures with their units in a clause: "140万平方米以上", "百分之十", "6%-7%", "300多个".
import { applyMagnitude, parseFigure } from './numerals';
import {
  AFTER_ABOUT,
  AFTER_AT_LEAST,
  AFTER_AT_MOST,
  COUNT_UNITS,
  CURRENCY_UNITS,
  IDIOMATIC_ONE,
  MAGNITUDES,
  MEASURE_UNITS,
  ORDINAL_PREFIX,
  RANGE_SEPARATORS,
} from './rules';
import { maskQuoted } from './sentences';

export interface Quantity {
  /** Where the figure starts and where it ends, its trailing 以上/以下/左右 included. */
  start: number;
  end: number;
  value: number;
  unit: string;
  /** The upper bound of a range ("6%-7%"). */
  upper?: number;
  /** What the words after the figure say: '≥' for 以上/多/余, '≤' for 以下/以内, '≈' for 左右. */
  after?: '≥' | '≤' | '≈';
  /** A count classifier (个, 家, 条 …): the figure may come before the noun it counts. */
  counts: boolean;
  raw: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');
const alternatives = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

const CN = '零〇一二两三四五六七八九十百千万亿';
const NUMBER = `\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十][${CN}]*(?:点[零〇一二三四五六七八九]+)?`;
const MAGNITUDE = alternatives(Object.keys(MAGNITUDES));
const UNIT = alternatives([...MEASURE_UNITS, ...COUNT_UNITS]);
const CURRENCY = alternatives(CURRENCY_UNITS);
const AFTER = alternatives([...AFTER_AT_LEAST.filter((w) => w.length > 1), ...AFTER_AT_MOST, ...AFTER_ABOUT]);
const APPROX = alternatives(AFTER_AT_LEAST.filter((w) => w.length === 1));

// One figure: number, magnitude, 多/余, unit (or magnitude + currency), then 以上/以下/左右.
const single = (n: string) =>
  `(?<num${n}>${NUMBER})(?<mag${n}>${MAGNITUDE})?(?<approx${n}>${APPROX})?(?:(?<cur${n}>(?:${MAGNITUDE})?(?:${CURRENCY}))|(?<unit${n}>${UNIT}))`;

const QUANTITY = new RegExp(
  [
    // a range: 6%-7%, 6-7%, 2至3个
    `(?<![\\d.${CN}A-Za-z])(?<lo>${NUMBER})(?:${UNIT})?\\s*[${RANGE_SEPARATORS}]\\s*${single('R')}(?<afterR>${AFTER})?`,
    // 百分之十
    `百分之(?<pct>${NUMBER})(?<afterP>${AFTER})?`,
    `(?<![\\d.${CN}A-Za-z])${single('S')}(?<afterS>${AFTER})?`,
  ].join('|'),
  'g',
);

const COUNT_SET = new Set<string>(COUNT_UNITS);

/** Every figure in `text` that carries a unit, skipping ranks (第3), names in quotes and the idiomatic 一. */
export function findQuantities(text: string): Quantity[] {
  const masked = maskQuoted(text);
  const found: Quantity[] = [];
  for (const m of masked.matchAll(QUANTITY)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    if (masked.charAt(start - 1) === ORDINAL_PREFIX) continue;
    const q = g.pct !== undefined ? percentWords(g) : g.lo !== undefined ? range(g) : figure(g, 'S');
    if (!q || !(q.value > 0)) continue;
    found.push({ start, end, raw: text.slice(start, end), ...q });
  }
  return found;
}

type Parsed = Omit<Quantity, 'start' | 'end' | 'raw'>;

function figure(g: Record<string, string | undefined>, n: string): Parsed | undefined {
  const numText = g[`num${n}`] ?? '';
  if (numText === IDIOMATIC_ONE) return undefined;
  let mag = g[`mag${n}`];
  let num = numText;
  const currency = g[`cur${n}`];
  let unit = g[`unit${n}`] ?? '';
  if (currency !== undefined) {
    // 十万元 reads as (十)(万元): money keeps its magnitude in the unit.
    const trailing = /[万亿]$/.exec(num);
    if (!mag && trailing && num.length > 1 && !/\d/.test(num)) {
      num = num.slice(0, -1);
      unit = trailing[0] + currency;
    } else {
      unit = (mag ?? '') + currency;
    }
    mag = undefined;
  }
  const value = parseFigure(num);
  if (value === undefined) return undefined;
  const approx = g[`approx${n}`];
  return {
    value: applyMagnitude(value, mag),
    unit,
    counts: COUNT_SET.has(unit),
    after: afterOf(g[`after${n}`]) ?? (approx ? '≥' : undefined),
  };
}

function range(g: Record<string, string | undefined>): Parsed | undefined {
  const upper = figure(g, 'R');
  const mag = g.magR;
  const lowText = g.lo ?? '';
  const low = parseFigure(lowText);
  if (!upper || low === undefined || lowText === IDIOMATIC_ONE) return undefined;
  const scale = g.curR ? 1 : upper.value / (parseFigure(g.numR ?? '') ?? upper.value);
  return { ...upper, value: mag ? low * scale : low, upper: upper.value, after: afterOf(g.afterR) };
}

function percentWords(g: Record<string, string | undefined>): Parsed | undefined {
  const value = parseFigure(g.pct ?? '');
  if (value === undefined) return undefined;
  return { value, unit: '%', counts: false, after: afterOf(g.afterP) };
}

function afterOf(word: string | undefined): Quantity['after'] {
  if (!word) return undefined;
  if (AFTER_AT_MOST.includes(word)) return '≤';
  if (AFTER_ABOUT.includes(word)) return '≈';
  return '≥';
}
