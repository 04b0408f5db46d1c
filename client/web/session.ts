// Signing in to the dashboard: the API token, pasted once, is kept in an HttpOnly cookie (scripts cannot
// read it) that is SameSite=Lax (links from the escalation emails keep working, cross-site posts carry no
// cookie) and has no expiry (it ends with the browser session). The token is checked on every request, so
// a revoked token stops at once. The cookie is never accepted by /api: the API takes bearer tokens only.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../service/principal';

export const SESSION_COOKIE = 'duban_session';

/** The value of cookie `name`, if the request carries it. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const attributes = (secure: boolean) => `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export function setSession(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; ${attributes(secure)}`);
}

export function clearSession(reply: FastifyReply, secure: boolean): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attributes(secure)}`);
}

/** Thrown by pages that need a signed-in viewer: pages redirect to the sign-in form, fragments answer 401. */
export class LoginRequired extends Error {
  override name = 'LoginRequired';
  constructor() {
    super('请先登录');
  }
}

/** The signed-in viewer (from the session cookie, or a bearer token for scripts). */
export function viewerOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new LoginRequired();
  return req.principal;
}

/** Where to go after signing in: a path on this site only (no `//host` or scheme). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

/**
 * A form post must show that it comes from our own pages: its Origin (browsers send one on every POST) or,
 * without one, its Referer (our pages send it to this site: Referrer-Policy same-origin) must be this host
 * or the public URL (behind a proxy that rewrites Host). A post with neither is refused too: what cannot say
 * where it comes from cannot be told from a forgery. A second line of defence behind SameSite.
 */
export function fromOwnOrigin(req: FastifyRequest, publicOrigin?: string): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const claimed = req.headers.origin ?? req.headers.referer;
  if (claimed === undefined || claimed === 'null') return false;
  let origin: URL;
  try {
    origin = new URL(claimed);
  } catch {
    return false;
  }
  if (publicOrigin !== undefined && origin.origin === publicOrigin) return true;
  return origin.host === req.headers.host && /^https?:$/.test(origin.protocol);
}
