// The red/yellow/green light (红黄绿灯), DESIGN §3. Pure: a function of the state and the plan instant.
import { LEVEL, type Light, type LightReason, type TaskState } from '../domain';
import { isClosed, isRunning } from '../status';

/** Share of the task's time elapsed at `now`, 0–1. */
export function elapsedShare(state: Pick<TaskState, 'startedAt' | 'deadlineAt'>, now: number): number {
  const span = state.deadlineAt - state.startedAt;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (now - state.startedAt) / span));
}

/** 序时进度 at `planNow`, in percent (one decimal); null unless the task runs and has its span. */
export function expectedPercent(
  status: string,
  span: { startedAt: number | null; deadlineAt: number | null },
  planNow: number,
): number | null {
  if (!isRunning(status) || span.startedAt === null || span.deadlineAt === null) return null;
  const { startedAt, deadlineAt } = span;
  return Math.round(elapsedShare({ startedAt, deadlineAt }, planNow) * 1000) / 10;
}

/** The instant from which reported progress trails 序时进度 by more than the tolerance. */
export function behindFrom(state: TaskState): number {
  const share = (state.percent + state.spec.policy.progressTolerancePct) / 100;
  return state.startedAt + share * (state.deadlineAt - state.startedAt);
}

export interface LightOptions {
  /** Closed tasks carry no light (patched in: before it, a completed task was green, a cancelled one kept its light). */
  closedCarryNoLight: boolean;
}

export function computeLight(
  state: TaskState,
  now: number,
  options: LightOptions = { closedCarryNoLight: true },
): { light: Light | null; reasons: LightReason[] } {
  const { status } = state;
  if (options.closedCarryNoLight && isClosed(status)) return { light: null, reasons: [] };
  if (status === 'completed') return { light: 'green', reasons: [] };
  // A suspended or cancelled task keeps the light it had: its clocks are stopped.
  if (status === 'suspended' || status === 'cancelled')
    return { light: state.light, reasons: state.lightReasons };
  const red: LightReason[] = [];
  if (state.level >= LEVEL.supervise) red.push('escalated');
  if (status !== 'completion_review' && now >= state.deadlineAt) red.push('overdue');
  if (red.length) return { light: 'red', reasons: red };
  const yellow: LightReason[] = [];
  if (state.checkpoints.some((c) => c.status === 'missing')) yellow.push('report_missing');
  if (status === 'assigned' && now >= state.ackDueAt) yellow.push('ack_overdue');
  if (status !== 'completion_review' && now >= state.nearDeadlineAt) yellow.push('deadline_near');
  if (status === 'in_progress' && now > behindFrom(state)) yellow.push('behind_schedule');
  return yellow.length ? { light: 'yellow', reasons: yellow } : { light: 'green', reasons: [] };
}
