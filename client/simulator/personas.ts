// Simulated departments: each task gets a persona from a seeded hash of its id, so a replay with the same
// seed behaves the same. Pure functions of (seed, task, plan time): no clocks, no I/O.
import { createHash } from 'node:crypto';

export type Persona = 'punctual' | 'late' | 'silent' | 'extender' | 'early';

const DAY = 86_400_000;

/** A number in [0, 1) determined by the seed and the key (sha256, not a hand-rolled generator). */
export function chance(seed: string, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Most report on time, some late, some never; a few ask for an extension, a few finish early and get rejected once. */
export function personaOf(seed: string, taskId: string): Persona {
  const u = chance(seed, `persona:${taskId}`);
  if (u < 0.08) return 'silent';
  if (u < 0.24) return 'late';
  if (u < 0.31) return 'extender';
  if (u < 0.38) return 'early';
  return 'punctual';
}

/** When the department acknowledges: within hours, or (silent) only after the ladder reached its head. */
export function acknowledgeAt(seed: string, taskId: string, startedAt: number, ackDueAt: number): number {
  if (personaOf(seed, taskId) === 'silent') return ackDueAt + 4 * DAY;
  return startedAt + (2 + Math.floor(chance(seed, `ack:${taskId}`) * 20)) * 3_600_000;
}

/** When a period's report is filed, or undefined for never. */
export function reportAt(
  seed: string,
  taskId: string,
  period: { startsAt: number; dueAt: number; period: string },
): number | undefined {
  const persona = personaOf(seed, taskId);
  if (persona === 'silent') return undefined;
  const u = chance(seed, `report:${taskId}:${period.period}`);
  // A late persona is late for most periods; everyone else now and then.
  const late = persona === 'late' ? u < 0.7 : u < 0.05;
  const at = late
    ? period.dueAt + (1 + (Math.floor(u * 100) % 8)) * DAY
    : period.dueAt - (1 + (Math.floor(u * 10) % 3)) * DAY;
  return Math.max(at, period.startsAt + DAY);
}

/** The percent a department reports: about the share of time elapsed, behind for late personas. */
export function reportedPercent(seed: string, taskId: string, share: number, period: string): number {
  const persona = personaOf(seed, taskId);
  const noise = (chance(seed, `pct:${taskId}:${period}`) - 0.5) * 10;
  const lag = persona === 'late' ? 25 : 0;
  return Math.max(0, Math.min(99, Math.round(share * 100 - lag + noise)));
}

/** When an extender asks for more time (mid-year), and until when. */
export function extensionPlan(startedAt: number, deadline: string): { at: number; newDeadline: string } {
  const year = Number(deadline.slice(0, 4));
  return { at: startedAt + 180 * DAY, newDeadline: `${year + 1}-06-30` };
}

/** When completion is submitted: early personas in autumn, others shortly before the deadline. */
export function completionAt(
  seed: string,
  taskId: string,
  startedAt: number,
  deadlineAt: number,
): number | undefined {
  const persona = personaOf(seed, taskId);
  if (persona === 'silent' || persona === 'late') return undefined;
  if (persona === 'early') return startedAt + (deadlineAt - startedAt) * 0.7;
  return deadlineAt - (8 + Math.floor(chance(seed, `done:${taskId}`) * 10)) * DAY;
}
