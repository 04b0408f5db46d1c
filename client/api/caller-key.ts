// Whom the limits count: the caller's token, else (no token yet: a sign-in, a public route) its address.
import type { FastifyRequest } from 'fastify';

/** The key a caller's requests are counted under, by the general rate limit and the task write quotas. */
export const callerKey = (req: FastifyRequest): string =>
  req.principal?.tokenId ? `token:${req.principal.tokenId}` : `ip:${req.ip}`;
