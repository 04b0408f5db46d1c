// Dates and numbers as a Chinese office writes them. Plan instants are shown in China time (UTC+8).
import { DAY_MS, PLAN_OFFSET_MS } from '../../workflows/clock';

const parts = (ms: number) => {
  const d = new Date(ms + PLAN_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: String(d.getUTCHours()).padStart(2, '0'),
    mm: String(d.getUTCMinutes()).padStart(2, '0'),
    ss: String(d.getUTCSeconds()).padStart(2, '0'),
    wd: d.getUTCDay(),
  };
};

const toMs = (t: number | string | Date) =>
  typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();

/** 2023年3月14日 */
export function zhDate(t: number | string | Date): string {
  const p = parts(toMs(t));
  return `${p.y}年${p.m}月${p.d}日`;
}

/** 3月14日 */
export function zhMonthDay(t: number | string | Date): string {
  const p = parts(toMs(t));
  return `${p.m}月${p.d}日`;
}

/** 3月14日 18:00 */
export function zhDateTime(t: number | string | Date): string {
  const p = parts(toMs(t));
  return `${p.m}月${p.d}日 ${p.hh}:${p.mm}`;
}

/** 星期二 */
export function zhWeekday(t: number | string | Date): string {
  return `星期${'日一二三四五六'[parts(toMs(t)).wd]}`;
}

/** 2023-03-14, for machine-readable attributes and inputs. */
export function isoDate(t: number | string | Date): string {
  const p = parts(toMs(t));
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** A real instant (an email's delivery) as 2023-03-14 18:00:05, China time. */
export function realDateTime(t: number | string | Date): string {
  const p = parts(toMs(t));
  return `${isoDate(t)} ${p.hh}:${p.mm}:${p.ss}`;
}

const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
/** 1,500 or 6.5 */
export const num = (n: number): string => NUMBER.format(n);

/** Whole days in a span, rounded down: how late something is. */
export const wholeDays = (ms: number): number => Math.max(0, Math.floor(ms / DAY_MS));

/** 逾期3天, or 逾期不足1天. */
export function lateness(ms: number): string {
  const d = wholeDays(ms);
  return d === 0 ? '逾期不足1天' : `逾期${d}天`;
}
