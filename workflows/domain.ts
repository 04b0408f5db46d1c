// Domain types shared by the workflow, activities, API and web. Plain data only: they cross Temporal's wire.

import type { TaskStatus } from './status';

export type { TaskStatus } from './status';
export type Light = 'green' | 'yellow' | 'red';
/** Why a light is not green; 'behind_schedule': progress trails the share of time elapsed (序时进度). */
export type LightReason =
  'overdue' | 'escalated' | 'report_missing' | 'ack_overdue' | 'deadline_near' | 'behind_schedule';
export type Cadence = 'monthly' | 'quarterly';
export type Grade = '优秀' | '良好' | '合格' | '不合格';
export const GRADES = ['优秀', '良好', '合格', '不合格'] as const satisfies readonly Grade[];
export type Comparator = '≥' | '=' | '≤';
export type Recipient = 'contact' | 'head' | 'leader' | 'office';
export const RECIPIENTS: readonly Recipient[] = ['contact', 'head', 'leader', 'office'];
/**
 * The escalation levels, fixed: each has its own email, label and weight in the light (the "13710" spirit:
 * 提醒, 催办, 督办, 约谈). A policy's ladder climbs them in order, one step per level; it may stop short of the top.
 */
export const LEVEL = { reminder: 1, urge: 2, supervise: 3, talk: 4 } as const;
export const TOP_LEVEL = LEVEL.talk;
export type LadderReason = 'ack' | 'report' | 'overdue';

export interface Target {
  idx: number;
  metric: string;
  value: number;
  unit: string;
  comparator: Comparator;
  /** 'growth' targets are percentages of growth over last year. */
  kind: 'absolute' | 'growth';
  tentative: boolean;
}

/** The escalation policy of a task class (seeds/policies.yaml), frozen into the workflow at start. */
export interface EscalationPolicy {
  name: string;
  /** Working days the department has to acknowledge (签收) a new task. */
  ackWorkingDays: number;
  /** A period's report is due on this working day of the following month. */
  reportDueWorkingDay: number;
  /** Local time of day (+08:00) at which due instants fall, 'HH:MM'. */
  dueTime: string;
  /** The ladder: each step fires `afterWorkingDays` after the previous one (the first after the missed due instant). */
  steps: Array<{ level: number; afterWorkingDays: number; notify: Recipient[] }>;
  /** An overdue task repeats its top step every this many working days until closed. */
  repeatEveryWorkingDays: number;
  /** Yellow when reported percent trails the elapsed share of the time (序时进度) by more than this. */
  progressTolerancePct: number;
  /** Yellow when the deadline is this close (working days) and no completion is in. */
  nearDeadlineWorkingDays: number;
}

/** What the workflow needs to know about a task; built from the catalog row when it starts. */
export interface TaskSpec {
  id: string;
  planYear: number;
  title: string;
  source: string;
  sectionPath: string[];
  targets: Target[];
  leadDepartment: string;
  coDepartments: string[];
  /** 'YYYY-MM-DD', the last plan day on which completion is on time. */
  deadline: string;
  cadence: Cadence;
  priority: string;
  policy: EscalationPolicy;
}

/** Maps plan time to real time (DESIGN §3 "Clock"): plan = planEpoch + (real − realEpoch) × speed. */
export interface ClockSpec {
  planEpochMs: number;
  realEpochMs: number;
  speed: number;
}

export interface CheckpointState {
  period: string;
  startsAt: number;
  dueAt: number;
  status: 'pending' | 'received' | 'late' | 'missing' | 'waived';
  reportRequestId?: string;
  receivedAt?: number;
  /** Precomputed instants of the ladder steps should the report be missed. */
  ladder: number[];
}

export interface LadderState {
  reason: LadderReason;
  period: string;
  /** Instants of the steps, level i+1 at index i; repeats of the top step are appended as they are computed. */
  at: number[];
  /** How many steps have fired. */
  fired: number;
  /** Repeats the top step until closed (overdue ladders only). */
  repeats: boolean;
  stoppedAt?: number;
  stopReason?: string;
}

export interface EscalationRecord {
  key: string;
  reason: LadderReason;
  period: string;
  level: number;
  repeat: number;
  at: number;
  notify: Recipient[];
}

export interface ReportValue {
  targetIdx: number;
  value: number;
}

export interface ProgressReportRecord {
  requestId: string;
  seq: number;
  period: string;
  percent: number;
  values: ReportValue[];
  narrative: string;
  problems: string;
  nextSteps: string;
  submittedBy: string;
  late: boolean;
  /** A co-department's report on its own share: it did not answer the period or set the overall figures. */
  contribution?: boolean;
  at: number;
}

export interface ExtensionRequest {
  requestId: string;
  requestedDeadline: string;
  reason: string;
  requestedBy: string;
  at: number;
}

/** Who sent a message: the API fills it from the caller's token. */
export interface Actor {
  role: 'office' | 'department' | 'leader' | 'system';
  /** The acting department's code, for the 'department' role. */
  department?: string;
  /** A person's name or a token label, for the trail. */
  name?: string;
}

export type { TaskEvent } from './events';

/** The whole state of a task workflow: what `getState` returns and what continue-as-new carries. */
export interface TaskState {
  taskId: string;
  workflowId: string;
  spec: TaskSpec;
  clock: ClockSpec;
  status: TaskStatus;
  /** null once the task is closed (completed or cancelled): a closed task is counted apart, never in a light. */
  light: Light | null;
  /** Why the light is not green. */
  lightReasons: LightReason[];
  level: number;
  seq: number;
  startedAt: number;
  /** 'YYYY-MM-DD': the current deadline date (moved by extensions and suspensions). */
  deadline: string;
  ackDueAt: number;
  /** Precomputed ladder instants for a missed acknowledgement and for a passed deadline. */
  ackLadder: number[];
  overdueLadder: number[];
  acknowledgedAt?: number;
  deadlineAt: number;
  nearDeadlineAt: number;
  percent: number;
  achieved: Array<number | null>;
  checkpoints: CheckpointState[];
  ladders: LadderState[];
  escalations: EscalationRecord[];
  reports: ProgressReportRecord[];
  extensionRequest?: ExtensionRequest;
  extensions: Array<{ from: string; to: string; reason: string; at: number }>;
  suspended?: { at: number; reason: string; previous: TaskStatus };
  suspendedTotalMs: number;
  completion?: { summary: string; at: number; by: string };
  rejections: number;
  lastRejection?: { reason: string; at: number };
  grade?: Grade;
  instructions: Array<{ text: string; by: string; at: number }>;
  closedAt?: number;
  /** Request ids already applied, newest last (bounded), so a repeat changes nothing. */
  requestIds: string[];
}

export type NoticeKind =
  | 'assignment'
  | 'ack_reminder'
  | 'reminder'
  | 'urge'
  | 'supervise'
  | 'interview'
  | 'rejection'
  | 'extension_decision'
  | 'completion_confirmed'
  | 'instruction'
  // The office's decisions on a running task, told to the units concerned.
  | 'suspended'
  | 'resumed'
  | 'cancelled'
  | 'reassigned_away';

/** An email the workflow asks for; the notification activity renders and delivers it once per key. */
export interface Notice {
  /** `<workflowId>:<reason>:<period>:<level>[:<repeat>]`: one key, at most one delivered email. */
  key: string;
  kind: NoticeKind;
  taskId: string;
  notify: Recipient[];
  /** The plan instant at which the notice was due. */
  planAt: number;
  reason?: LadderReason;
  period?: string;
  level?: number;
  repeat?: number;
  /** The plan instant since which the thing is late (a due instant or the deadline). */
  lateSince?: number;
  /** Free text: the rejection reason, the instruction, the extension decision. */
  text?: string;
  /** The escalations of this task so far, oldest first. */
  history: Array<{ level: number; reason: LadderReason; period: string; at: number }>;
  /** The department addressed (a department code); default: the task's lead department in the catalog.
   *  Set it when the lead department just changed (reassignment), as the catalog may not show it yet. */
  department?: string;
  /** The plan instant by which the addressee must act (the acknowledgement due on assignment), if any. */
  dueAt?: number;
  /** Who wrote `text`: the instructing leader's or office member's name. */
  by?: string;
  /** The role of who wrote `text`: 'office' reads as 督查室批示, else (also in older notices) 领导批示. */
  byRole?: Actor['role'];
  /** 'YYYY-MM-DD': the deadline as the workflow has it (the read model may not show a new one yet). */
  deadline?: string;
  /** Lead and co-departments (codes) as the workflow has them, for the same reason; default: the catalog's. */
  assignedTo?: { lead: string; co: string[] };
}
