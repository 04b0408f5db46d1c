// The simulator talks to duban only through the public HTTP API, with department and office tokens.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export interface ApiClient {
  get<T>(path: string, token: string): Promise<T>;
  post<T>(path: string, token: string, body: unknown, requestId: string): Promise<T>;
}

export function apiClient(baseUrl: string): ApiClient {
  const call = async <T>(method: string, path: string, token: string, body?: unknown, requestId?: string) => {
    const res = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(requestId ? { 'idempotency-key': requestId } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => undefined)) as unknown;
    if (!res.ok) throw new ApiError(res.status, json);
    return json as T;
  };
  return {
    get: (path, token) => call('GET', path, token),
    post: (path, token, body, requestId) => call('POST', path, token, body, requestId),
  };
}
