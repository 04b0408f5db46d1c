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

/** Sends raw bytes (what a careless client may send) and returns the status line and body. */
function raw(request: Buffer): Promise<{ status: number; body: string }> {
  const url = new URL(suite.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(text.split(' ')[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
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
  expect((await suite.call(null, 'GET', '/api/health')).status).toBe(200);
});
