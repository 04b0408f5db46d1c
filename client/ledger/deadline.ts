// A task's deadline: the end of the plan year unless its text names a later (or earlier) end.
import { parseFigure } from './numerals';
import { DEADLINE_RULES } from './rules';

/** 'YYYY-MM-DD' of the last day that the task's text allows; the latest date mentioned wins. */
export function deadlineOf(text: string, planYear: number): string {
  const dates: string[] = [];
  for (const rule of DEADLINE_RULES) {
    for (const m of text.matchAll(rule.pattern)) {
      const n = m[1] === undefined ? undefined : parseFigure(m[1]);
      switch (rule.kind) {
        case 'years':
          // 用3年时间 counts the plan year itself: 2023, 2024, 2025.
          if (n !== undefined && n >= 1 && n <= 20) dates.push(isoDate(planYear + n - 1, 12, 31));
          break;
        case 'year':
          if (n !== undefined && n >= planYear && n <= planYear + 30) dates.push(isoDate(n, 12, 31));
          break;
        case 'month':
          if (n !== undefined && n >= 1 && n <= 12) dates.push(isoDate(planYear, n, lastDay(planYear, n)));
          break;
        case 'fixed':
          dates.push(isoDate(planYear, rule.month, rule.day));
          break;
      }
    }
  }
  if (dates.length === 0) return isoDate(planYear, 12, 31);
  return dates.sort().at(-1) as string;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
