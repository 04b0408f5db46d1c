// The HTTP surface itself: the OpenAPI document, health, per-token rate limits, body limits, not-started tasks.
import net from 'node:net';
import { createApiServer } from '../../client/api/server';
import { useApiSuite } from '../support/api-suite';
import { insertTask } from '../support/fixtures';

const suite = useApiSuite();

test('the OpenAPI document describes every endpoint, its body and the bearer scheme', async () => {
  const res = await suite.call(null, 'GET', '/api/openapi.json');
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  const actions = ['start', 'acknowledge', 'progress', 'extension-request', 'completion', 'review'];
  for (const a of [
    ...actions,
    'extension-decision',
    'suspend',
    'resume',
    'cancel',
    'reassign',
    'instruction',
  ]) {
    expect(doc.paths[`/api/tasks/{id}/${a}`]?.post).toBeDefined();
  }
  for (const p of [
    '/api/tasks',
    '/api/tasks/{id}',
    '/api/departments',
    '/api/ranking',
    '/api/ranking/rule',
    '/api/me',
    '/api/health',
  ]) {
    expect(doc.paths[p]).toBeDefined();
  }
  // A task's state is documented field by field (the TaskView), not as an opaque object.
  const detail = JSON.stringify(doc.paths['/api/tasks/{id}'].get.responses['200']);
  for (const field of ['expectedPercent', 'acknowledgeBy', 'originalDeadline', 'lightReasons']) {
    expect(detail).toContain(`"${field}"`);
  }
  const progress = doc.paths['/api/tasks/{id}/progress'].post.requestBody.content['application/json'].schema;
  expect(progress.required).toEqual(['percent', 'narrative']);
  expect(progress.additionalProperties).toBe(false);
  expect(progress.properties.narrative.maxLength).toBe(4000);
  const list = doc.paths['/api/tasks'].get.parameters.map((p: { name: string }) => p.name);
  expect(list).toEqual(
    expect.arrayContaining(['status', 'light', 'department', 'section', 'level', 'limit', 'offset']),
  );
  expect(doc.paths['/api/health'].get.security).toEqual([]);
});

test('health needs no token and reports the database', async () => {
  expect(await suite.call(null, 'GET', '/api/health')).toEqual({
    status: 200,
    body: { status: 'ok', database: 'up' },
  });
});

test('rate limits count per token: one caller over the limit does not slow another', async () => {
  const app = await createApiServer({ ...suite.deps, rateLimit: { max: 3, timeWindowMs: 60_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as { port: number };
    const me = (token: string) =>
      fetch(`http://127.0.0.1:${port}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await me(suite.tokens.lead)).status).toBe(200);
    const limited = await me(suite.tokens.lead);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await me(suite.tokens.co)).status).toBe(200);
  } finally {
    await app.close();
  }
});

test('bodies over the limit are refused with 413 before anything is parsed', async () => {
  await insertTask(suite.db, { id: 'srv-big' });
  const res = await suite.call('lead', 'POST', '/api/tasks/srv-big/progress', {
    percent: 1,
    narrative: '督'.repeat(30_000),
  });
  expect(res).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
});

test('actions on a task whose workflow has not started: 409 naming the status', async () => {
  await insertTask(suite.db, { id: 'srv-draft' });
  const res = await suite.call('lead', 'POST', '/api/tasks/srv-draft/acknowledge', { note: '收到' });
  expect(res).toMatchObject({ status: 409, body: { error: { code: 'wrong_state', field: 'status' } } });
  expect(res.body.error.message).toContain('尚未启动');
  const listed = await suite.call('office', 'GET', '/api/tasks?status=draft');
  expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual(
    expect.arrayContaining(['srv-draft', 'srv-big']),
  );
});

test('list filters and paging', async () => {
  for (const id of ['srv-p1', 'srv-p2', 'srv-p3']) await insertTask(suite.db, { id });
  await suite.db
    .updateTable('tasks')
    .set({ section_path: ['(二)强化科学运作', '一是'] })
    .where('id', '=', 'srv-p2')
    .execute();
  const page = await suite.call('office', 'GET', '/api/tasks?status=draft&limit=2&offset=1');
  expect(page.body).toMatchObject({ limit: 2, offset: 1 });
  expect(page.body.items).toHaveLength(2);
  expect(page.body.total).toBeGreaterThanOrEqual(5);
  const section = await suite.call('office', 'GET', `/api/tasks?section=${encodeURIComponent('(二)')}`);
  expect(section.body.items.map((t: { id: string }) => t.id)).toEqual(['srv-p2']);
  // LIKE wildcards in the filter are literal.
  expect((await suite.call('office', 'GET', '/api/tasks?section=%25')).body.items).toEqual([]);
  const level = await suite.call('office', 'GET', '/api/tasks?level=0&light=green');
  expect(level.status).toBe(200);
  const bad = await suite.call('office', 'GET', '/api/tasks?light=blue');
  expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad_request', field: 'light' } } });
  expect(bad.body.error.message).toContain('green');
});

/** Sends raw bytes (what a careless client may send) and returns the status, the head and the body. */
function raw(request: Buffer): Promise<{ status: number; head: string; body: string }> {
  const url = new URL(suite.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.split(' ')[1]), head: text.slice(0, end), body: text.slice(end + 4) });
    });
  });
}

test('requests the HTTP parser refuses get the same JSON error shape', async () => {
  const unencoded = await raw(Buffer.from('GET /api/tasks?section=(一) HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
  expect(unencoded.status).toBe(400);
  expect(JSON.parse(unencoded.body)).toMatchObject({
    error: { code: 'bad_request', messageEn: expect.stringMatching(/URL/) },
  });
  const huge = await raw(
    Buffer.from(`GET /api/me HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`),
  );
  expect(huge.status).toBe(431);
  expect(JSON.parse(huge.body)).toMatchObject({ error: { code: 'headers_too_large' } });
  for (const answer of [unencoded, huge]) {
    expect(answer.head).toMatch(/^cache-control: no-store$/im);
    expect(answer.head).toMatch(/^x-content-type-options: nosniff$/im);
  }
  expect((await suite.call(null, 'GET', '/api/health')).status).toBe(200);
});

test('every /api answer, errors of every kind included, is no-store and nosniff; every error has the documented shape', async () => {
  await insertTask(suite.db, { id: 'srv-headers' });
  const auth = { authorization: `Bearer ${suite.tokens.office}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const cases: Array<[string, string, RequestInit, number, string?]> = [
    ['health', '/api/health', {}, 200],
    ['OpenAPI document', '/api/openapi.json', {}, 200],
    ['a task', '/api/tasks/srv-headers', { headers: auth }, 200],
    ['no token', '/api/me', {}, 401, 'unauthorized'],
    ['no such route', '/api/no/such/route', { headers: auth }, 404, 'not_found'],
    ['no such task', '/api/tasks/no-such-task', { headers: auth }, 404, 'not_found'],
    ['an id longer than any id', `/api/tasks/${'a'.repeat(300)}`, { headers: auth }, 404, 'not_found'],
    ['a catcher id past bigint', '/api/mail/99999999999999999999999', { headers: auth }, 404, 'not_found'],
    ['a NUL for a Message-ID', '/api/mail/%00', { headers: auth }, 404, 'not_found'],
    ['a malformed %-escape', '/api/tasks/%E0%A4%A', { headers: auth }, 400, 'bad_request'],
    [
      'a path segment past the router limit',
      `/api/tasks/${'a'.repeat(2000)}`,
      { headers: auth },
      414,
      'uri_too_long',
    ],
    [
      'bad JSON',
      '/api/tasks/srv-headers/suspend',
      { method: 'POST', headers: json, body: '{"reason":' },
      400,
      'bad_request',
    ],
    [
      'JSON that is no object',
      '/api/tasks/srv-headers/suspend',
      { method: 'POST', headers: json, body: '[1]' },
      400,
      'bad_request',
    ],
    [
      'not JSON',
      '/api/tasks/srv-headers/suspend',
      { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' },
      415,
      'unsupported_media_type',
    ],
    [
      'a form',
      '/api/tasks/srv-headers/suspend',
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'reason=x',
      },
      415,
      'unsupported_media_type',
    ],
    [
      'too large',
      '/api/tasks/srv-headers/suspend',
      { method: 'POST', headers: json, body: JSON.stringify({ reason: 'x'.repeat(70_000) }) },
      413,
      'payload_too_large',
    ],
    ['wrong method', '/api/tasks/srv-headers', { method: 'DELETE', headers: auth }, 404, 'not_found'],
  ];
  for (const [what, path, init, status, code] of cases) {
    const res = await fetch(suite.baseUrl + path, init);
    const body = (await res.json()) as { error?: Record<string, unknown> };
    const seen = {
      what,
      status: res.status,
      cache: res.headers.get('cache-control'),
      sniff: res.headers.get('x-content-type-options'),
      type: res.headers.get('content-type'),
    };
    expect(seen).toEqual({
      what,
      status,
      cache: 'no-store',
      sniff: 'nosniff',
      type: expect.stringMatching(/^application\/json/),
    });
    if (code)
      expect([what, body]).toEqual([
        what,
        {
          error: {
            code,
            message: expect.any(String),
            messageEn: expect.any(String),
            ...(body.error?.field ? { field: expect.any(String) } : {}),
          },
        },
      ]);
  }
});
