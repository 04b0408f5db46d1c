// What the passing of plan time does to a task: missed checkpoints, deadlines and ladder steps.
import { escalationOf } from '../events';
import type { LadderReason, LadderState, TaskState } from '../domain';
import { behindFrom } from '../rules/light';
import { escalationKey, findLadder, kindOfStep, laddersRun, overduePeriod, stepAt } from '../rules/ladder';
import type { MachineHooks } from './ports';
import { isRunning } from '../status';

/** How many repeats of an overdue ladder's top step are computed at a time. */
export const REPEAT_BATCH = 12;

/** Applies every rule whose instant has come. Returns after at most one calendar call. */
export async function applyTimeRules(state: TaskState, hooks: MachineHooks): Promise<void> {
  const now = hooks.now();
  if (!isRunning(state.status)) return;

  if (state.status === 'assigned' && now >= state.ackDueAt && !findLadder(state, 'ack', 'ack')) {
    startLadder(state, hooks, 'ack', 'ack', state.ackLadder, false, state.ackDueAt);
  }

  for (const cp of state.checkpoints) {
    if (cp.status !== 'pending' || cp.dueAt > now) continue;
    if (state.status === 'completion_review') {
      cp.status = 'waived';
      hooks.emit('checkpoint_waived', { period: cp.period });
      continue;
    }
    cp.status = 'missing';
    hooks.emit('checkpoint_missed', { period: cp.period, dueAt: cp.dueAt });
    startLadder(state, hooks, 'report', cp.period, cp.ladder, false, cp.dueAt);
  }

  if (laddersRun(state) && now >= state.deadlineAt && !findLadder(state, 'overdue', overduePeriod(state))) {
    // The first round uses the precomputed ladder; a round after a late rejection starts now.
    const firstRound = !state.ladders.some(
      (l) => l.reason === 'overdue' && l.period.startsWith(state.deadline),
    );
    const at = firstRound
      ? state.overdueLadder
      : await hooks.calendar.ladder({ startAt: now, policy: state.spec.policy, repeats: REPEAT_BATCH });
    if (!findLadder(state, 'overdue', overduePeriod(state)) && laddersRun(state)) {
      hooks.emit('deadline_passed', { deadline: state.deadline });
      startLadder(state, hooks, 'overdue', overduePeriod(state), at, true, state.deadlineAt);
    }
  }

  if (!laddersRun(state)) return;
  for (const ladder of state.ladders) {
    if (ladder.stoppedAt !== undefined) continue;
    fireDueSteps(state, hooks, ladder, now);
    if (ladder.repeats && ladder.fired >= ladder.at.length) {
      const last = ladder.at[ladder.at.length - 1] ?? now;
      const more = await hooks.calendar.ladder({
        startAt: last,
        policy: state.spec.policy,
        repeats: REPEAT_BATCH,
        repeatsOnly: true,
        until: now,
      });
      if (ladder.at[ladder.at.length - 1] === last && ladder.stoppedAt === undefined && laddersRun(state)) {
        ladder.at.push(...more);
        fireDueSteps(state, hooks, ladder, hooks.now());
      }
    }
  }
}

function startLadder(
  state: TaskState,
  hooks: MachineHooks,
  reason: LadderReason,
  period: string,
  at: number[],
  repeats: boolean,
  lateSince: number,
): void {
  const ladder: LadderState = { reason, period, at: [...at], fired: 0, repeats };
  state.ladders.push(ladder);
  fireDueSteps(state, hooks, ladder, hooks.now(), lateSince);
}

function fireDueSteps(
  state: TaskState,
  hooks: MachineHooks,
  ladder: LadderState,
  now: number,
  lateSince?: number,
): void {
  const since = lateSince ?? lateSinceOf(state, ladder);
  while (ladder.fired < ladder.at.length && (ladder.at[ladder.fired] ?? Infinity) <= now) {
    const index = ladder.fired;
    const top = state.spec.policy.steps.length;
    // Without repeats the ladder stops climbing at its top step.
    if (!ladder.repeats && index >= top) break;
    // After an outage, repeats of the top step that are already superseded by a later one are skipped:
    // one reminder for the latest, not a flood for every missed one.
    if (index >= top && (ladder.at[index + 1] ?? Infinity) <= now) {
      ladder.fired += 1;
      continue;
    }
    const { level, repeat } = stepAt(state.spec.policy, index);
    const step = state.spec.policy.steps[Math.min(index, top - 1)]!;
    const key = escalationKey(state.workflowId, ladder.reason, ladder.period, level, repeat);
    const at = ladder.at[index]!;
    ladder.fired += 1;
    const event = hooks.emit('escalated', {
      key,
      reason: ladder.reason,
      period: ladder.period,
      level,
      repeat,
      notify: step.notify,
      scheduledAt: at,
    });
    state.escalations.push(escalationOf(event));
    hooks.notify({
      key,
      kind: kindOfStep(ladder.reason, level),
      notify: step.notify,
      planAt: at,
      reason: ladder.reason,
      period: ladder.period,
      level,
      repeat,
      lateSince: since,
    });
  }
}

function lateSinceOf(state: TaskState, ladder: LadderState): number {
  if (ladder.reason === 'ack') return state.ackDueAt;
  if (ladder.reason === 'overdue') return state.deadlineAt;
  return state.checkpoints.find((c) => c.period === ladder.period)?.dueAt ?? ladder.at[0] ?? 0;
}

/** The next plan instant at which a time rule may change something, or undefined if none will. */
export function nextWake(state: TaskState, now: number): number | undefined {
  const open =
    state.status === 'assigned' || state.status === 'in_progress' || state.status === 'completion_review';
  if (!open) return undefined;
  const candidates: number[] = [];
  const running = laddersRun(state);
  if (state.status === 'assigned' && !findLadder(state, 'ack', 'ack')) candidates.push(state.ackDueAt);
  const pending = state.checkpoints.find((c) => c.status === 'pending');
  if (pending) candidates.push(pending.dueAt);
  if (running && !findLadder(state, 'overdue', overduePeriod(state))) candidates.push(state.deadlineAt);
  if (running) {
    for (const l of state.ladders) {
      const next = l.stoppedAt === undefined ? l.at[l.fired] : undefined;
      if (next !== undefined && (l.repeats || l.fired < state.spec.policy.steps.length))
        candidates.push(next);
    }
  }
  candidates.push(state.nearDeadlineAt, behindFrom(state));
  const future = candidates.filter((t) => Number.isFinite(t) && t > now);
  return future.length ? Math.min(...future) : undefined;
}
