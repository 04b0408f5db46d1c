// Every action on a task, declared once: its Update, its path in the API, who may send it, in which statuses,
// its label, its content checks and its effect. The workflow's handlers and validators, the service layer (and
// through it the API, its OpenAPI document, the CLI and the dashboard's forms) are derived from this table.
// Adding an action is one entry here, its message and Update (definitions.ts), its effect (machine/messages.ts),
// its content checks (rules/validate.ts), the schema of its body (client/service/schemas.ts `ACTION_BODIES`, from
// which the CLI's options and the dashboard's form are derived), and its tests.
import * as d from './definitions';
import type { TaskState } from './domain';
import * as m from './machine/messages';
import type { MachineHooks } from './machine/ports';
import * as v from './rules/validate';
import { OPEN_STATUSES, RUNNING_STATUSES, type TaskStatus } from './status';

export interface TaskActionSpec<I extends d.Message = d.Message> {
  update: d.TaskUpdate<I>;
  /** The last segment of `POST /api/tasks/:id/<path>`, and the dashboard form's key. */
  path: string;
  /** The CLI's `task <verb> <id>`, when shorter than the path. */
  verb?: string;
  /** The roles that may send it. */
  roles: readonly d.ActorRole[];
  /** Among departments, who: the lead only, or the lead and the co-departments. */
  departments?: 'lead' | 'lead-or-co';
  /** The statuses in which it is taken; absent: any (its content check decides). */
  statuses?: readonly TaskStatus[];
  /** A refusal in a status it is not taken in, when there is more to say than the status. */
  statusHints?: Partial<Record<TaskStatus, string>>;
  /** What it does, as a verb phrase: 「当前角色无权签收任务」, 'acknowledge the task'. */
  label: { zh: string; en: string };
  // Methods (not function properties), so that an entry for one message is also an entry of the whole table.
  /** The checks of its content, after role and status. */
  check(state: TaskState, now: number, input: I): void;
  apply(state: TaskState, hooks: MachineHooks, input: I): void | Promise<void>;
}

/** An entry, its message type inferred from its Update and checked against its check and effect. */
const action = <I extends d.Message>(spec: TaskActionSpec<I>): TaskActionSpec<I> => spec;

const DEPARTMENT: readonly d.ActorRole[] = ['department'];
const OFFICE: readonly d.ActorRole[] = ['office'];

// The order is the order in which the workflow registers its handlers, and Updates that arrive with a task's start
// are run as their handlers are registered: it is part of every recorded history and never changes.
export const TASK_ACTIONS = {
  acknowledge: action({
    update: d.acknowledgeUpdate,
    path: 'acknowledge',
    verb: 'ack',
    roles: DEPARTMENT,
    departments: 'lead',
    statuses: ['assigned'],
    label: { zh: '签收任务', en: 'acknowledge the task' },
    check: v.checkAcknowledge,
    apply: m.acknowledge,
  }),
  progress: action({
    update: d.reportProgressUpdate,
    path: 'progress',
    verb: 'report',
    roles: DEPARTMENT,
    departments: 'lead-or-co',
    statuses: ['in_progress'],
    statusHints: { assigned: '请先签收任务，再报送进度' },
    label: { zh: '报送进度', en: 'report progress' },
    check: v.checkReportProgress,
    apply: m.reportProgress,
  }),
  completion: action({
    update: d.submitCompletionUpdate,
    path: 'completion',
    verb: 'complete',
    roles: DEPARTMENT,
    departments: 'lead',
    statuses: ['in_progress'],
    statusHints: { assigned: '请先签收任务' },
    label: { zh: '提交办结申请', en: 'submit completion' },
    check: v.checkSubmitCompletion,
    apply: m.submitCompletion,
  }),
  review: action({
    update: d.reviewCompletionUpdate,
    path: 'review',
    roles: OFFICE,
    statuses: ['completion_review'],
    label: { zh: '审核办结', en: 'review the completion' },
    check: v.checkReviewCompletion,
    apply: m.reviewCompletion,
  }),
  extensionRequest: action({
    update: d.requestExtensionUpdate,
    path: 'extension-request',
    verb: 'extend',
    roles: DEPARTMENT,
    departments: 'lead',
    statuses: ['assigned', 'in_progress'],
    label: { zh: '申请延期', en: 'request an extension' },
    check: v.checkRequestExtension,
    apply: m.requestExtension,
  }),
  extensionDecision: action({
    update: d.decideExtensionUpdate,
    path: 'extension-decision',
    verb: 'decide-extension',
    roles: OFFICE,
    // Taken while a request waits, whatever the status (checked with the content).
    label: { zh: '批复延期', en: 'decide the extension request' },
    check: v.checkDecideExtension,
    apply: m.decideExtension,
  }),
  suspend: action({
    update: d.suspendUpdate,
    path: 'suspend',
    roles: OFFICE,
    statuses: RUNNING_STATUSES,
    label: { zh: '暂停任务', en: 'suspend the task' },
    check: v.checkSuspend,
    apply: m.suspend,
  }),
  resume: action({
    update: d.resumeUpdate,
    path: 'resume',
    roles: OFFICE,
    statuses: ['suspended'],
    label: { zh: '恢复任务', en: 'resume the task' },
    check: () => undefined,
    apply: m.resume,
  }),
  cancel: action({
    update: d.cancelUpdate,
    path: 'cancel',
    roles: OFFICE,
    statuses: OPEN_STATUSES,
    label: { zh: '撤销任务', en: 'cancel the task' },
    check: v.checkCancel,
    apply: m.cancel,
  }),
  reassign: action({
    update: d.reassignUpdate,
    path: 'reassign',
    roles: OFFICE,
    statuses: OPEN_STATUSES,
    label: { zh: '调整责任单位', en: 'reassign the departments' },
    check: v.checkReassign,
    apply: m.reassign,
  }),
  instruction: action({
    update: d.instructUpdate,
    path: 'instruction',
    verb: 'instruct',
    roles: ['office', 'leader'],
    statuses: OPEN_STATUSES,
    label: { zh: '作出批示', en: 'give an instruction' },
    check: v.checkInstruct,
    apply: m.instruct,
  }),
} as const satisfies Record<string, TaskActionSpec>;

export type TaskActionName = keyof typeof TASK_ACTIONS;

/** The Update's validator: the envelope, the role, the department, the status, then the content. */
export function validatorOf<I extends d.Message>(spec: TaskActionSpec<I>) {
  return (state: TaskState, now: number, input: I): void => {
    v.checkEnvelope(input);
    v.requireRole(input.actor, spec.roles, spec.label.zh);
    if (spec.departments) v.requireDepartment(state, input.actor, spec.departments, spec.label.zh);
    if (spec.statuses) v.requireStatus(state, spec.statuses, spec.label.zh, spec.statusHints?.[state.status]);
    spec.check(state, now, input);
  };
}

/** Who is asking, as the table's rules see them. */
export interface Asker {
  role: d.ActorRole;
  department?: string;
}

/** Whether `asker` may take `spec` on a task in `status` led by `lead` with `co` (the dashboard offers it then). */
export function mayTake(
  spec: TaskActionSpec,
  task: { status: string; leadDepartment: string; coDepartments: readonly string[] },
  asker: Asker,
): boolean {
  if (!spec.roles.includes(asker.role)) return false;
  if (asker.role === 'department' && spec.departments) {
    const lead = asker.department === task.leadDepartment;
    const co = task.coDepartments.includes(asker.department ?? '');
    if (!(lead || (spec.departments === 'lead-or-co' && co))) return false;
  }
  return !spec.statuses || (spec.statuses as readonly string[]).includes(task.status);
}
