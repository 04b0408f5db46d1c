// The HTTP API: fastify with zod schemas (validation and the OpenAPI document), bearer tokens with roles,
// a body size limit, per-token rate limits, per-task write quotas, and one JSON error shape. Returns the app,
// not listening.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from '../../db/connect';
import { DEFAULT_TASK_WRITE_QUOTA, type TaskWriteQuota } from '../../worker/config';
import type { Logger } from '../../worker/logger';
import type { ClockSpec } from '../../workflows/domain';
import type { ServiceDeps } from '../service/deps';
import { ServiceError } from '../service/errors';
import { describeIssue } from '../service/input';
import { enforceAuthentication, resolvePrincipals } from './auth';
import { callerKey } from './caller-key';
import { API_HEADERS, clientErrorHandler, installErrorHandlers, isApiUrl, sendError } from './errors';
import { bulletinRoutes } from './routes/bulletins';
import { directoryRoutes } from './routes/directory';
import { metaRoutes } from './routes/meta';
import { reportRoutes } from './routes/reports';
import { taskRoutes } from './routes/tasks';
import { taskWriteGate } from './task-write-quota';

export interface ApiServerOptions {
  db: Db;
  temporal: Client;
  taskQueue: string;
  clock: ClockSpec;
  /** A pino logger; false (the default) logs nothing. */
  log?: Logger | false;
  /** Largest accepted request body in bytes (default 64 KiB: texts are capped at 4000 characters). */
  bodyLimit?: number;
  /** Requests per token (per address without one) per window; false turns the limit off. */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /**
   * Writes to one task per caller and per task (all callers), API and dashboard together, counted in this
   * process's memory (DUBAN_TASK_WRITE_QUOTA_*; default DEFAULT_TASK_WRITE_QUOTA); false turns them off.
   */
  taskWriteQuota?: TaskWriteQuota | false;
  /**
   * The reverse proxies whose X-Forwarded-For names the client (addresses or CIDR ranges, DUBAN_TRUSTED_PROXIES).
   * Empty (the default): the peer is the client, and X-Forwarded-For is ignored.
   */
  trustedProxies?: readonly string[];
  /** The server URL the OpenAPI document names. */
  publicUrl?: string;
}

export const DEFAULT_RATE_LIMIT = { max: 600, timeWindowMs: 60_000 };

/** Builds the API server; call `listen` on it (or `inject` in tests). */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const deps: ServiceDeps = {
    db: options.db,
    temporal: options.temporal,
    taskQueue: options.taskQueue,
    clock: options.clock,
  };
  const app = Fastify({
    // fastify logs each request at info: one line per request drowns everything else, so the API's logger
    // starts at warn unless LOG_LEVEL=debug asks for them.
    ...(options.log
      ? {
          loggerInstance: options.log.child(
            { component: 'api' },
            { level: ['debug', 'trace'].includes(options.log.level) ? options.log.level : 'warn' },
          ) as FastifyBaseLogger,
        }
      : {}),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // The client's address (rate limits, sign-in throttling) comes from X-Forwarded-For only when the peer is
    // a proxy the operator named: anyone else could write any address there.
    trustProxy: options.trustedProxies?.length ? [...options.trustedProxies] : false,
    // Ids are checked by the routes (an unknown one is 404); only a segment no id can be is refused as too long.
    routerOptions: { maxParamLength: 1024 },
    // What the router refuses before any route (a malformed %-escape, an over-long segment): same error shape.
    frameworkErrors: (err, req, reply) => void sendError(err, req, reply),
    // On close, keep-alive sockets (a dashboard's, the simulator's) must not hold the process up.
    forceCloseConnections: true,
    clientErrorHandler,
  });
  installErrorHandlers(app);
  app.addHook('onSend', async (req, reply, payload) => {
    if (isApiUrl(req.url)) void reply.headers(API_HEADERS);
    return payload;
  });

  // Schemas are zod: validation names the field (400), response schemas document and type-check only.
  app.setValidatorCompiler<z.ZodType>(({ schema }) => (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: describeIssue(result.error.issues[0]!, data) };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // JSON only (anything else is 415); an empty JSON body counts as no body (curl -X POST -H 'Content-Type: …').
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body.toString();
    if (text.trim() === '') done(null, undefined);
    else void json(req, text, done);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'duban 督办 API',
        version: '1',
        description:
          'Key-task supervision: the office (督查室), responsible departments and leaders in charge. ' +
          'Every error is `{ error: { code, message, messageEn, field? } }`.',
      },
      ...(options.publicUrl ? { servers: [{ url: options.publicUrl }] } : {}),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  resolvePrincipals(app, options.db);
  const limit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  if (limit) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      // Counted once the caller is known, the dashboard's session cookie included (its hook runs on
      // request): people behind one address (an office's NAT, a proxy) do not share one bucket.
      hook: 'preHandler',
      keyGenerator: callerKey,
      errorResponseBuilder: (_req, ctx) =>
        new ServiceError(
          'rate_limited',
          `请求过于频繁，请在${Math.ceil(ctx.ttl / 1000)}秒后重试`,
          `rate limit of ${ctx.max} requests exceeded, retry in ${ctx.after}`,
        ),
    });
  }
  const gate = await taskWriteGate(app, deps, options.taskWriteQuota ?? DEFAULT_TASK_WRITE_QUOTA);
  app.decorate('taskWriteGate', gate);
  enforceAuthentication(app);

  metaRoutes(app, options.db);
  taskRoutes(app, deps, gate);
  directoryRoutes(app, deps);
  reportRoutes(app, deps);
  bulletinRoutes(app, deps);
  return app;
}
