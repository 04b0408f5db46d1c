// The HTTP API in the bench process, on a free port, with a small JSON client over a real socket.
import type { AddressInfo } from 'node:net';
import { createApiServer } from '../../client/api/server';
import type { Db } from '../../db/connect';
import type { BenchEnv } from './environment';
import { makeClock } from '../../workflows/clock';
import { QUIET_PLAN_START } from './p1-start-throughput';

export interface BenchApi {
  url: string;
  /** A request with a bearer token; throws unless the answer is 2xx. Returns the parsed body. */
  call(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The API over `db`, rate limit and write quotas off (the bench is one caller sending thousands of requests). */
export async function startBenchApi(env: BenchEnv, db: Db): Promise<BenchApi> {
  const app = await createApiServer({
    db,
    temporal: env.temporal.client,
    taskQueue: env.taskQueue,
    clock: makeClock(QUIET_PLAN_START, Date.now(), 1),
    rateLimit: false,
    taskWriteQuota: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    async call(token, method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as unknown;
    },
    close: () => app.close(),
  };
}
