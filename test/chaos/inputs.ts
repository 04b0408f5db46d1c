// The inputs of the chaos year: what each task's departments and the office send, and at which plan instant.
// A pure function of the seed, the persona and the task's schedule (read from the workflow once it started).
import { planSchedule } from '../../activities/calendar';
import { chance } from '../../client/simulator/personas';
import { DAY_MS, planInstant } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import type { Actor, Cadence, CheckpointState, EscalationPolicy, TaskState } from '../../workflows/domain';
import { seedPolicy } from '../support/fixtures';
import type { ChaosTask } from './catalog';

export type StepKind =
  'acknowledge' | 'report' | 'submit' | 'review' | 'requestExtension' | 'decideExtension' | 'cancel';

export interface Step {
  kind: StepKind;
  /** The plan instant at which the input is due to be sent. */
  at: number;
  requestId: string;
  /** The Update's argument without its request id. */
  input: { actor: Actor } & Record<string, unknown>;
}

export interface TaskPlan {
  task: ChaosTask;
  steps: Step[];
  /** Every period the task should have by the end: the year's, then those an approved extension adds. */
  periods: Array<Pick<CheckpointState, 'period' | 'startsAt' | 'dueAt'>>;
  /** The deadline the task should end with. */
  deadline: string;
}

export const UPDATES: Record<StepKind, d.TaskUpdate<d.Message>> = {
  acknowledge: d.acknowledgeUpdate,
  report: d.reportProgressUpdate,
  submit: d.submitCompletionUpdate,
  review: d.reviewCompletionUpdate,
  requestExtension: d.requestExtensionUpdate,
  decideExtension: d.decideExtensionUpdate,
  cancel: d.cancelUpdate,
} as unknown as Record<StepKind, d.TaskUpdate<d.Message>>;

/** The trail event an applied step leaves. */
export function eventTypeOf(step: Step): string {
  switch (step.kind) {
    case 'acknowledge':
      return 'acknowledged';
    case 'report':
      return 'progress_reported';
    case 'submit':
      return 'completion_submitted';
    case 'review':
      return step.input.decision === 'approve' ? 'completion_approved' : 'completion_rejected';
    case 'requestExtension':
      return 'extension_requested';
    case 'decideExtension':
      return step.input.approve ? 'extension_approved' : 'extension_rejected';
    case 'cancel':
      return 'cancelled';
  }
}

const OFFICE: Actor = { role: 'office', name: '督查室' };
const at = (date: string, time = '10:00') => planInstant(date, time);
const YEAR_START = at('2023-01-01', '00:00');

/** What the inputs are planned from: the task's schedule as its starter computes it. */
export type PlanBasis = Pick<
  TaskState,
  'startedAt' | 'ackDueAt' | 'deadlineAt' | 'deadline' | 'checkpoints'
> & {
  cadence: Cadence;
  policy: EscalationPolicy;
};

/** The basis of a task started at plan instant `startAt`: the same calendar computation as startTask's. */
export function planBasis(task: ChaosTask, startAt: number): PlanBasis {
  const policy = seedPolicy(task.policy);
  const cadence = task.policy === 'reform' ? 'quarterly' : 'monthly';
  const schedule = planSchedule({ startAt, deadline: '2023-12-31', cadence, policy });
  return { ...schedule, startedAt: startAt, deadline: '2023-12-31', cadence, policy };
}

/** Plans a task's inputs up to `horizon` (plan instant) from its schedule. */
export function planInputs(seed: string, task: ChaosTask, state: PlanBasis, horizon: number): TaskPlan {
  const u = (key: string) => chance(seed, `${task.id}:${key}`);
  const lead: Actor = { role: 'department', department: task.lead, name: `${task.lead}联络员` };
  const steps: Array<Omit<Step, 'requestId'>> = [];
  const add = (kind: StepKind, when: number, input: Record<string, unknown>, actor = lead) =>
    steps.push({ kind, at: when, input: { actor, ...input } });

  const onTime = (cp: CheckpointState) =>
    Math.max(cp.startsAt + DAY_MS, cp.dueAt - (3 + 6 * u(`on:${cp.period}`)) * DAY_MS);
  const late = (cp: CheckpointState) => cp.dueAt + (2 + 8 * u(`late:${cp.period}`)) * DAY_MS;
  const report = (cp: CheckpointState, when: number) => {
    const elapsed = (when - YEAR_START) / (365 * DAY_MS);
    const lag = task.persona === 'late' ? 20 : 0;
    const percent = Math.max(
      0,
      Math.min(99, Math.round(elapsed * 100 - lag + (u(`pct:${cp.period}`) - 0.5) * 8)),
    );
    add('report', when, {
      period: cp.period,
      percent,
      values: [
        { targetIdx: 0, value: Math.round(15 * percent) },
        { targetIdx: 1, value: Math.round(3 * percent) },
      ],
      narrative: `${cp.period}期间任务推进正常，总体完成${percent}%。`,
      nextSteps: '加强调度，倒排工期。',
    });
  };
  /** On-time reports for the periods whose report falls in [from, to). */
  const reportsBetween = (checkpoints: CheckpointState[], from: number, to: number) => {
    for (const cp of checkpoints) {
      const when = onTime(cp);
      if (when >= from && when < to) report(cp, when);
    }
  };
  const acknowledge = (when: number) => add('acknowledge', when, { note: '已签收' });
  const review = (when: number, decision: 'approve' | 'reject', grade?: string) =>
    add(
      'review',
      when,
      decision === 'approve' ? { decision, grade } : { decision, comment: '佐证材料不全，请补充后重新申请' },
      OFFICE,
    );
  const submit = (when: number) => add('submit', when, { summary: '各项目标任务已完成，申请办结销号。' });
  const soon = state.startedAt + (0.1 + 0.4 * u('ack')) * DAY_MS;

  const cps = state.checkpoints;
  let periods = cps.map(({ period, startsAt, dueAt }) => ({ period, startsAt, dueAt }));
  let deadline = state.deadline;
  switch (task.persona) {
    case 'silent':
      break;
    case 'punctual': {
      const submitAt = state.deadlineAt - (12 + 4 * u('submit')) * DAY_MS;
      acknowledge(soon);
      reportsBetween(cps, 0, submitAt);
      submit(submitAt);
      review(submitAt + 3 * DAY_MS, 'approve', '优秀');
      break;
    }
    case 'gappy': {
      const submitAt = state.deadlineAt - 8 * DAY_MS;
      acknowledge(soon);
      reportsBetween(
        cps.filter((cp) => u(`gap:${cp.period}`) >= 0.35),
        0,
        submitAt,
      );
      submit(submitAt);
      review(submitAt + 4 * DAY_MS, 'approve', '合格');
      break;
    }
    case 'late':
      acknowledge(state.ackDueAt + (1.5 + 2 * u('ack')) * DAY_MS);
      for (const cp of cps) if (u(`gap:${cp.period}`) >= 0.2) report(cp, late(cp));
      break;
    case 'early': {
      // Submitted early; the office takes its time and rejects it; periods due meanwhile are waived.
      acknowledge(soon);
      reportsBetween(cps, 0, at('2023-09-20'));
      submit(at('2023-09-20'));
      review(at('2023-11-12'), 'reject');
      reportsBetween(cps, at('2023-11-12'), at('2023-12-12'));
      submit(at('2023-12-12'));
      review(at('2023-12-18'), 'approve', '良好');
      break;
    }
    case 'extender': {
      deadline = '2024-03-31';
      const more = planSchedule({
        startAt: state.startedAt,
        deadline,
        cadence: state.cadence,
        policy: state.policy,
        after: cps[cps.length - 1]?.period,
      }).checkpoints;
      periods = [...periods, ...more.map(({ period, startsAt, dueAt }) => ({ period, startsAt, dueAt }))];
      acknowledge(soon);
      reportsBetween([...cps, ...more], 0, Infinity);
      add('requestExtension', at('2023-07-10'), {
        newDeadline: deadline,
        reason: '受用地报批影响，申请延期。',
      });
      add('decideExtension', at('2023-07-20'), { approve: true, comment: '同意延期' }, OFFICE);
      break;
    }
    case 'denied': {
      acknowledge(soon);
      reportsBetween(cps, 0, at('2023-12-27'));
      add('requestExtension', at('2023-08-01'), {
        newDeadline: '2024-06-30',
        reason: '资金未到位，申请延期。',
      });
      add('decideExtension', at('2023-08-09'), { approve: false, comment: '请按原时限完成' }, OFFICE);
      submit(at('2023-12-27'));
      review(at('2024-01-04'), 'approve', '合格');
      break;
    }
  }
  const kept = steps.filter((s) => s.at < horizon - DAY_MS).sort((a, b) => a.at - b.at);
  return {
    task,
    steps: kept.map((s, i) => ({ ...s, requestId: `chaos:${seed}:${task.id}:${i}:${s.kind}` })),
    periods,
    deadline,
  };
}
