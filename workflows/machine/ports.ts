// What the task machine needs from the outside world, implemented by the workflow with activities.
import type { Actor } from '../definitions';
import type { PatchId } from '../patches';
import type { Cadence, CheckpointState, EscalationPolicy, Notice } from '../domain';
import type { TaskEventData, TaskEventOf, TaskEventType } from '../events';

export interface ScheduleInput {
  /** Plan instant the task (or the extended part of it) starts. */
  startAt: number;
  deadline: string;
  cadence: Cadence;
  policy: EscalationPolicy;
  /** Only periods after this one (an extension adds periods, it does not redo old ones). */
  after?: string;
  /** How many repeats of the top step to precompute for the overdue ladder. */
  overdueRepeats?: number;
}

/** Calendar-derived instants: computed in an activity so a holiday-table update never changes a replay. */
export interface TaskSchedule {
  ackDueAt: number;
  ackLadder: number[];
  checkpoints: CheckpointState[];
  deadlineAt: number;
  nearDeadlineAt: number;
  overdueLadder: number[];
}

export interface LadderInput {
  startAt: number;
  policy: EscalationPolicy;
  /** Repeats of the top step to append after the ladder's steps (0: just the steps). */
  repeats: number;
  /** Continue an existing ladder: only `repeats` more instants, K working days apart, after `startAt`. */
  repeatsOnly?: boolean;
  /** Keep adding repeats until one falls after this instant (catching up after an outage). */
  until?: number;
}

export interface CalendarPort {
  schedule(input: ScheduleInput): Promise<TaskSchedule>;
  ladder(input: LadderInput): Promise<number[]>;
}

export interface MachineHooks {
  /** Plan time now. */
  now(): number;
  /** Appends an event to the trail and returns it. */
  emit<T extends TaskEventType>(
    type: T,
    data: TaskEventData[T],
    meta?: { actor?: Actor; requestId?: string },
  ): TaskEventOf<T>;
  /** Asks for an email; delivery happens in the background. Task facts the workflow knows are added to it. */
  notify(notice: Omit<Notice, 'taskId' | 'history' | 'deadline' | 'assignedTo'>): void;
  /** Temporal's `patched` (workflows/patches.ts): false while replaying a history recorded before the change `id`. */
  patched(id: PatchId): boolean;
  calendar: CalendarPort;
}
