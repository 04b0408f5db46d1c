// The messages of the task workflow, shared by workflow, worker, API, CLI and tests (one definition each).
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ClockSpec, Grade, ReportValue, TaskSpec, TaskState } from './domain';
import type { TaskSchedule } from './machine/ports';

/** The task queue of the task workflows and their activities. */
export const DEFAULT_TASK_QUEUE = 'duban-tasks';

/** Business ids as workflow ids: starting a task twice is refused by Temporal itself. */
export const workflowIdFor = (taskId: string): string => `task-${taskId}`;

export type { Actor };
export type ActorRole = Actor['role'];

/**
 * A request id scoped to its caller, and what the request asked for (client/tasks/idempotency.ts). The workflow
 * remembers every key it applied for the task's whole life: the same key again is a repeat (the current state
 * comes back), the same key with another fingerprint is refused naming `requestId`.
 */
export interface Idempotency {
  key: string;
  fingerprint: string;
}

/** Every message carries a request id; a repeated one changes nothing and returns the current state. */
export interface Message {
  requestId: string;
  actor: Actor;
  /** Absent in messages sent before request ids were scoped: those are remembered by their bare id. */
  idempotency?: Idempotency;
}

/** Whether a request was applied before: 'repeat' (same key and fingerprint), 'conflict' (same key, other request). */
export type RequestSeen = 'new' | 'repeat' | 'conflict';

export interface AcknowledgeInput extends Message {
  note?: string;
}
export interface ReportProgressInput extends Message {
  /** 'YYYY-MM' or 'YYYY-Qn'; defaults to the oldest open checkpoint. */
  period?: string;
  percent: number;
  values?: ReportValue[];
  narrative: string;
  problems?: string;
  nextSteps?: string;
}
export interface SubmitCompletionInput extends Message {
  summary: string;
}
export interface ReviewCompletionInput extends Message {
  decision: 'approve' | 'reject';
  grade?: Grade;
  comment?: string;
}
export interface RequestExtensionInput extends Message {
  newDeadline: string;
  reason: string;
}
export interface DecideExtensionInput extends Message {
  approve: boolean;
  /** Defaults to the requested deadline. */
  newDeadline?: string;
  comment?: string;
}
export interface SuspendInput extends Message {
  reason: string;
}
export type ResumeInput = Message;
export interface CancelInput extends Message {
  reason: string;
}
export interface ReassignInput extends Message {
  leadDepartment: string;
  coDepartments: string[];
  reason?: string;
}
export interface InstructInput extends Message {
  text: string;
}

export const acknowledgeUpdate = defineUpdate<TaskState, [AcknowledgeInput]>('acknowledge');
export const reportProgressUpdate = defineUpdate<TaskState, [ReportProgressInput]>('reportProgress');
export const submitCompletionUpdate = defineUpdate<TaskState, [SubmitCompletionInput]>('submitCompletion');
export const reviewCompletionUpdate = defineUpdate<TaskState, [ReviewCompletionInput]>('reviewCompletion');
export const requestExtensionUpdate = defineUpdate<TaskState, [RequestExtensionInput]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<TaskState, [DecideExtensionInput]>('decideExtension');
export const suspendUpdate = defineUpdate<TaskState, [SuspendInput]>('suspend');
export const resumeUpdate = defineUpdate<TaskState, [ResumeInput]>('resume');
export const cancelUpdate = defineUpdate<TaskState, [CancelInput]>('cancel');
export const reassignUpdate = defineUpdate<TaskState, [ReassignInput]>('reassign');
export const instructUpdate = defineUpdate<TaskState, [InstructInput]>('instruct');

/** Every Update of the task workflow takes one message and returns the new state. */
export type TaskUpdate<I extends Message> = UpdateDefinition<TaskState, [I]>;

export const getStateQuery = defineQuery<TaskState>('getState');
/** Asked of a closed workflow (it takes no more Updates): was this request applied? */
export const requestSeenQuery = defineQuery<RequestSeen, [Pick<Message, 'requestId' | 'idempotency'>]>(
  'requestSeen',
);

/** The bulletin drafter of a plan year (workflows/bulletin-workflow.ts). */
export const bulletinDrafterIdFor = (planYear: number): string => `bulletins-${planYear}`;

export interface BulletinDrafterInput {
  planYear: number;
  clock: ClockSpec;
  /** 'YYYY-MM': the first month to draft (default January of the plan year). */
  from?: string;
}

/** The mailing of an issued bulletin (workflows/bulletin-mail-workflow.ts): one per bulletin. */
export const bulletinMailIdFor = (planYear: number, number: number): string =>
  `bulletin-mail-${planYear}-${number}`;

export interface BulletinMailInput {
  planYear: number;
  number: number;
}

/** The workflow's input: the task, its clock, and — after continue-as-new — the state it carries. */
export interface TaskWorkflowInput {
  spec: TaskSpec;
  clock: ClockSpec;
  /** Calendar-derived instants, computed by the starter (never in workflow code). */
  schedule: TaskSchedule & { startAt: number };
  carried?: TaskState;
  /** After continue-as-new: every applied request key with its fingerprint (kept out of the public state). */
  carriedRequests?: Array<[key: string, fingerprint: string]>;
  /** Continue-as-new after this many history events even if the server does not suggest it (tests force it). */
  continueAsNewAfterEvents?: number;
  /** The starter set the search attributes of a new task (green, assigned, its lead, level 0): no upsert needed. */
  searchAttributesAtStart?: boolean;
  /** How many runs came before this one (continue-as-new); orders the read-model writers of successive runs. */
  runNumber?: number;
}
