// Bearer tokens: resolved on every request (a revoked token stops at once), enforced unless a route is public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/connect';
import { ServiceError } from '../service/errors';
import type { Principal } from '../service/principal';
import { principalOfToken } from '../service/tokens';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** No token needed (health, the OpenAPI document). */
    public?: boolean;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/** Adds the hook that finds who is calling; call before the rate limiter, which counts per token. */
export function resolvePrincipals(app: FastifyInstance, db: Db): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    const token = bearer(req);
    if (token) req.principal = await principalOfToken(db, token);
  });
}

/** Adds the hook that refuses anonymous calls to non-public routes (on request: before the rate limiter counts). */
export function enforceAuthentication(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (req.is404 || req.routeOptions.config?.public || req.principal) return;
    const presented = req.headers.authorization !== undefined;
    throw new ServiceError(
      'unauthorized',
      presented ? '令牌无效或已吊销' : '缺少令牌：请在请求头中提供 Authorization: Bearer <令牌>',
      presented ? 'invalid or revoked token' : 'missing token: send Authorization: Bearer <token>',
    );
  });
}

/** The caller of an authenticated route. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new ServiceError('unauthorized', '未登录', 'not authenticated');
  return req.principal;
}
