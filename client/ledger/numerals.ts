// Chinese numerals as they appear in reports: 十五, 二十, 一百二十, 三千五百, 一万二千, 两, 六点五, 二〇二三.
import { MAGNITUDES } from './rules';

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a Chinese numeral, or undefined when `text` is not one. */
export function parseChineseNumeral(text: string): number | undefined {
  if (text === '') return undefined;
  const [whole = '', fraction, extra] = text.split('点');
  if (extra !== undefined) return undefined;
  let decimals = 0;
  if (fraction !== undefined) {
    if (fraction === '') return undefined;
    let scale = 0.1;
    for (const ch of fraction) {
      const d = DIGITS[ch];
      if (d === undefined) return undefined;
      decimals += d * scale;
      scale /= 10;
    }
  }
  const integer = parseInteger(whole);
  if (integer === undefined) return undefined;
  return round(integer + decimals);
}

function parseInteger(text: string): number | undefined {
  if (text === '') return undefined;
  // Digit by digit, as in years: 二〇二三.
  if (text.length > 1 && [...text].every((ch) => DIGITS[ch] !== undefined)) {
    return Number([...text].map((ch) => DIGITS[ch]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      // 十五 means 一十五: a unit without a digit before it counts once.
      section += (digit ?? 1) * small;
      digit = undefined;
      continue;
    }
    if (ch === '万') {
      total += (section + (digit ?? 0)) * 1e4;
    } else if (ch === '亿') {
      total = (total + section + (digit ?? 0)) * 1e8;
    } else {
      return undefined;
    }
    section = 0;
    digit = undefined;
  }
  return total + section + (digit ?? 0);
}

/** A figure written in Arabic digits ("1.5") or Chinese numerals ("十五"). */
export function parseFigure(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  return parseChineseNumeral(text);
}

/** Multiplies a magnitude word into a value: (1.2, '万') → 12000. */
export function applyMagnitude(value: number, magnitude: string | undefined): number {
  if (!magnitude) return value;
  const factor = MAGNITUDES[magnitude];
  if (factor === undefined) throw new Error(`unknown magnitude ${magnitude}`);
  return round(value * factor);
}

// Decimal figures times powers of ten must not come out as 12000.000000000002.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
