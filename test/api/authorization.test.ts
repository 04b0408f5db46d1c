// The authorization matrix against the real stack: each caller × each endpoint × own / other department.
// An allowed write is tried on a fresh task brought to the state it needs and must succeed (200); a refused
// one must be 403 (401 without a valid token) and change nothing.
import { CALLERS, useApiSuite, type Caller } from '../support/api-suite';
import { insertTask, OTHER } from '../support/fixtures';

const suite = useApiSuite();

type Step = [Caller, string, Record<string, unknown>?];
const ack: Step = ['lead', 'acknowledge'];

/** Each write: a valid body, who may send it (to a task of theirs), and the steps that make it applicable. */
const WRITES: Record<
  string,
  { body?: Record<string, unknown>; allowed: Caller[]; before: Step[]; unstarted?: true }
> = {
  start: { allowed: ['office'], before: [], unstarted: true },
  acknowledge: { body: { note: '收到' }, allowed: ['lead'], before: [] },
  progress: { body: { percent: 10, narrative: '已开工' }, allowed: ['lead', 'co'], before: [ack] },
  'extension-request': {
    body: { newDeadline: '2024-06-30', reason: '征地延误' },
    allowed: ['lead'],
    before: [ack],
  },
  completion: { body: { summary: '已完成' }, allowed: ['lead'], before: [ack] },
  review: {
    body: { decision: 'approve', grade: '合格' },
    allowed: ['office'],
    before: [ack, ['lead', 'completion', { summary: '已完成' }]],
  },
  'extension-decision': {
    body: { approve: true, comment: '同意' },
    allowed: ['office'],
    before: [ack, ['lead', 'extension-request', { newDeadline: '2024-06-30', reason: '征地延误' }]],
  },
  suspend: { body: { reason: '规划调整' }, allowed: ['office'], before: [ack] },
  resume: { allowed: ['office'], before: [ack, ['office', 'suspend', { reason: '规划调整' }]] },
  cancel: { body: { reason: '不再实施' }, allowed: ['office'], before: [ack] },
  reassign: {
    body: { leadDepartment: 'zjj', coDepartments: ['jtj'], reason: '职能调整' },
    allowed: ['office'],
    before: [ack],
  },
  instruction: { body: { text: '请抓紧推进' }, allowed: ['office', 'leader'], before: [ack] },
};

const SHARED = 'authz-shared';
const OTHERS = 'authz-slj';
let fresh = 0;

async function startedTask(id: string) {
  await insertTask(suite.db, { id });
  expect((await suite.call('office', 'POST', `/api/tasks/${id}/start`)).status).toBe(200);
}

async function counts() {
  const [events, reports, tasks] = await Promise.all([
    suite.db
      .selectFrom('task_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
    suite.db
      .selectFrom('progress_reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
    suite.db.selectFrom('tasks').select(['id', 'seq', 'status']).orderBy('id').execute(),
  ]);
  return { events: Number(events.n), reports: Number(reports.n), tasks };
}

beforeAll(async () => {
  await startedTask(SHARED);
  expect((await suite.call('lead', 'POST', `/api/tasks/${SHARED}/acknowledge`)).status).toBe(200);
  // A task another department leads, so every caller has an "own" and an "other" task.
  await insertTask(suite.db, { id: OTHERS });
  await suite.db
    .updateTable('tasks')
    .set({ lead_department: OTHER, co_departments: [] })
    .where('id', '=', OTHERS)
    .execute();
});

describe('writes', () => {
  const allowedCells = Object.entries(WRITES).flatMap(([action, w]) =>
    w.allowed.map((c) => [action, c] as const),
  );
  test.each(allowedCells)('%s by %s on its own task → 200', async (action, caller) => {
    const w = WRITES[action]!;
    const id = `authz-ok-${++fresh}`;
    if (w.unstarted) await insertTask(suite.db, { id });
    else await startedTask(id);
    for (const [who, step, body] of w.before) {
      expect((await suite.call(who, 'POST', `/api/tasks/${id}/${step}`, body)).status).toBe(200);
    }
    const res = await suite.call(caller, 'POST', `/api/tasks/${id}/${action}`, w.body);
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
  });

  const refusedCells = Object.entries(WRITES).flatMap(([action, w]) =>
    CALLERS.filter((c) => !w.allowed.includes(c)).map((c) => [action, c] as const),
  );
  test.each(refusedCells)('%s by %s → 403, nothing written', async (action, caller) => {
    const before = await counts();
    const res = await suite.call(caller, 'POST', `/api/tasks/${SHARED}/${action}`, WRITES[action]!.body);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden' });
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.error.messageEn).toMatch(/[a-z]/);
    expect(await counts()).toEqual(before);
  });

  // "Own" is per task: an allowed caller on a task of another department is refused.
  const otherTaskCells = Object.entries(WRITES).flatMap(([action, w]) =>
    w.allowed.filter((c) => c !== 'office').map((c) => [action, c] as const),
  );
  test.each(otherTaskCells)('%s by %s on another department’s task → 403', async (action, caller) => {
    const res = await suite.call(caller, 'POST', `/api/tasks/${OTHERS}/${action}`, WRITES[action]!.body);
    expect(res.status).toBe(403);
  });

  test.each(Object.keys(WRITES))('%s without a token, with a bad or revoked token → 401', async (action) => {
    const url = `/api/tasks/${SHARED}/${action}`;
    expect((await suite.call(null, 'POST', url, WRITES[action]!.body)).status).toBe(401);
    const bad = await suite.call(null, 'POST', url, WRITES[action]!.body, {
      authorization: 'Bearer dbn_not-a-token',
    });
    expect(bad).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const basic = await suite.call(null, 'POST', url, WRITES[action]!.body, {
      authorization: 'Basic b2ZmaWNlOng=',
    });
    expect(basic.status).toBe(401);
  });
});

describe('reads', () => {
  const see: Record<Caller, { shared: boolean; others: boolean }> = {
    office: { shared: true, others: true },
    lead: { shared: true, others: false },
    co: { shared: true, others: false },
    other: { shared: false, others: true },
    leader: { shared: true, others: false },
    otherLeader: { shared: false, others: true },
  };
  const cells = CALLERS.flatMap((c) => [
    [c, SHARED, see[c].shared] as const,
    [c, OTHERS, see[c].others] as const,
  ]);
  test.each(cells)('GET /api/tasks/:id by %s on %s → visible: %s', async (caller, id, visible) => {
    const res = await suite.call(caller, 'GET', `/api/tasks/${id}`);
    expect(res.status).toBe(visible ? 200 : 403);
    if (visible) expect(res.body.task.id).toBe(id);
  });

  test.each(CALLERS)('GET /api/tasks lists only what %s may see', async (caller) => {
    const res = await suite.call(caller, 'GET', '/api/tasks?limit=200');
    expect(res.status).toBe(200);
    const ids: string[] = res.body.items.map((t: { id: string }) => t.id);
    expect(ids.includes(SHARED)).toBe(see[caller].shared);
    expect(ids.includes(OTHERS)).toBe(see[caller].others);
    expect(res.body.total).toBe(ids.length);
    // The department filter narrows, never widens, the caller's scope.
    const filtered = await suite.call(caller, 'GET', `/api/tasks?department=${OTHER}&limit=200`);
    expect(filtered.body.items.map((t: { id: string }) => t.id)).toEqual(see[caller].others ? [OTHERS] : []);
  });

  test.each(CALLERS)('GET /api/tasks/unknown by %s → 404', async (caller) => {
    const res = await suite.call(caller, 'GET', '/api/tasks/no-such-task');
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  test.each(CALLERS)(
    'directory, ranking and /api/me are open to %s; the rule is the office’s to change',
    async (caller) => {
      for (const url of ['/api/departments', '/api/ranking', '/api/ranking/rule', '/api/me']) {
        expect((await suite.call(caller, 'GET', url)).status).toBe(200);
      }
      const me = await suite.call(caller, 'GET', '/api/me');
      expect(me.body.role).toBe(
        caller === 'office' ? 'office' : caller.endsWith('eader') ? 'leader' : 'department',
      );
      const current = (await suite.call(caller, 'GET', '/api/ranking/rule')).body.rule;
      const put = await suite.call(caller, 'PUT', '/api/ranking/rule', current);
      expect(put.status).toBe(caller === 'office' ? 200 : 403);
    },
  );

  test('every endpoint but health and the OpenAPI document needs a token', async () => {
    for (const url of [
      '/api/tasks',
      `/api/tasks/${SHARED}`,
      '/api/departments',
      '/api/ranking',
      '/api/ranking/rule',
      '/api/me',
    ]) {
      expect((await suite.call(null, 'GET', url)).status).toBe(401);
    }
    expect((await suite.call(null, 'GET', '/api/health')).status).toBe(200);
    expect((await suite.call(null, 'GET', '/api/openapi.json')).status).toBe(200);
  });
});

test('a revoked token stops at its next request', async () => {
  const { createToken, revokeToken } = await import('../../client/service/tokens');
  const { token, record } = await createToken(suite.db, { role: 'office' });
  const auth = { authorization: `Bearer ${token}` };
  expect((await suite.call(null, 'GET', '/api/me', undefined, auth)).body).toMatchObject({
    tokenId: record.id,
  });
  expect(await revokeToken(suite.db, record.id)).toBe(true);
  expect((await suite.call(null, 'GET', '/api/me', undefined, auth)).status).toBe(401);
});

test('reassign checks that the departments exist, naming the field', async () => {
  const body = (lead: string, co: string[]) => ({ leadDepartment: lead, coDepartments: co });
  let res = await suite.call('office', 'POST', `/api/tasks/${SHARED}/reassign`, body('nope', []));
  expect(res).toMatchObject({ status: 422, body: { error: { code: 'invalid', field: 'leadDepartment' } } });
  res = await suite.call('office', 'POST', `/api/tasks/${SHARED}/reassign`, body('zjj', ['slj', 'gone']));
  expect(res).toMatchObject({ status: 422, body: { error: { field: 'coDepartments[1]' } } });
  expect(res.body.error.message).toContain('gone');
});
