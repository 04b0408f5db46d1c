// Builds the API server and listens: what `duban up` (or any host process) calls.
import type { Logger } from '../../worker/logger';
import { createApiServer, type ApiServerOptions } from './server';

export interface ServingApi {
  url: string;
  close(): Promise<void>;
}

/** Starts the API on `host:port`; `close` stops accepting and waits for requests in flight. */
export async function serveApi(
  options: ApiServerOptions & { host: string; port: number; log?: Logger | false },
): Promise<ServingApi> {
  const app = await createApiServer(options);
  await app.listen({ host: options.host, port: options.port });
  const url = `http://${options.host}:${options.port}`;
  return { url, close: () => app.close() };
}
