// Kysely table types: snake_case as in Postgres. Rows never leave db/ as-is: queries map them to domain objects.
import type { TaskView } from './task-view';
import type { BulletinFigures, UnitMention } from './bulletin-figures';
import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** pg returns numeric as a string to keep precision; we write numbers. */
type Numeric = ColumnType<string, number | string, number | string>;

export interface DepartmentTable {
  code: string;
  name: string;
  kind: ColumnType<string, string | undefined, string>;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  head_name: string | null;
  head_email: string | null;
  leader_name: string | null;
  leader_email: string | null;
  updated_at: CreatedAt;
}

export interface PolicyTable {
  name: string;
  spec: JSONColumnType<Record<string, unknown>, string, string>;
  updated_at: CreatedAt;
}

export interface TaskTable {
  id: string;
  plan_year: number;
  section_path: string[];
  title: string;
  source: string;
  lead_department: string;
  co_departments: ColumnType<string[], string[] | undefined, string[]>;
  deadline: ColumnType<string, string, string>;
  cadence: ColumnType<string, string | undefined, string>;
  policy: ColumnType<string, string | undefined, string>;
  priority: ColumnType<string, string | undefined, string>;
  workflow_id: string | null;
  status: ColumnType<string, string | undefined, string>;
  light: string | null;
  level: ColumnType<number, number | undefined, number>;
  percent: ColumnType<string, number | string | undefined, number | string>;
  current_deadline: Timestamp | null;
  next_due_at: Timestamp | null;
  seq: ColumnType<number, number | undefined, number>;
  /** The workflow's private state (diagnostics and tests only: no reader depends on its shape). */
  state: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** The public view (TaskView, db/task-view.ts) with `expectedPercent` null: what readers read. */
  view: JSONColumnType<TaskView | null, string | null, string | null>;
  /** The epoch of the last fenced writer (activities/record-transitions.ts); pg returns bigint as a string. */
  write_epoch: ColumnType<string, number | undefined, number>;
  updated_at: CreatedAt;
}

export interface TargetTable {
  task_id: string;
  idx: number;
  metric: string;
  value: Numeric;
  unit: string;
  comparator: string;
  tentative: ColumnType<boolean, boolean | undefined, boolean>;
  achieved: ColumnType<string | null, number | string | null | undefined, number | string | null>;
}

export interface TaskEventTable {
  task_id: string;
  seq: number;
  type: string;
  actor: string | null;
  request_id: string | null;
  plan_at: Timestamp;
  data: JSONColumnType<Record<string, unknown>, string, string>;
  recorded_at: CreatedAt;
}

export interface CheckpointTable {
  task_id: string;
  period: string;
  due_at: Timestamp;
  status: string;
  report_request_id: string | null;
  received_at: Timestamp | null;
}

export interface ProgressReportTable {
  task_id: string;
  request_id: string;
  seq: number;
  period: string;
  percent: Numeric;
  values: JSONColumnType<Array<{ targetIdx: number; value: number }>, string, string>;
  narrative: string;
  problems: string;
  next_steps: string;
  submitted_by: string;
  late: boolean;
  plan_at: Timestamp;
}

export interface EscalationTable {
  key: string;
  task_id: string;
  reason: string;
  period: string;
  level: number;
  repeat: number;
  plan_at: Timestamp;
  acknowledged_at: Timestamp | null;
}

export interface NotificationTable {
  key: string;
  task_id: string | null;
  kind: string;
  message_id: string;
  to_addresses: ColumnType<string[], string[] | undefined, string[]>;
  cc_addresses: ColumnType<string[], string[] | undefined, string[]>;
  subject: string;
  text_body: string;
  html_body: string;
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  smtp_response: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** The attempt that holds the sending lease, and until when (a lease outlives a dead worker's attempt). */
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  /** Roles of the notice that had no usable address (the message went to the others). */
  missing_recipients: ColumnType<string[], string[] | undefined, string[]>;
  /** Files sent with the message, by reference to where they are stored (activities/notifications/attachments.ts). */
  attachments: JSONColumnType<MailAttachment[], string | undefined, string>;
  /** Set on rows the outbox dispatcher sends (null: an activity sends it): when it may try next. */
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** An attachment of an outbox message: a stored document, named as the recipient sees it. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  /** A bulletin's issued document. */
  bulletin: { planYear: number; number: number; format: 'pdf' | 'docx' };
}

export interface CaughtMailTable {
  id: Generated<string>;
  message_id: string | null;
  envelope_from: string | null;
  envelope_to: string[];
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  headers: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  raw: string;
  received_at: CreatedAt;
}

export interface ApiTokenTable {
  id: string;
  token_hash: string;
  role: string;
  department_code: string | null;
  /** For the 'leader' role: the leader_email of the departments whose tasks the token reads. */
  leader_email: string | null;
  label: string | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface SettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: CreatedAt;
}

/** 督查通报 (client/bulletin): `figures` is BulletinFigures, the praise/criticism lists UnitMention[]. */
export interface BulletinTable {
  plan_year: number;
  number: number;
  period: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  status: ColumnType<string, string | undefined, string>;
  figures: JSONColumnType<BulletinFigures, string, string>;
  remark: ColumnType<string, string | undefined, string>;
  praise: JSONColumnType<UnitMention[], string, string>;
  criticism: JSONColumnType<UnitMention[], string, string>;
  corrects: number | null;
  drafted_at: CreatedAt;
  issued_at: Timestamp | null;
  issued_by: string | null;
  content_hash: string | null;
  /** The documents as issued (null while a draft: drafts are rendered when asked for). */
  pdf: Buffer | null;
  docx: Buffer | null;
}

export interface Database {
  departments: DepartmentTable;
  policies: PolicyTable;
  tasks: TaskTable;
  targets: TargetTable;
  task_events: TaskEventTable;
  checkpoints: CheckpointTable;
  progress_reports: ProgressReportTable;
  escalations: EscalationTable;
  notifications: NotificationTable;
  caught_mail: CaughtMailTable;
  api_tokens: ApiTokenTable;
  settings: SettingTable;
  bulletins: BulletinTable;
}

export type DepartmentRow = Selectable<DepartmentTable>;
export type NewDepartmentRow = Insertable<DepartmentTable>;
export type TaskRow = Selectable<TaskTable>;
export type NewTaskRow = Insertable<TaskTable>;
export type TaskUpdate = Updateable<TaskTable>;
export type TargetRow = Selectable<TargetTable>;
export type NotificationRow = Selectable<NotificationTable>;
