// /api/tasks: the list, one task in full, starting, and one POST per action (see client/service/task-actions.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRole } from '../../service/access';
import type { ServiceDeps } from '../../service/deps';
import { ServiceError } from '../../service/errors';
import type { Role } from '../../service/principal';
import { startBody, taskDetailQuery, taskIdParams, taskListQuery } from '../../service/schemas';
import { performTaskAction, TASK_ACTIONS, type TaskActionName } from '../../service/task-actions';
import { startTaskFor } from '../../service/start-task-for';
import { getTaskFor, listTasksFor } from '../../service/task-queries';
import { principal } from '../auth';
import * as res from '../responses';
import type { TaskWriteGate } from '../task-write-quota';
import { responses } from './common';

function idempotencyKey(req: FastifyRequest): string | undefined {
  const h = req.headers['idempotency-key'];
  if (Array.isArray(h))
    throw new ServiceError(
      'bad_request',
      '请求头 Idempotency-Key 只能有一个',
      'send one Idempotency-Key header',
      'Idempotency-Key',
    );
  return h;
}

/** Role refusal comes before body validation: a caller who may never do this learns that first. */
const allow =
  (roles: readonly Role[], action: { zh: string; en: string }) =>
  async (req: FastifyRequest): Promise<void> => {
    requireRole(principal(req), roles, action);
    if (req.body === undefined) req.body = {};
  };

// Every write counts against the task's write quotas (task-write-quota.ts) in its handler: after the role check,
// body validation and the general rate limit (hooks), and before anything is sent to the workflow.
export function taskRoutes(app: FastifyInstance, deps: ServiceDeps, gate: TaskWriteGate): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'List tasks (任务清单)',
        description:
          'The tasks the caller may see (office: all; department: led or co-handled; leader: led by departments in their charge), filtered and paged, in id order.',
        querystring: taskListQuery,
        response: responses(res.taskPageSchema),
      },
    },
    (req) => listTasksFor(deps, principal(req), req.query),
  );

  r.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task: state, targets, checkpoints, reports, escalations, events',
        description:
          'Reports and events (the trail) come a page at a time, newest first: `reports` and `events` are ' +
          '`{ items, total, limit, offset }`, paged by reportsLimit/reportsOffset and eventsLimit/eventsOffset.',
        params: taskIdParams,
        querystring: taskDetailQuery,
        response: responses(res.taskDetailSchema),
      },
    },
    (req) => getTaskFor(deps, principal(req), req.params.id, req.query),
  );

  r.post(
    '/api/tasks/:id/start',
    {
      schema: {
        tags: ['office'],
        summary: 'Start the task workflow (启动) — office',
        description:
          "Idempotent: starting a started task answers `started: false`. Counts against the task's write quota.",
        params: taskIdParams,
        body: startBody.optional(),
        response: responses(res.startResultSchema),
      },
      preValidation: allow(['office'], { zh: '启动任务', en: 'start the task' }),
    },
    async (req, reply) => {
      await gate.admit(req, reply);
      return startTaskFor(deps, principal(req), req.params.id, req.body);
    },
  );

  for (const [name, spec] of Object.entries(TASK_ACTIONS) as Array<
    [TaskActionName, (typeof TASK_ACTIONS)[TaskActionName]]
  >) {
    r.post(
      `/api/tasks/:id/${spec.path}`,
      {
        schema: {
          tags: [spec.roles.includes('department') ? 'department' : 'office'],
          summary: spec.describe,
          description:
            'Sends the workflow Update and returns `{ requestId, state }` with the new state. ' +
            'A repeated requestId (or Idempotency-Key header) returns the state without a second transition. ' +
            "Refusals by the workflow's validator: 409 wrong_state/conflict, 422 invalid, 403 forbidden. " +
            "Over the task's write quota (per caller or for all callers): 429 rate_limited with Retry-After.",
          params: taskIdParams,
          // Actions without a required field take no body at all, too.
          body: spec.schema.safeParse({}).success ? spec.schema.optional() : spec.schema,
          response: responses(res.actionResultSchema),
        },
        preValidation: allow(spec.roles, spec.summary),
      },
      async (req, reply) => {
        const task = await gate.admit(req, reply);
        return performTaskAction(deps, principal(req), req.params.id, name, req.body, {
          idempotencyKey: idempotencyKey(req),
          task,
        });
      },
    );
  }
}
