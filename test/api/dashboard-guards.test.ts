// What the dashboard refuses before a form is handled: posts that cannot show they come from its own pages
// (CSRF), and sign-in failures, counted per (token, client address) — through trusted proxies or not.
import { useApiSuite } from '../support/api-suite';
import { startDashboard, type Dashboard } from '../support/dashboard';
import { insertTask } from '../support/fixtures';
import { waitUntil } from '../support/wait';

const suite = useApiSuite();
let dash: Dashboard;

beforeAll(async () => {
  dash = await startDashboard(suite);
  await insertTask(suite.db, { id: 'guard-1' });
  expect((await suite.call('office', 'POST', '/api/tasks/guard-1/start')).status).toBe(200);
  // The refused posts below must leave it as it is: wait until the read model shows it started.
  await waitUntil(
    'guard-1 assigned in the read model',
    () => readStatus('guard-1'),
    (s) => s === 'assigned',
  );
});
afterAll(() => dash?.close());

const readStatus = async (id: string) =>
  (await suite.call('office', 'GET', `/api/tasks/${id}`)).body.task.status as string;

describe('form posts must show where they come from', () => {
  const lead = () => ({ cookie: dash.session(suite.tokens.lead) });

  test.each([
    ['neither Origin nor Referer', { origin: '' }],
    ['another site as Origin', { origin: 'http://evil.example' }],
    ['an opaque Origin', { origin: 'null' }],
    ['another site as Referer, no Origin', { origin: '', referer: 'http://evil.example/page' }],
    ['a look-alike host', { origin: 'http://127.0.0.1.evil.example' }],
    ['a cross-site fetch, whatever its Origin says', { origin: 'SELF', 'sec-fetch-site': 'cross-site' }],
  ])('%s: 403 in the documented shape, nothing done', async (_what, headers) => {
    const sent = Object.fromEntries(
      Object.entries(headers)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, v === 'SELF' ? dash.baseUrl : v]),
    );
    const res = await fetch(`${dash.baseUrl}/tasks/guard-1/acknowledge`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...lead(), ...sent },
      body: 'note=x',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'forbidden', message: expect.stringContaining('已拒绝'), messageEn: expect.any(String) },
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await readStatus('guard-1')).toBe('assigned');
  });

  test('a browser asking for a page gets the error page; sign-in and sign-out are guarded too', async () => {
    const res = await fetch(`${dash.baseUrl}/tasks/guard-1/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...lead() },
      body: 'note=x',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('请求来源无法确认');
    for (const path of ['/login', '/logout']) {
      const r = await fetch(dash.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${suite.tokens.office}`,
      });
      expect([path, r.status]).toEqual([path, 403]);
    }
  });

  test('the page’s own Origin, or without one its own Referer, goes through', async () => {
    const viaReferer = await fetch(`${dash.baseUrl}/tasks/guard-1/acknowledge`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...lead(),
        referer: `${dash.baseUrl}/tasks/guard-1`,
      },
      body: 'note=收到',
    });
    expect(viaReferer.status).toBe(303);
    expect(await readStatus('guard-1')).toBe('in_progress');
    const viaOrigin = await dash.post(
      '/tasks/guard-1/instruction',
      { text: '抓紧推进' },
      {
        cookie: dash.session(suite.tokens.office),
      },
    );
    expect(viaOrigin.status).toBe(303);
  });
});

describe('sign-in failures are counted per (token, client address)', () => {
  const signIn = (d: Dashboard, token: string, forwardedFor?: string) =>
    d.post('/login', { token, next: '/' }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

  test('many failures with one token from one address lock neither another token nor the general limit', async () => {
    const d = await startDashboard(suite, {
      rateLimit: { max: 5, timeWindowMs: 60_000 },
      signInLimit: { max: 3, timeWindowMs: 60_000 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await signIn(d, 'dbn_not-a-token')).status);
      expect(statuses).toEqual([401, 401, 401, ...Array<number>(17).fill(429)]);
      const locked = await signIn(d, 'dbn_not-a-token');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await locked.text()).toContain('登录失败次数过多');
      // Another token from the same address: a wrong one is judged on its own, a valid one signs in.
      expect((await signIn(d, 'dbn_another-wrong-one')).status).toBe(401);
      const ok = await signIn(d, suite.tokens.lead);
      expect(ok.status).toBe(303);
      expect(ok.headers.get('set-cookie')).toMatch(/^duban_session=/);
    } finally {
      await d.close();
    }
  });

  test('behind a trusted proxy, X-Forwarded-For tells clients apart; from anyone else it is ignored', async () => {
    const limits = {
      rateLimit: { max: 2, timeWindowMs: 60_000 },
      signInLimit: { max: 2, timeWindowMs: 60_000 },
    };
    const behindProxy = await startDashboard(suite, { ...limits, trustedProxies: ['127.0.0.1'] });
    const direct = await startDashboard(suite, limits);
    try {
      const health = (d: Dashboard, client: string) =>
        fetch(`${d.baseUrl}/api/health`, { headers: { 'x-forwarded-for': client } });
      for (const [d, separate] of [
        [behindProxy, true],
        [direct, false],
      ] as const) {
        for (let i = 0; i < 2; i++) expect((await signIn(d, 'dbn_wrong', '203.0.113.7')).status).toBe(401);
        expect((await signIn(d, 'dbn_wrong', '203.0.113.7')).status).toBe(429);
        // The same wrong token from another client: its own bucket only when the proxy is trusted.
        expect((await signIn(d, 'dbn_wrong', '198.51.100.9')).status).toBe(separate ? 401 : 429);
        // The general per-address limit (anonymous requests) the same way.
        for (let i = 0; i < 2; i++) expect((await health(d, '203.0.113.7')).status).toBe(200);
        expect((await health(d, '203.0.113.7')).status).toBe(429);
        expect((await health(d, '198.51.100.9')).status).toBe(separate ? 200 : 429);
      }
    } finally {
      await behindProxy.close();
      await direct.close();
    }
  });

  test('signed-in dashboard requests count per token, not per address', async () => {
    const d = await startDashboard(suite, { rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const poll = (token: string) =>
        fetch(`${d.baseUrl}/fragments/ranking`, { headers: { cookie: d.session(token) } });
      for (let i = 0; i < 3; i++) expect((await poll(suite.tokens.office)).status).toBe(200);
      expect((await poll(suite.tokens.office)).status).toBe(429);
      expect((await poll(suite.tokens.lead)).status).toBe(200);
    } finally {
      await d.close();
    }
  });
});
