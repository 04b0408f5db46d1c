// The common set-up of an API test file: the workflow suite (real Postgres, Temporal, SMTP), the API server
// on top of it, and one token per kind of caller. Call at the top level of a test file.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createApiServer, type ApiServerOptions } from '../../client/api/server';
import type { ServiceDeps } from '../../client/service/deps';
import { makeClock } from '../../workflows/clock';
import type { ClockSpec } from '../../workflows/domain';
import { issueTestTokens } from './tokens';
import { useWorkflowSuite, type WorkflowSuite } from './workflow-suite';

/** Who calls: the office, the lead, co and an unrelated department, the lead's leader in charge, another leader. */
export type Caller = 'office' | 'lead' | 'co' | 'other' | 'leader' | 'otherLeader';
export const CALLERS: readonly Caller[] = ['office', 'lead', 'co', 'other', 'leader', 'otherLeader'];

/** Response bodies are read loosely in tests: the assertions say what they must hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiSuite extends WorkflowSuite {
  app: FastifyInstance;
  clock: ClockSpec;
  deps: ServiceDeps;
  tokens: Record<Caller, string>;
  baseUrl: string;
  /** A request as `caller` (or with no token: null); `body` goes out as JSON unless it is a string. */
  call(
    caller: Caller | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json }>;
  /** The same request, answered with the response headers too. */
  send(...args: Parameters<ApiSuite['call']>): Promise<{ status: number; body: Json; headers: Headers }>;
}

/** Rate limit and task write quotas are off unless a file passes its own (tests send many writes to a task). */
export function useApiSuite(
  options: Partial<Pick<ApiServerOptions, 'rateLimit' | 'taskWriteQuota' | 'bodyLimit' | 'log'>> = {},
): ApiSuite {
  const suite = useWorkflowSuite() as ApiSuite;
  beforeAll(async () => {
    // Real time from 2023-01-03: nothing falls due during a test, so tests are about messages only.
    suite.clock = makeClock(Date.parse('2023-01-03T09:00:00+08:00'), Date.now(), 1);
    suite.deps = {
      db: suite.db,
      temporal: suite.kit.client,
      taskQueue: suite.kit.taskQueue,
      clock: suite.clock,
    };
    suite.app = await createApiServer({ ...suite.deps, rateLimit: false, taskWriteQuota: false, ...options });
    suite.tokens = await issueTestTokens(suite.db);
    // Over a real socket (fetch): what clients see, and no in-process injection shortcuts.
    await suite.app.listen({ port: 0, host: '127.0.0.1' });
    suite.baseUrl = `http://127.0.0.1:${(suite.app.server.address() as AddressInfo).port}`;
    suite.send = async (caller, method, url, body, headers = {}) => {
      const raw = typeof body === 'string' || body instanceof Uint8Array;
      const res = await fetch(suite.baseUrl + url, {
        method,
        headers: {
          ...(caller ? { authorization: `Bearer ${suite.tokens[caller]}` } : {}),
          ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : raw ? (body as string) : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    };
    suite.call = async (...args) => {
      const { status, body } = await suite.send(...args);
      return { status, body };
    };
  });
  afterAll(async () => {
    await suite.app?.close();
  });
  return suite;
}
