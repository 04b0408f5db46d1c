// The escalation ladder (DESIGN §3): levels, keys and which step is next. Pure functions.
import {
  LEVEL,
  type EscalationPolicy,
  type LadderReason,
  type LadderState,
  type NoticeKind,
  type TaskState,
} from '../domain';

/** `<workflowId>:<reason>:<period>:<level>[:<repeat>]` — the idempotency key of one escalation email. */
export function escalationKey(
  workflowId: string,
  reason: string,
  period: string,
  level: number,
  repeat = 0,
): string {
  return `${workflowId}:${reason}:${period}:${level}${repeat > 0 ? `:${repeat}` : ''}`;
}

export function topLevel(policy: EscalationPolicy): number {
  return policy.steps.length;
}

/** The level and repeat count of the ladder's step number `index` (0-based). */
export function stepAt(policy: EscalationPolicy, index: number): { level: number; repeat: number } {
  const top = topLevel(policy);
  return index < top ? { level: index + 1, repeat: 0 } : { level: top, repeat: index - top + 1 };
}

export function kindOfStep(reason: LadderReason, level: number): NoticeKind {
  if (level <= LEVEL.reminder) return reason === 'ack' ? 'ack_reminder' : 'reminder';
  if (level === LEVEL.urge) return 'urge';
  if (level === LEVEL.supervise) return 'supervise';
  return 'interview';
}

export function activeLadders(state: TaskState): LadderState[] {
  return state.ladders.filter((l) => l.stoppedAt === undefined);
}

export function findLadder(state: TaskState, reason: LadderReason, period: string): LadderState | undefined {
  return state.ladders.find((l) => l.reason === reason && l.period === period);
}

/** The task's escalation level: the highest level reached by a ladder still climbing. */
export function currentLevel(state: TaskState): number {
  const top = topLevel(state.spec.policy);
  return activeLadders(state).reduce((max, l) => Math.max(max, Math.min(l.fired, top)), 0);
}

/** The period name of the overdue ladder for the current round: a rejection after the deadline starts a new one. */
export function overduePeriod(state: TaskState): string {
  return state.rejections > 0 ? `${state.deadline}-r${state.rejections}` : state.deadline;
}

/** Ladders fire only while it is the department's turn. */
export function laddersRun(state: TaskState): boolean {
  return state.status === 'assigned' || state.status === 'in_progress';
}
