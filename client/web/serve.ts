// The API and the dashboard on one port: what `duban up` (or any host process) calls.
import { createApiServer, type ApiServerOptions } from '../api/server';
import type { ServingApi } from '../api/serve';
import { registerWeb, type WebOptions } from './index';
import type { WebSettings } from './context';

/** Builds the API, adds the dashboard, listens on `host:port`; `close` waits for requests in flight. */
export async function serveDashboard(
  options: ApiServerOptions &
    Partial<WebSettings> &
    Pick<WebOptions, 'signInLimit'> & { host: string; port: number },
): Promise<ServingApi> {
  const app = await createApiServer(options);
  await registerWeb(app, options);
  await app.listen({ host: options.host, port: options.port });
  const url = `http://${options.host}:${options.port}`;
  return { url, close: () => app.close() };
}
