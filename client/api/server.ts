// The HTTP API: fastify with zod schemas (validation and the OpenAPI document), bearer tokens with roles,
// a body size limit, per-token rate limits, and one JSON error shape. Returns the app, not listening.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from '../../db/connect';
import type { Logger } from '../../worker/logger';
import type { ClockSpec } from '../../workflows/domain';
import type { ServiceDeps } from '../service/deps';
import { ServiceError } from '../service/errors';
import { describeIssue } from '../service/input';
import { enforceAuthentication, resolvePrincipals } from './auth';
import { clientErrorHandler, installErrorHandlers } from './errors';
import { directoryRoutes } from './routes/directory';
import { metaRoutes } from './routes/meta';
import { reportRoutes } from './routes/reports';
import { taskRoutes } from './routes/tasks';

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
    // Never trust client-supplied proxy headers for the address the rate limit falls back on.
    trustProxy: false,
    // On close, keep-alive sockets (a dashboard's, the simulator's) must not hold the process up.
    forceCloseConnections: true,
    clientErrorHandler,
  });
  installErrorHandlers(app);

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
      keyGenerator: (req) => (req.principal?.tokenId ? `token:${req.principal.tokenId}` : `ip:${req.ip}`),
      errorResponseBuilder: (_req, ctx) =>
        new ServiceError(
          'rate_limited',
          `请求过于频繁，请在${Math.ceil(ctx.ttl / 1000)}秒后重试`,
          `rate limit of ${ctx.max} requests exceeded, retry in ${ctx.after}`,
        ),
    });
  }
  enforceAuthentication(app);

  metaRoutes(app, options.db);
  taskRoutes(app, deps);
  directoryRoutes(app, deps);
  reportRoutes(app, deps);
  return app;
}
