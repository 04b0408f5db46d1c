// Every write on a task, for the API, the CLI and the dashboard alike: the workflow's action table
// (workflows/actions.ts) with the body each action takes over HTTP. The workflow's validators keep the last word
// on role, status and content; the checks here answer early and name the field.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { missingDepartmentCodes } from '../../db/queries/departments';
import { getTaskAccess, type TaskAccess } from '../../db/queries/task-read';
import {
  TASK_ACTIONS as WORKFLOW_ACTIONS,
  type TaskActionName,
  type TaskActionSpec,
} from '../../workflows/actions';
import * as d from '../../workflows/definitions';
import type { TaskState } from '../../workflows/domain';
import { requireRole, requireTaskAccess } from './access';
import type { ServiceDeps } from './deps';
import { notFound, ServiceError } from './errors';
import { parseInput } from './input';
import { inputFields, type InputField } from './input-fields';
import { actorOf, type Principal, type Role } from './principal';
import * as s from './schemas';
import { EN, refusalOf } from './temporal-errors';
import { REUSED_REQUEST_ID } from '../../workflows/rules/requests';
import { withIdempotency } from '../tasks/idempotency';
import { sendUpdate, TaskActionError } from '../tasks/send-update';
import { planAt } from '../../workflows/clock';
import { toTaskView, type TaskView } from '../../db/task-view';

/** One action as the service layer takes it: the workflow's table entry, with its body and how it is sent. */
export interface TaskAction {
  /** The last segment of `POST /api/tasks/:id/<path>`. */
  path: string;
  /** The CLI's `task <verb> <id>`. */
  verb: string;
  roles: readonly Role[];
  schema: z.ZodType;
  /** The body's fields, as the CLI's options and the dashboard's form offer them. */
  fields: InputField[];
  summary: { zh: string; en: string };
  /** One line for help texts and the API's summary: what it does and who may. */
  describe: string;
  /** The Update's input: the body, the envelope, and its idempotency (`caller`: the token, or the CLI's name). */
  input(body: unknown, envelope: d.Message, caller: string | undefined): d.Message;
  send(deps: ServiceDeps, taskId: string, input: d.Message): Promise<TaskState>;
}

function serviceAction(name: TaskActionName): TaskAction {
  const spec: TaskActionSpec = WORKFLOW_ACTIONS[name];
  return {
    path: spec.path,
    verb: spec.verb ?? spec.path,
    // The workflow's 'system' actor is no caller's role.
    roles: spec.roles.filter((r): r is Role => r !== 'system'),
    schema: s.ACTION_BODIES[name],
    fields: inputFields(s.ACTION_BODIES[name]),
    summary: spec.label,
    describe: `${spec.label.en} (${spec.label.zh}) — ${whoMay(spec)}`,
    input: (body, envelope, caller) => {
      const { requestId: _r, ...content } = body as { requestId?: string };
      return withIdempotency(spec.update.name, { ...content, ...envelope }, caller);
    },
    send: (deps, taskId, input) => sendUpdate(deps.temporal, taskId, spec.update, input),
  };
}

export type { TaskActionName };

const ROLE_TEXT: Record<d.ActorRole, string> = {
  office: 'office',
  department: 'department',
  leader: 'leader in charge',
  system: 'system',
};

function whoMay(spec: TaskActionSpec): string {
  if (spec.departments === 'lead') return 'lead department';
  if (spec.departments === 'lead-or-co') return 'lead or co department';
  return spec.roles.map((r) => ROLE_TEXT[r]).join(' or ');
}

export const TASK_ACTIONS = Object.fromEntries(
  (Object.keys(WORKFLOW_ACTIONS) as TaskActionName[]).map((name) => [name, serviceAction(name)]),
) as Record<TaskActionName, TaskAction>;

export interface ActionResult {
  requestId: string;
  state: TaskView;
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
    return { requestId, state: view(deps, await spec.send(deps, taskId, input)) };
  } catch (err) {
    if (!(err instanceof TaskActionError)) throw err;
    if (err.kind === 'refused') throw refusalOf(err);
    // The task row says it was started: a workflow Temporal cannot find has ended.
    return closedTask(deps, taskId, input, spec, err);
  }
}

/** The state an action answered with, as its callers see it. */
const view = (deps: Pick<ServiceDeps, 'clock'>, state: TaskState) =>
  toTaskView(state, planAt(deps.clock, Date.now()));

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
  if (state && repeat) return { requestId: input.requestId, state: view(deps, state) };
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
