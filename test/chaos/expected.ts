// What a task's inputs imply, checked against what the engine did. The instant the engine applied an input is
// taken from its trail and must fall inside the client's window (first attempt → answer); from those instants
// the rules of DESIGN §3 give the status, the checkpoint outcomes and which escalations had to, or must not, fire.
import { endOfPlanDay, planAt } from '../../workflows/clock';
import type { ClockSpec, TaskState, TaskStatus } from '../../workflows/domain';
import { isClosed } from '../../workflows/status';
import type { StepRecord } from './driver';
import { eventTypeOf, type Step, type TaskPlan } from './inputs';

export interface TrailEvent {
  seq: number;
  type: string;
  requestId: string | null;
  at: number;
  data: Record<string, unknown>;
}

export interface TaskEvidence {
  plan: TaskPlan;
  /** Every input sent to the task, the final cancellation included. */
  records: StepRecord[];
  /** getState just before the office's year-end cancellation round. */
  snapshot: TaskState;
  final: TaskState;
  trail: TrailEvent[];
}

export interface TaskVerdict {
  problems: string[];
  inputs: number;
  checkpoints: Partial<Record<string, number>>;
  escalationsRequired: number;
  escalationsMissing: number;
  escalationsForbidden: number;
}

const RUNNING: TaskStatus[] = ['assigned', 'in_progress'];

/**
 * A point in a task's own order: its plan instant, then its place in the trail. Several things happen at one
 * plan instant (an Update's handler runs the time rules, then applies the input), so instants alone cannot
 * say which came first.
 */
interface Moment {
  at: number;
  seq: number;
}
const instant = (at: number): Moment => ({ at, seq: -Infinity });
const NEVER: Moment = { at: Infinity, seq: Infinity };
const earlier = (a: Moment, b: Moment) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
const firstOf = (a: Moment, b: Moment) => (earlier(b, a) ? b : a);

/** Checks one task against the inputs it was sent. */
export function verifyTask(e: TaskEvidence, clock: ClockSpec): TaskVerdict {
  const { plan, final, trail } = e;
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${plan.task.id} (${plan.task.persona}): ${what}`);
  const slack = 200 * clock.speed;

  // 1. Every input applied exactly once, inside its window.
  const applied = new Map<string, { step: Step; at: number; seq: number }>();
  const steps = e.records.map((r) => r.step);
  for (const step of [...plan.steps, ...steps.filter((s) => s.kind === 'cancel')]) {
    const record = e.records.find((r) => r.step.requestId === step.requestId);
    const events = trail.filter((ev) => ev.requestId === step.requestId);
    if (!record || record.error || record.answeredAt === undefined) {
      fail(`input ${step.kind} ${step.requestId} not answered: ${record?.error ?? 'never sent'}`);
      continue;
    }
    if (events.length !== 1 || events[0]!.type !== eventTypeOf(step)) {
      fail(
        `input ${step.requestId} left ${events.map((x) => x.type).join(',') || 'no event'}, not one ${eventTypeOf(step)}`,
      );
      continue;
    }
    const at = events[0]!.at;
    // Applied after the first attempt left and before the acceptance came back.
    // (An approved extension is recorded after its handler's calendar activity: by the answer, not the acceptance.)
    const hi = step.kind === 'decideExtension' ? record.answeredAt : (record.acceptedAt ?? record.answeredAt);
    if (at < planAt(clock, record.sentAt) - slack || at > planAt(clock, hi) + slack) {
      fail(`input ${step.requestId} applied at ${iso(at)}, outside its window`);
    }
    applied.set(step.requestId, { step, at, seq: events[0]!.seq });
  }
  const inputs = [...applied.values()].sort((a, b) => a.seq - b.seq);
  const inputOf = (pred: (s: Step) => boolean) => inputs.find((x) => pred(x.step));
  const timeOf = (pred: (s: Step) => boolean) => inputOf(pred)?.at;

  // 2. The status each input leads to, over time.
  const transitions = inputs.map((x) => ({ x, to: statusAfter(x.step) }));
  const statusAt = (t: Moment): TaskStatus =>
    transitions.filter(({ x }) => !earlier(t, x)).reduce<TaskStatus>((s, x) => x.to ?? s, 'assigned');
  const beforeCancel = inputs
    .filter((x) => x.step.kind !== 'cancel')
    .reduce<TaskStatus>((s, x) => statusAfter(x.step) ?? s, 'assigned');
  const closeAt = timeOf(
    (s) => s.kind === 'cancel' || (s.kind === 'review' && s.input.decision === 'approve'),
  );
  const end = closeAt ?? Infinity;
  const closing = inputOf(
    (s) => s.kind === 'cancel' || (s.kind === 'review' && s.input.decision === 'approve'),
  );
  const endMoment: Moment = closing ?? NEVER;
  if (e.snapshot.status !== beforeCancel)
    fail(`status ${e.snapshot.status} before year end, inputs imply ${beforeCancel}`);
  const finalStatus = timeOf((s) => s.kind === 'cancel') !== undefined ? 'cancelled' : beforeCancel;
  if (final.status !== finalStatus) fail(`final status ${final.status}, inputs imply ${finalStatus}`);

  // 3. Figures the inputs set.
  const reports = inputs.filter((x) => x.step.kind === 'report');
  const reportIds = final.reports.map((r) => r.requestId);
  if (reportIds.join() !== reports.map((x) => x.step.requestId).join()) {
    fail(`reports ${reportIds.length} in state, ${reports.length} sent (or in another order)`);
  }
  const lastPercent = (reports.at(-1)?.step.input.percent as number | undefined) ?? 0;
  const percent = final.status === 'completed' ? 100 : lastPercent;
  if (final.percent !== percent) fail(`percent ${final.percent}, inputs imply ${percent}`);
  const rejections = inputs.filter((x) => x.step.kind === 'review' && x.step.input.decision === 'reject');
  if (final.rejections !== rejections.length)
    fail(`rejections ${final.rejections}, sent ${rejections.length}`);
  const approval = inputs.find((x) => x.step.kind === 'review' && x.step.input.decision === 'approve');
  if (final.grade !== approval?.step.input.grade)
    fail(`grade ${final.grade}, sent ${approval?.step.input.grade}`);
  if (final.deadline !== plan.deadline) fail(`deadline ${final.deadline}, inputs imply ${plan.deadline}`);
  const ackAt = timeOf((s) => s.kind === 'acknowledge');
  if (final.acknowledgedAt !== ackAt) fail(`acknowledged at ${final.acknowledgedAt}, applied at ${ackAt}`);
  // A closed task carries no light.
  if (beforeCancel === 'completed' && e.snapshot.light !== null) fail(`completed but ${e.snapshot.light}`);
  // Red once the time rules ran past the deadline: judged by the trail the snapshot had seen (an activation at or
  // after the deadline), not by the clock when it was taken — on a busy machine the deadline's timer may not
  // have been processed yet when plan time passes it.
  const ranPastDeadline = trail.some((ev) => ev.seq <= e.snapshot.seq && ev.at >= e.snapshot.deadlineAt);
  if (RUNNING.includes(beforeCancel) && ranPastDeadline && e.snapshot.light !== 'red') {
    fail(`open past its deadline but ${e.snapshot.light}`);
  }

  // Every trail event before the close marks an activation after which the time rules ran (the main loop
  // follows every change and every timer), and every input's handler ran them just before applying it. So
  // whatever fell due by then must have been processed by then. This, not a wall-clock bound, is how "it
  // never happened" is told from "it happened late".
  const ranRules: Moment[] = [
    ...trail.map((ev) => ({ at: ev.at, seq: ev.seq + 0.5 })),
    ...inputs.map((x) => ({ at: x.at, seq: x.seq - 0.5 })),
  ].filter((r) => earlier(r, endMoment));
  /** A run of the time rules at or after `from` (an instant), not before `after`, and before `to`. */
  const ranIn = (from: number, after: Moment, to: Moment) =>
    ranRules.find((r) => r.at >= from && !earlier(r, after) && earlier(r, to))?.at;

  // 4. Checkpoints: received before due, else processed when due by the status of that moment.
  const checkpoints: Partial<Record<string, number>> = {};
  if (
    final.checkpoints.map((c) => `${c.period}@${c.dueAt}`).join() !==
    plan.periods.map((c) => `${c.period}@${c.dueAt}`).join()
  ) {
    fail(
      `periods ${final.checkpoints.map((c) => c.period).join(',')}, expected ${plan.periods.map((c) => c.period).join(',')}`,
    );
  }
  const missedAt = new Map<string, Moment>();
  for (const cp of final.checkpoints) {
    const report = inputOf((s) => s.kind === 'report' && s.input.period === cp.period);
    const tR = report?.at;
    const wakes = trail.filter(
      (ev) =>
        (ev.type === 'checkpoint_missed' || ev.type === 'checkpoint_waived') && ev.data.period === cp.period,
    );
    const wake = wakes[0];
    let expected: string;
    if (wakes.length > 1) fail(`${cp.period} processed ${wakes.length} times`);
    if (tR !== undefined && tR <= cp.dueAt) {
      expected = 'received';
      if (wake) fail(`${cp.period} reported before due yet ${wake.type}`);
    } else if (wake) {
      const s = statusAt(wake);
      if (wake.at < cp.dueAt)
        fail(`${cp.period} ${wake.type} at ${iso(wake.at)}, before its due ${iso(cp.dueAt)}`);
      if (report && earlier(report, wake)) fail(`${cp.period} ${wake.type} after its report`);
      if (s === 'completion_review') expected = 'waived';
      else if (RUNNING.includes(s)) expected = tR === undefined ? 'missing' : 'late';
      else expected = `(no time rule on a ${s} task)`;
      if (wake.type === 'checkpoint_missed') missedAt.set(cp.period, wake);
    } else {
      // A period still pending when the task closed is waived by the close (nothing is due of a closed task).
      expected = tR !== undefined ? 'late' : isClosed(final.status) ? 'waived' : 'pending';
      const ran = ranIn(cp.dueAt, instant(cp.dueAt), firstOf(report ?? NEVER, endMoment));
      if (ran !== undefined) fail(`${cp.period} due ${iso(cp.dueAt)} not processed at ${iso(ran)}`);
    }
    if (cp.status !== expected) fail(`${cp.period} is ${cp.status}, inputs imply ${expected}`);
    else checkpoints[expected] = (checkpoints[expected] ?? 0) + 1;
  }

  // 5. Escalations. Each one that fired must be one the rules allow at the instant it fired, given the inputs
  //    applied by then; each step of a first round due well before the answer that stops it must have fired.
  const wf = final.workflowId;
  const firedAt = new Map<string, Moment>(
    trail.filter((ev) => ev.type === 'escalated').map((ev) => [String(ev.data.key), ev]),
  );
  const firstAfter = (from: Moment, pred: (s: Step) => boolean): Moment =>
    inputs.find((x) => earlier(from, x) && pred(x.step)) ?? endMoment;
  const inputsBy = (t: Moment, pred: (s: Step) => boolean) =>
    inputs.filter((x) => earlier(x, t) && pred(x.step));
  const isReject = (s: Step) => s.kind === 'review' && s.input.decision === 'reject';
  const extended = inputOf((s) => s.kind === 'decideExtension' && s.input.approve === true);
  const deadlineOf = (t: Moment) =>
    extended !== undefined && earlier(extended, t) ? plan.deadline : final.spec.deadline;
  const submittedIn = (from: Moment, to: Moment) =>
    inputs.some((x) => x.step.kind === 'submit' && earlier(from, x) && earlier(x, to));
  const allowed = (x: (typeof final.escalations)[number], w: Moment): boolean => {
    if (w.at < x.at || !RUNNING.includes(statusAt(w))) return false;
    if (x.reason === 'ack') return statusAt(w) === 'assigned' && final.ackLadder.includes(x.at);
    if (x.reason === 'report') {
      const m = missedAt.get(x.period);
      const cp = final.checkpoints.find((c) => c.period === x.period);
      const reported = inputsBy(w, (s) => s.kind === 'report' && s.input.period === x.period).length > 0;
      return (
        m !== undefined && earlier(m, w) && !!cp?.ladder.includes(x.at) && !reported && !submittedIn(m, w)
      );
    }
    // Overdue: the round of the deadline and rejection count in force when it fired, not stopped since.
    const rejections = inputsBy(w, isReject);
    const deadline = deadlineOf(w);
    const round = rejections.length ? `${deadline}-r${rejections.length}` : deadline;
    const lastRejection = rejections.at(-1);
    const due = instant(endOfPlanDay(deadline));
    const since = lastRejection && earlier(due, lastRejection) ? lastRejection : due;
    return x.period === round && !earlier(w, due) && !submittedIn(since, w);
  };
  for (const x of final.escalations) {
    const w = firedAt.get(x.key);
    if (w === undefined || !allowed(x, w)) {
      fail(`escalation ${x.key} fired at ${w === undefined ? '?' : iso(w.at)}: not implied by the inputs`);
    }
  }
  const escalationsForbidden = final.escalations.filter((x) => {
    const w = firedAt.get(x.key);
    return w === undefined || !allowed(x, w);
  }).length;

  const rounds: Array<{ reason: string; period: string; at: number[]; start: Moment; stop: Moment }> = [];
  const ack = inputOf((s) => s.kind === 'acknowledge');
  rounds.push({
    reason: 'ack',
    period: 'ack',
    at: final.ackLadder,
    start: instant(final.ackDueAt),
    stop: firstOf(ack ?? NEVER, endMoment),
  });
  for (const cp of final.checkpoints) {
    const m = missedAt.get(cp.period);
    if (m === undefined) continue;
    const stop = firstAfter(
      m,
      (s) => s.kind === 'submit' || (s.kind === 'report' && s.input.period === cp.period),
    );
    rounds.push({ reason: 'report', period: cp.period, at: cp.ladder, start: m, stop });
  }
  const due = instant(endOfPlanDay(final.deadline));
  if (due.at < end && RUNNING.includes(statusAt(due)) && inputsBy(due, isReject).length === 0) {
    rounds.push({
      reason: 'overdue',
      period: final.deadline,
      at: final.overdueLadder,
      start: due,
      stop: firstAfter(due, (s) => s.kind === 'submit'),
    });
  }
  let escalationsRequired = 0;
  let escalationsMissing = 0;
  const levels = final.spec.policy.steps.length;
  for (const r of rounds) {
    r.at.slice(0, levels).forEach((at, i) => {
      const key = `${wf}:${r.reason}:${r.period}:${i + 1}`;
      if (ranIn(at, r.start, r.stop) === undefined) return;
      escalationsRequired += 1;
      if (firedAt.has(key)) return;
      escalationsMissing += 1;
      fail(`escalation ${key} due ${iso(at)} not fired, though the time rules ran before ${iso(r.stop.at)}`);
    });
  }
  return {
    problems,
    inputs: applied.size,
    checkpoints,
    escalationsRequired,
    escalationsMissing,
    escalationsForbidden,
  };
}

function statusAfter(step: Step): TaskStatus | undefined {
  if (step.kind === 'acknowledge') return 'in_progress';
  if (step.kind === 'submit') return 'completion_review';
  if (step.kind === 'review') return step.input.decision === 'approve' ? 'completed' : 'in_progress';
  if (step.kind === 'cancel') return 'cancelled';
  return undefined;
}

/** A plan instant as Beijing time; the run's open end (no input after) is not an instant. */
const iso = (ms: number) =>
  Number.isFinite(ms)
    ? new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
    : 'the end of the run';
