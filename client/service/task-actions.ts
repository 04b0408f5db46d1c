// Every write on a task, for the API and the CLI alike: who may do it, the body it takes, and the
// workflow Update it becomes. The workflow's validators keep the last word on state and content.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { missingDepartmentCodes } from '../../db/queries/departments';
import { getTaskAccess, type TaskAccess } from '../../db/queries/task-read';
import * as d from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import { requireRole, requireTaskAccess } from './access';
import type { ServiceDeps } from './deps';
import { notFound, ServiceError } from './errors';
import { parseInput } from './input';
import { actorOf, type Principal, type Role } from './principal';
import * as s from './schemas';
import { EN, refusalOf } from './temporal-errors';
import { REUSED_REQUEST_ID } from '../../workflows/rules/requests';
import { withIdempotency } from '../tasks/idempotency';
import { sendUpdate, TaskActionError } from '../tasks/send-update';

interface ActionSpec<S extends z.ZodType, I extends d.Message> {
  /** The last segment of `POST /api/tasks/:id/<path>`. */
  path: string;
  roles: readonly Role[];
  schema: S;
  update: d.TaskUpdate<I>;
  toInput: (body: z.output<S>) => Omit<I, 'requestId' | 'actor' | 'idempotency'>;
  summary: { zh: string; en: string };
}

/** One action with its types erased, so the table can be iterated. */
export interface TaskAction {
  path: string;
  roles: readonly Role[];
  schema: z.ZodType;
  summary: { zh: string; en: string };
  /** The Update's input: the body, the envelope, and its idempotency (`caller`: the token, or the CLI's name). */
  input(body: unknown, envelope: d.Message, caller: string | undefined): d.Message;
  send(deps: ServiceDeps, taskId: string, input: d.Message): Promise<TaskState>;
}

function action<S extends z.ZodType, I extends d.Message>(spec: ActionSpec<S, I>): TaskAction {
  return {
    path: spec.path,
    roles: spec.roles,
    schema: spec.schema,
    summary: spec.summary,
    input: (body, envelope, caller) =>
      withIdempotency(spec.update.name, { ...spec.toInput(body as z.output<S>), ...envelope } as I, caller),
    send: (deps, taskId, input) => sendUpdate(deps.temporal, taskId, spec.update, input as I),
  };
}

const DEPT: Role[] = ['department'];
const OFFICE: Role[] = ['office'];
const strip = <T extends { requestId?: string }>({ requestId: _r, ...rest }: T) => rest;

export const TASK_ACTIONS = {
  acknowledge: action({
    path: 'acknowledge',
    roles: DEPT,
    schema: s.acknowledgeBody,
    update: d.acknowledgeUpdate,
    toInput: strip,
    summary: { zh: '签收任务', en: 'acknowledge the task' },
  }),
  progress: action({
    path: 'progress',
    roles: DEPT,
    schema: s.progressBody,
    update: d.reportProgressUpdate,
    toInput: strip,
    summary: { zh: '报送进度', en: 'report progress' },
  }),
  extensionRequest: action({
    path: 'extension-request',
    roles: DEPT,
    schema: s.extensionRequestBody,
    update: d.requestExtensionUpdate,
    toInput: strip,
    summary: { zh: '申请延期', en: 'request an extension' },
  }),
  completion: action({
    path: 'completion',
    roles: DEPT,
    schema: s.completionBody,
    update: d.submitCompletionUpdate,
    toInput: strip,
    summary: { zh: '提交办结申请', en: 'submit completion' },
  }),
  review: action({
    path: 'review',
    roles: OFFICE,
    schema: s.reviewBody,
    update: d.reviewCompletionUpdate,
    toInput: strip,
    summary: { zh: '审核办结', en: 'review the completion' },
  }),
  extensionDecision: action({
    path: 'extension-decision',
    roles: OFFICE,
    schema: s.extensionDecisionBody,
    update: d.decideExtensionUpdate,
    toInput: strip,
    summary: { zh: '批复延期', en: 'decide the extension request' },
  }),
  suspend: action({
    path: 'suspend',
    roles: OFFICE,
    schema: s.reasonBody,
    update: d.suspendUpdate,
    toInput: strip,
    summary: { zh: '暂停任务', en: 'suspend the task' },
  }),
  resume: action({
    path: 'resume',
    roles: OFFICE,
    schema: s.resumeBody,
    update: d.resumeUpdate,
    toInput: strip,
    summary: { zh: '恢复任务', en: 'resume the task' },
  }),
  cancel: action({
    path: 'cancel',
    roles: OFFICE,
    schema: s.reasonBody,
    update: d.cancelUpdate,
    toInput: strip,
    summary: { zh: '撤销任务', en: 'cancel the task' },
  }),
  reassign: action({
    path: 'reassign',
    roles: OFFICE,
    schema: s.reassignBody,
    update: d.reassignUpdate,
    toInput: strip,
    summary: { zh: '调整责任单位', en: 'reassign the departments' },
  }),
  instruction: action({
    path: 'instruction',
    roles: ['office', 'leader'],
    schema: s.instructionBody,
    update: d.instructUpdate,
    toInput: strip,
    summary: { zh: '作出批示', en: 'give an instruction' },
  }),
} satisfies Record<string, TaskAction>;

export type TaskActionName = keyof typeof TASK_ACTIONS;

export interface ActionResult {
  requestId: string;
  state: TaskState;
}

/** The request id of a write: the body's, else the Idempotency-Key header's, else a fresh one. */
export function resolveRequestId(fromBody: string | undefined, header: string | undefined): string {
  if (header !== undefined && !s.REQUEST_ID.test(header)) {
    throw new ServiceError(
      'bad_request',
      '请求头 Idempotency-Key 必须是1到200个可见ASCII字符',
      'the Idempotency-Key header must be 1–200 visible ASCII characters',
      'Idempotency-Key',
    );
  }
  if (fromBody !== undefined && header !== undefined && fromBody !== header) {
    throw new ServiceError(
      'bad_request',
      '请求体中的 requestId 与请求头 Idempotency-Key 不一致',
      'requestId in the body differs from the Idempotency-Key header',
      'requestId',
    );
  }
  return fromBody ?? header ?? randomUUID();
}

/** The task as access checks see it: 404 when unknown (a malformed id is unknown too), 403 when not the caller's. */
export async function loadTaskFor(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  taskId: string,
): Promise<TaskAccess> {
  const task = s.TASK_ID.test(taskId) ? await getTaskAccess(deps.db, taskId) : undefined;
  if (!task)
    throw notFound({ zh: '任务', en: 'task' }, taskId.length > 100 ? `${taskId.slice(0, 100)}…` : taskId);
  requireTaskAccess(p, task);
  return task;
}

/** Checks and sends one action; returns the new state (or, for a repeated request id, the current one). */
export async function performTaskAction(
  deps: ServiceDeps,
  p: Principal,
  taskId: string,
  name: TaskActionName,
  rawBody: unknown,
  /** `task`: the task as loaded for this caller by the write gate just before (not loaded again). */
  options: { idempotencyKey?: string; task?: TaskAccess } = {},
): Promise<ActionResult> {
  const spec: TaskAction = TASK_ACTIONS[name];
  requireRole(p, spec.roles, spec.summary);
  const body = parseInput(spec.schema, rawBody ?? {}) as { requestId?: string };
  const requestId = resolveRequestId(body.requestId, options.idempotencyKey);
  const task = options.task ?? (await loadTaskFor(deps, p, taskId));
  if (name === 'reassign') await requireDepartments(deps, body as z.output<typeof s.reassignBody>);
  if (!task.workflowId) {
    throw new ServiceError(
      'wrong_state',
      `任务「${taskId}」尚未启动，不能${spec.summary.zh}`,
      `task '${taskId}' has not been started`,
      'status',
    );
  }
  const input = spec.input(body, { requestId, actor: actorOf(p) }, callerOf(p));
  try {
    return { requestId, state: await spec.send(deps, taskId, input) };
  } catch (err) {
    if (!(err instanceof TaskActionError)) throw err;
    if (err.kind === 'refused') throw refusalOf(err);
    // The task row says it was started: a workflow Temporal cannot find has ended.
    return closedTask(deps, taskId, input, spec, err);
  }
}

/** Who a request id belongs to, beside role and unit: the token, else the name the caller acts as. */
const callerOf = (p: Principal): string | undefined => p.tokenId ?? p.label;

/** A closed workflow takes no Updates: a repeat of a request it applied still gets the state back. */
async function closedTask(
  deps: ServiceDeps,
  taskId: string,
  input: d.Message,
  spec: TaskAction,
  err: Error,
): Promise<ActionResult> {
  const handle = deps.temporal.workflow.getHandle(d.workflowIdFor(taskId));
  const [state, seen] = await Promise.all([
    handle.query(d.getStateQuery).catch(() => undefined),
    handle
      .query(d.requestSeenQuery, { requestId: input.requestId, idempotency: input.idempotency })
      // A workflow closed before the query existed knows bare ids only.
      .catch(() => undefined),
  ]);
  const repeat = seen === undefined ? state?.requestIds.includes(input.requestId) : seen === 'repeat';
  if (state && repeat) return { requestId: input.requestId, state };
  if (seen === 'conflict')
    throw new ServiceError('conflict', REUSED_REQUEST_ID, EN.conflict('requestId'), 'requestId', {
      cause: err,
    });
  const closed =
    state?.status === 'completed' ? '已办结销号' : state?.status === 'cancelled' ? '已撤销' : '已结束';
  throw new ServiceError(
    'wrong_state',
    `任务「${taskId}」${closed}，不能${spec.summary.zh}`,
    `task '${taskId}' is closed: cannot ${spec.summary.en}`,
    'status',
    { cause: err },
  );
}

/** Reassignment names departments: each must be in the directory (422 naming the field) before the Update. */
async function requireDepartments(deps: ServiceDeps, body: z.output<typeof s.reassignBody>): Promise<void> {
  const codes = [body.leadDepartment, ...body.coDepartments];
  const missing = new Set(await missingDepartmentCodes(deps.db, codes));
  if (missing.size === 0) return;
  const field = missing.has(body.leadDepartment)
    ? 'leadDepartment'
    : `coDepartments[${body.coDepartments.findIndex((c) => missing.has(c))}]`;
  const code = missing.has(body.leadDepartment) ? body.leadDepartment : [...missing][0]!;
  throw new ServiceError(
    'invalid',
    `单位代码「${code}」不存在（${field}）`,
    `no department '${code}' (${field})`,
    field,
  );
}
