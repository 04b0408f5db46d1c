// Failed sign-ins are counted per (token, client address): a script hammering one token from one place is
// slowed down, and nobody else is — not another token from the same address (an office behind one NAT), not
// the same token from elsewhere. The token is the account here (the dashboard signs in with an API token),
// so what is counted is a hash of the token that was typed. Sign-ins are not counted by the general
// per-address limit, which would let anyone lock every colleague behind the same address out.
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from '../service/errors';
import { formField, type FormFields } from './form-body';

export interface SignInLimit {
  /** Failed sign-ins one token may have from one address within the window. */
  max: number;
  timeWindowMs: number;
}

export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = { max: 10, timeWindowMs: 15 * 60_000 };

export interface SignInThrottle {
  /** The refusal when the posted token has failed too often from this address, else undefined. */
  refusal(req: FastifyRequest): Promise<{ error: ServiceError; retryAfterS: number } | undefined>;
  /** Counts one failed sign-in of the posted token from this address. */
  failed(req: FastifyRequest): Promise<void>;
}

/** Whose failures a sign-in counts with: the client's address and the token it typed (hashed: keys are kept). */
const keyOf = (req: FastifyRequest) =>
  `sign-in:${req.ip}:${createHash('sha256')
    .update(formField(req.body as FormFields | undefined, 'token'))
    .digest('hex')}`;

/** The throttle on `app` (@fastify/rate-limit's store and key generator); false: no throttling. */
export async function signInThrottle(
  app: FastifyInstance,
  limit: SignInLimit | false,
): Promise<SignInThrottle> {
  if (!limit) return { refusal: async () => undefined, failed: async () => undefined };
  // createApiServer registers the plugin for the general limit; without that limit, it is registered here
  // with nothing global, for this throttle only.
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false });
  const count = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    keyGenerator: keyOf,
  });
  return {
    async refusal(req) {
      const seen = await count(req, { increment: false });
      if (seen.isAllowed || seen.remaining > 0) return undefined;
      const error = new ServiceError(
        'rate_limited',
        `登录失败次数过多，请在${seen.ttlInSeconds}秒后重试`,
        `too many failed sign-ins with this token from this address, retry in ${seen.ttlInSeconds} s`,
        'token',
      );
      return { error, retryAfterS: seen.ttlInSeconds };
    },
    async failed(req) {
      await count(req);
    },
  };
}
