// Plan time ↔ real time. Pure arithmetic: used by the workflow (with workflow time) and by activities.
import type { ClockSpec } from './domain';

/** The plan instant that corresponds to the real instant `realMs`. */
export function planAt(clock: ClockSpec, realMs: number): number {
  return clock.planEpochMs + (realMs - clock.realEpochMs) * clock.speed;
}

/** How long to wait in real time for `planMs` of plan time to pass (at least 1 ms). */
export function realDelay(clock: ClockSpec, planMs: number): number {
  return Math.max(1, Math.ceil(planMs / clock.speed));
}

/** A clock whose plan time starts at `planStart` now and runs `speed` times faster than real time. */
export function makeClock(planStartMs: number, realNowMs: number, speed: number): ClockSpec {
  return { planEpochMs: planStartMs, realEpochMs: realNowMs, speed };
}

export const DAY_MS = 86_400_000;
/** Plan dates are local to China (UTC+8, no daylight saving). */
export const PLAN_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' of a plan instant in UTC+8. */
export function planDate(ms: number): string {
  return new Date(ms + PLAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of 'YYYY-MM-DD' at 'HH:MM' in UTC+8. */
export function planInstant(date: string, time = '00:00'): number {
  return Date.parse(`${date}T${time}:00+08:00`);
}

/** The end of a plan day: the first instant of the next day. */
export function endOfPlanDay(date: string): number {
  return planInstant(date) + DAY_MS;
}
