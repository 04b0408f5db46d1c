// Write quotas on one task, per (caller, task) and per task (all callers together): within the general rate
// limit one token could still grow one task's trail, and the page that shows it, by hundreds of entries a minute.
// The counters are @fastify/rate-limit's in-memory store: each API process counts on its own, so N processes
// behind a balancer let up to N times a quota through — enough against a runaway script; counting across
// processes would take a shared store (the plugin's Redis option).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TaskWriteQuota } from '../../worker/config';
import type { ServiceDeps } from '../service/deps';
import { ServiceError } from '../service/errors';
import type { TaskAccess } from '../../db/queries/task-read';
import { loadTaskFor } from '../service/task-actions';
import { callerKey } from './caller-key';

declare module 'fastify' {
  interface FastifyInstance {
    /** The task write quotas (createApiServer): the API's and the dashboard's writes share one set of counters. */
    taskWriteGate: TaskWriteGate;
  }
}

export interface TaskWriteGate {
  /**
   * Counts one write by the caller to the route's task (`:id`); over a quota, sets Retry-After on `reply` and
   * throws 429 naming the quota. Call it just before the write is sent: once it refuses, nothing is sent.
   * Returns the task as the caller may see it when it was loaded to decide (the write need not load it again).
   */
  admit(req: FastifyRequest, reply: FastifyReply): Promise<TaskAccess | undefined>;
}

// The API's write routes (/api/tasks/:id/<action>) and the dashboard's (/tasks/:id/<action>) both name the task :id.
const taskIdOf = (req: FastifyRequest) => (req.params as { id: string }).id;

/** "10分钟" / "10 min" for whole minutes, else seconds. */
const windowText = (ms: number): [string, string] =>
  ms % 60_000 === 0 ? [`${ms / 60_000}分钟`, `${ms / 60_000} min`] : [`${ms / 1000}秒`, `${ms / 1000} s`];

/**
 * Only a caller who may act on the task is counted: anyone else is refused by the route itself (404, 403, in
 * the order it always was) and must not use up the quota the task's own departments share.
 */
async function counts(deps: Pick<ServiceDeps, 'db'>, req: FastifyRequest): Promise<TaskAccess | undefined> {
  if (!req.principal) return undefined;
  try {
    return await loadTaskFor(deps, req.principal, taskIdOf(req));
  } catch (err) {
    if (err instanceof ServiceError) return undefined;
    throw err;
  }
}

/** The gate on `app`'s task writes; `false`: no quotas. */
export async function taskWriteGate(
  app: FastifyInstance,
  deps: Pick<ServiceDeps, 'db'>,
  quota: TaskWriteQuota | false,
): Promise<TaskWriteGate> {
  if (!quota) return { admit: async () => undefined };
  // createApiServer registers the plugin for the general limit; without that limit, it is registered here with
  // nothing global, for these counters (and the dashboard's sign-in throttle) only.
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false });
  const counter = (max: number, key: (req: FastifyRequest) => string) =>
    app.createRateLimit({ max, timeWindow: quota.windowMs, keyGenerator: key });
  const perCaller = counter(quota.perCaller, (req) => `task-write:${taskIdOf(req)}:${callerKey(req)}`);
  const perTask = counter(quota.perTask, (req) => `task-write:${taskIdOf(req)}`);
  const [zhWindow, enWindow] = windowText(quota.windowMs);

  const refuse = (reply: FastifyReply, retryAfterS: number, zh: string, en: string): never => {
    const s = Math.max(1, retryAfterS);
    void reply.header('retry-after', s);
    throw new ServiceError('rate_limited', `${zh}，请在${s}秒后重试`, `${en}; retry in ${s} s`);
  };

  return {
    async admit(req, reply) {
      const task = await counts(deps, req);
      if (!task) return undefined;
      const id = taskIdOf(req);
      // The caller's own quota first: a caller over it is refused without touching the task's, so one token
      // hammering a task does not use up what the task's other departments share.
      const own = await perCaller(req);
      if (!own.isAllowed && own.isExceeded)
        refuse(
          reply,
          own.ttlInSeconds,
          `您对任务「${id}」的操作过于频繁（每${zhWindow}最多${quota.perCaller}次）`,
          `per-caller write quota exceeded: at most ${quota.perCaller} writes by one caller to task '${id}' per ${enWindow}`,
        );
      const all = await perTask(req);
      if (!all.isAllowed && all.isExceeded)
        refuse(
          reply,
          all.ttlInSeconds,
          `任务「${id}」的操作过于频繁（各单位合计每${zhWindow}最多${quota.perTask}次）`,
          `per-task write quota exceeded: at most ${quota.perTask} writes to task '${id}' by all callers together per ${enWindow}`,
        );
      return task;
    },
  };
}
