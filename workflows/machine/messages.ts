// What each message does to a task. Validators (rules/validate.ts) have already accepted the input.
import { reportOf } from '../events';
import { planDate } from '../clock';
import type {
  AcknowledgeInput,
  CancelInput,
  DecideExtensionInput,
  InstructInput,
  Message,
  ReassignInput,
  ReportProgressInput,
  RequestExtensionInput,
  ReviewCompletionInput,
  SubmitCompletionInput,
  SuspendInput,
} from '../definitions';
import type { TaskState } from '../domain';
import { PATCH } from '../patches';
import type { MachineHooks } from './ports';

const meta = (m: Message) => ({ actor: m.actor, requestId: m.requestId });

function stopLadders(
  state: TaskState,
  hooks: MachineHooks,
  why: string,
  match: (reason: string, period: string) => boolean,
) {
  for (const l of state.ladders) {
    if (l.stoppedAt === undefined && match(l.reason, l.period)) {
      l.stoppedAt = hooks.now();
      l.stopReason = why;
      hooks.emit('ladder_stopped', { reason: l.reason, period: l.period, why, level: Math.min(l.fired, 4) });
    }
  }
}

export function acknowledge(state: TaskState, hooks: MachineHooks, input: AcknowledgeInput): void {
  state.status = 'in_progress';
  state.acknowledgedAt = hooks.now();
  hooks.emit('acknowledged', { note: input.note ?? '', late: hooks.now() > state.ackDueAt }, meta(input));
  stopLadders(state, hooks, 'acknowledged', (reason) => reason === 'ack');
}

export function reportProgress(state: TaskState, hooks: MachineHooks, input: ReportProgressInput): void {
  const now = hooks.now();
  // A co-department (配合单位) reports on its own share: the report is on the trail, but it neither answers the
  // period for the lead department nor overwrites the overall percent and target values the lead reports.
  const contribution =
    input.actor.department !== state.spec.leadDepartment && hooks.patched(PATCH.coReportsAreContributions);
  const cp =
    (input.period !== undefined
      ? state.checkpoints.find((c) => c.period === input.period)
      : state.checkpoints.find(
          (c) => (c.status === 'missing' || c.status === 'pending') && c.startsAt <= now,
        )) ?? [...state.checkpoints].reverse().find((c) => c.startsAt <= now);
  const period = cp?.period ?? planDate(now).slice(0, 7);
  let late = contribution && cp !== undefined && now > cp.dueAt;
  if (!contribution && cp && (cp.status === 'pending' || cp.status === 'missing')) {
    late = now > cp.dueAt;
    cp.status = late ? 'late' : 'received';
    cp.receivedAt = now;
    cp.reportRequestId = input.requestId;
  }
  if (!contribution) {
    state.percent = input.percent;
    for (const v of input.values ?? []) {
      const i = state.spec.targets.findIndex((t) => t.idx === v.targetIdx);
      if (i >= 0) state.achieved[i] = v.value;
    }
  }
  const report = {
    period,
    percent: input.percent,
    values: input.values ?? [],
    narrative: input.narrative,
    problems: input.problems ?? '',
    nextSteps: input.nextSteps ?? '',
    late,
    ...(contribution ? { contribution: true } : {}),
  };
  state.reports.push(reportOf(hooks.emit('progress_reported', report, meta(input))));
  if (!contribution)
    stopLadders(state, hooks, 'reported', (reason, p) => reason === 'report' && p === period);
}

export function submitCompletion(state: TaskState, hooks: MachineHooks, input: SubmitCompletionInput): void {
  state.status = 'completion_review';
  state.completion = {
    summary: input.summary,
    at: hooks.now(),
    by: input.actor.department ?? input.actor.role,
  };
  hooks.emit(
    'completion_submitted',
    { summary: input.summary, onTime: hooks.now() < state.deadlineAt },
    meta(input),
  );
  stopLadders(state, hooks, 'completion_submitted', (reason) => reason !== 'ack');
}

export function reviewCompletion(state: TaskState, hooks: MachineHooks, input: ReviewCompletionInput): void {
  const wf = state.workflowId;
  if (input.decision === 'approve') {
    state.status = 'completed';
    state.grade = input.grade;
    state.closedAt = hooks.now();
    state.percent = 100;
    hooks.emit('completion_approved', { grade: input.grade, comment: input.comment ?? '' }, meta(input));
    stopLadders(state, hooks, 'completed', () => true);
    hooks.notify({
      key: `${wf}:complete:-:0`,
      kind: 'completion_confirmed',
      notify: ['contact', 'head'],
      planAt: hooks.now(),
      text: `${input.grade ?? ''} ${input.comment ?? ''}`.trim(),
    });
    return;
  }
  state.status = 'in_progress';
  state.rejections += 1;
  state.lastRejection = { reason: input.comment ?? '', at: hooks.now() };
  const event = hooks.emit(
    'completion_rejected',
    { reason: input.comment ?? '', round: state.rejections },
    meta(input),
  );
  hooks.notify({
    key: `${wf}:reject:${event.seq}:0`,
    kind: 'rejection',
    notify: ['contact'],
    planAt: hooks.now(),
    text: input.comment ?? '',
  });
}

export function requestExtension(state: TaskState, hooks: MachineHooks, input: RequestExtensionInput): void {
  state.extensionRequest = {
    requestId: input.requestId,
    requestedDeadline: input.newDeadline,
    reason: input.reason,
    requestedBy: input.actor.department ?? input.actor.role,
    at: hooks.now(),
  };
  hooks.emit('extension_requested', { newDeadline: input.newDeadline, reason: input.reason }, meta(input));
}

/** Approving moves the deadline in the running workflow: new periods are scheduled, the overdue climb stops. */
export async function decideExtension(
  state: TaskState,
  hooks: MachineHooks,
  input: DecideExtensionInput,
): Promise<void> {
  const request = state.extensionRequest!;
  state.extensionRequest = undefined;
  const wf = state.workflowId;
  if (!input.approve) {
    const event = hooks.emit(
      'extension_rejected',
      { requested: request.requestedDeadline, comment: input.comment ?? '' },
      meta(input),
    );
    hooks.notify({
      key: `${wf}:extension:${event.seq}:0`,
      kind: 'extension_decision',
      notify: ['contact'],
      planAt: hooks.now(),
      text: `不予延期。${input.comment ?? ''}`,
    });
    return;
  }
  const to = input.newDeadline ?? request.requestedDeadline;
  const from = state.deadline;
  const lastPeriod = state.checkpoints[state.checkpoints.length - 1]?.period;
  const schedule = await hooks.calendar.schedule({
    startAt: state.startedAt,
    deadline: to,
    cadence: state.spec.cadence,
    policy: state.spec.policy,
    after: lastPeriod,
  });
  state.deadline = to;
  state.deadlineAt = schedule.deadlineAt;
  state.nearDeadlineAt = schedule.nearDeadlineAt;
  state.overdueLadder = schedule.overdueLadder;
  state.checkpoints.push(...schedule.checkpoints);
  state.extensions.push({ from, to, reason: request.reason, at: hooks.now() });
  const event = hooks.emit(
    'extension_approved',
    { from, to, reason: request.reason, comment: input.comment ?? '' },
    meta(input),
  );
  stopLadders(state, hooks, 'extended', (reason) => reason === 'overdue');
  hooks.notify({
    key: `${wf}:extension:${event.seq}:0`,
    kind: 'extension_decision',
    notify: ['contact'],
    planAt: hooks.now(),
    text: `同意延期至${to}。${input.comment ?? ''}`,
  });
}

export function suspend(state: TaskState, hooks: MachineHooks, input: SuspendInput): void {
  state.suspended = { at: hooks.now(), reason: input.reason, previous: state.status };
  state.status = 'suspended';
  const event = hooks.emit('suspended', { reason: input.reason }, meta(input));
  if (hooks.patched(PATCH.notifyUnits))
    hooks.notify({
      key: `${state.workflowId}:suspend:${event.seq}:0`,
      kind: 'suspended',
      notify: ['contact', 'head'],
      planAt: hooks.now(),
      text: input.reason,
    });
}

/** Resuming shifts every instant still ahead by the plan time spent suspended. */
export function resume(state: TaskState, hooks: MachineHooks, input: Message): void {
  const { at, previous } = state.suspended!;
  const shift = hooks.now() - at;
  const move = (t: number) => (t >= at ? t + shift : t);
  state.deadlineAt = move(state.deadlineAt);
  state.deadline = planDate(state.deadlineAt - 1);
  state.nearDeadlineAt = move(state.nearDeadlineAt);
  state.ackDueAt = move(state.ackDueAt);
  state.ackLadder = state.ackLadder.map(move);
  state.overdueLadder = state.overdueLadder.map(move);
  state.startedAt = state.startedAt + shift;
  for (const cp of state.checkpoints) {
    cp.dueAt = move(cp.dueAt);
    cp.startsAt = move(cp.startsAt);
    cp.ladder = cp.ladder.map(move);
  }
  for (const l of state.ladders) l.at = l.at.map((t, i) => (i >= l.fired ? move(t) : t));
  state.suspendedTotalMs += shift;
  state.status = previous;
  state.suspended = undefined;
  const event = hooks.emit('resumed', { suspendedMs: shift, deadline: state.deadline }, meta(input));
  // The notice carries the shifted deadline (MachineHooks.notify adds it).
  if (hooks.patched(PATCH.notifyUnits))
    hooks.notify({
      key: `${state.workflowId}:resume:${event.seq}:0`,
      kind: 'resumed',
      notify: ['contact', 'head'],
      planAt: hooks.now(),
    });
}

export function cancel(state: TaskState, hooks: MachineHooks, input: CancelInput): void {
  state.status = 'cancelled';
  state.suspended = undefined;
  state.closedAt = hooks.now();
  hooks.emit('cancelled', { reason: input.reason }, meta(input));
  stopLadders(state, hooks, 'cancelled', () => true);
  // A task is cancelled at most once, so its key needs no sequence number (as the completion's).
  if (hooks.patched(PATCH.notifyUnits))
    hooks.notify({
      key: `${state.workflowId}:cancel:-:0`,
      kind: 'cancelled',
      notify: ['contact', 'head'],
      planAt: hooks.now(),
      text: input.reason,
    });
}

export function reassign(state: TaskState, hooks: MachineHooks, input: ReassignInput): void {
  const before = { leadDepartment: state.spec.leadDepartment, coDepartments: state.spec.coDepartments };
  state.spec = {
    ...state.spec,
    leadDepartment: input.leadDepartment,
    coDepartments: [...input.coDepartments],
  };
  const event = hooks.emit(
    'reassigned',
    {
      before,
      after: { leadDepartment: input.leadDepartment, coDepartments: input.coDepartments },
      reason: input.reason ?? '',
    },
    meta(input),
  );
  hooks.notify({
    key: `${state.workflowId}:assign:${event.seq}:0`,
    kind: 'assignment',
    notify: ['contact'],
    planAt: hooks.now(),
    // The read model may still name the old lead when the email is composed.
    department: input.leadDepartment,
  });
  if (hooks.patched(PATCH.notifyUnits) && before.leadDepartment !== input.leadDepartment)
    hooks.notify({
      key: `${state.workflowId}:moved:${event.seq}:0`,
      kind: 'reassigned_away',
      notify: ['contact', 'head'],
      planAt: hooks.now(),
      department: before.leadDepartment,
      text: input.reason ?? '',
    });
}

export function instruct(state: TaskState, hooks: MachineHooks, input: InstructInput): void {
  const by = input.actor.name ?? input.actor.role;
  state.instructions.push({ text: input.text, by, at: hooks.now() });
  const event = hooks.emit('instructed', { text: input.text, by }, meta(input));
  hooks.notify({
    key: `${state.workflowId}:instruction:${event.seq}:0`,
    kind: 'instruction',
    by,
    byRole: input.actor.role,
    notify: ['contact', 'head'],
    planAt: hooks.now(),
    text: input.text,
  });
}
