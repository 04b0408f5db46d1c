// The API and the dashboard on a free port, on top of an API suite's database and Temporal worker, without a
// browser: for tests of what the dashboard's routes answer to programs (forms, sign-in, guards).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createApiServer, type ApiServerOptions } from '../../client/api/server';
import { registerWeb, type WebOptions } from '../../client/web';
import { SESSION_COOKIE } from '../../client/web/session';
import type { ApiSuite } from './api-suite';

export interface Dashboard {
  app: FastifyInstance;
  baseUrl: string;
  /** The Cookie header of a session signed in with `token`. */
  session(token: string): string;
  /** POSTs `form` (urlencoded unless it is already a string) to `path` with the dashboard's own Origin. */
  post(
    path: string,
    form: Record<string, string | string[]> | string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startDashboard(
  suite: ApiSuite,
  options: Partial<Pick<ApiServerOptions, 'rateLimit' | 'taskWriteQuota' | 'log' | 'trustedProxies'>> &
    Pick<WebOptions, 'signInLimit'> = {},
): Promise<Dashboard> {
  const app = await createApiServer({ ...suite.deps, rateLimit: false, taskWriteQuota: false, ...options });
  await registerWeb(app, { ...suite.deps, mailCatcher: true, signInLimit: options.signInLimit });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    baseUrl,
    session: (token) => `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    post: (path, form, headers = {}) => {
      const body =
        typeof form === 'string'
          ? form
          : new URLSearchParams(
              Object.entries(form).flatMap(([k, v]) =>
                (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]),
              ),
            ).toString();
      return fetch(baseUrl + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, ...headers },
        body,
      });
    },
    close: () => app.close(),
  };
}
