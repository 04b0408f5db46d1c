// The trail (留痕): every event a task's workflow records, by type, with the shape of its data. One word for it:
// an *event*. The workflow writes them (hooks.emit is typed by this map), the read model stores them
// (`task_events`), the dashboard's timeline and the exports read them.
//
// A stored event keeps the shape it was written with: a field added later is optional here, so a reader of an
// older trail handles its absence.
import type {
  Actor,
  EscalationRecord,
  Grade,
  LadderReason,
  Light,
  LightReason,
  ProgressReportRecord,
  Recipient,
} from './domain';

export interface TaskEventData {
  started: { deadline: string; leadDepartment: string };
  acknowledged: { note: string; late: boolean };
  /** The report as the state records it, without what the event itself carries (seq, at, request id, actor). */
  progress_reported: Omit<ProgressReportRecord, 'requestId' | 'seq' | 'submittedBy' | 'at'>;
  completion_submitted: { summary: string; onTime: boolean };
  completion_approved: { grade?: Grade; comment: string };
  completion_rejected: { reason: string; round: number };
  extension_requested: { newDeadline: string; reason: string };
  extension_approved: { from: string; to: string; reason: string; comment: string };
  extension_rejected: { requested: string; comment: string };
  suspended: { reason: string };
  resumed: { suspendedMs: number; deadline: string };
  cancelled: { reason: string };
  reassigned: {
    before: { leadDepartment: string; coDepartments: string[] };
    after: { leadDepartment: string; coDepartments: string[] };
    reason: string;
  };
  instructed: { text: string; by: string };
  checkpoint_missed: { period: string; dueAt: number };
  checkpoint_waived: { period: string };
  deadline_passed: { deadline: string };
  escalated: {
    key: string;
    reason: LadderReason;
    period: string;
    level: number;
    repeat: number;
    notify: Recipient[];
    /** The ladder's instant for this step (the event's `at` is when it was handled: later after an outage). */
    scheduledAt?: number;
  };
  /** `why`: what stopped the ladder (acknowledged, reported, completion_submitted, completed, extended, cancelled). */
  ladder_stopped: { reason: LadderReason; period: string; why: string; level: number };
  light_changed: { from: Light | null; to: Light | null; level: number; reasons: LightReason[] };
}

export type TaskEventType = keyof TaskEventData;

/** One event of the trail; `type` tells its data's shape. */
export type TaskEvent = {
  [T in TaskEventType]: {
    seq: number;
    type: T;
    /** Plan instant. */
    at: number;
    actor?: Actor;
    requestId?: string;
    data: TaskEventData[T];
  };
}[TaskEventType];

/** The event of type `T`. */
export type TaskEventOf<T extends TaskEventType> = Extract<TaskEvent, { type: T }>;

/** Who a report is recorded as submitted by: the department, else the person or token, else the role. */
export const submitterOf = (actor: Actor | undefined): string =>
  actor?.department ?? actor?.name ?? actor?.role ?? 'system';

/** The progress report a `progress_reported` event records: the state's record and the read model's row alike. */
export function reportOf(e: TaskEventOf<'progress_reported'>): ProgressReportRecord {
  return { ...e.data, requestId: e.requestId ?? '', seq: e.seq, submittedBy: submitterOf(e.actor), at: e.at };
}

/** The escalation an `escalated` event records (events before `scheduledAt` stood at their own instant). */
export function escalationOf(e: TaskEventOf<'escalated'>): EscalationRecord {
  const { scheduledAt, ...d } = e.data;
  return { ...d, at: scheduledAt ?? e.at };
}

/** Builds the event of type `T` (the one place the union is assembled from its parts). */
export function eventOf<T extends TaskEventType>(
  seq: number,
  type: T,
  at: number,
  data: TaskEventData[T],
  meta?: { actor?: Actor; requestId?: string },
): TaskEventOf<T> {
  return { seq, type, at, data, ...meta } as TaskEventOf<T>;
}
