// A task's whole life through the HTTP API (over a real socket) and through the CLI, on the real stack.
import { Command } from 'commander';
import { registerTaskActionCommands } from '../../client/cli/commands/task-actions';
import { registerTaskCommands } from '../../client/cli/commands/tasks';
import { registerTokenCommands } from '../../client/cli/commands/tokens';
import type { CliContext } from '../../client/cli/context';
import { loadConfig } from '../../worker/config';
import { taskViewSchema } from '../../db/task-view';
import { useApiSuite, type Json } from '../support/api-suite';
import { insertTask, LEAD } from '../support/fixtures';

const suite = useApiSuite();

test('start, acknowledge, report, complete, reject, complete, approve — over HTTP', async () => {
  const id = 'api-life';
  await insertTask(suite.db, { id });
  const base = suite.baseUrl;
  const post = async (who: keyof typeof suite.tokens, action: string, body?: unknown) => {
    const res = await fetch(`${base}/api/tasks/${id}/${action}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${suite.tokens[who]}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  let res = await post('office', 'start');
  expect(res).toMatchObject({ status: 200, body: { started: true, workflowId: 'task-api-life' } });
  expect((await post('office', 'start')).body.started).toBe(false);

  res = await post('lead', 'acknowledge', { note: '收到，马上部署' });
  expect(res.status).toBe(200);
  expect(res.body.state.status).toBe('in_progress');

  res = await post('lead', 'progress', {
    percent: 40,
    narrative: '已开工建设5G基站600个',
    problems: '用地协调慢',
    nextSteps: '加快审批',
    values: [{ targetIdx: 0, value: 600 }],
  });
  expect(res.status).toBe(200);
  expect(res.body.state.percent).toBe(40);
  // The answer is the public TaskView, every field as documented and nothing of the workflow's private state.
  const view = taskViewSchema.strict().parse(res.body.state);
  expect(view).toMatchObject({ version: 1, taskId: id, status: 'in_progress', reports: [{ percent: 40 }] });
  expect(view.targets[0]).toMatchObject({ idx: 0, achieved: 600 });
  for (const internal of ['spec', 'clock', 'ladders', 'requestIds', 'ackLadder']) {
    expect(res.body.state).not.toHaveProperty(internal);
  }
  res = await post('co', 'progress', { percent: 45, narrative: '配合完成充电桩选址' });
  expect(res.body.state.reports).toHaveLength(2);

  expect((await post('lead', 'completion', { summary: '全部建成' })).body.state.status).toBe(
    'completion_review',
  );
  res = await post('office', 'review', { decision: 'reject', comment: '佐证材料不全' });
  expect(res.body.state).toMatchObject({ status: 'in_progress', rejections: 1 });
  expect((await post('lead', 'completion', { summary: '已补充验收材料' })).body.state.status).toBe(
    'completion_review',
  );
  res = await post('office', 'review', { decision: 'approve', grade: '优秀', comment: '按期高质量完成' });
  expect(res.body.state).toMatchObject({ status: 'completed', grade: '优秀', percent: 100 });

  // A closed task takes no more messages: a clear 409, not a 500.
  res = await post('lead', 'progress', { percent: 100, narrative: '补报' });
  expect(res).toMatchObject({ status: 409, body: { error: { code: 'wrong_state' } } });
  expect(res.body.error.message).toContain('已办结');

  const detail = await fetch(`${base}/api/tasks/${id}`, {
    headers: { authorization: `Bearer ${suite.tokens.leader}` },
  });
  expect(detail.status).toBe(200);
  const d = (await detail.json()) as Json;
  expect(d.task).toMatchObject({ id, status: 'completed', leadDepartment: LEAD });
  expect(d.state.status).toBe('completed');
  // Reports and the trail come a page at a time, newest first.
  expect(d.events).toMatchObject({ total: 8, limit: 50, offset: 0 });
  const trail = [...d.events.items].reverse();
  expect(trail.map((e: Json) => e.type)).toEqual([
    'started',
    'acknowledged',
    'progress_reported',
    'progress_reported',
    'completion_submitted',
    'completion_rejected',
    'completion_submitted',
    'completion_approved',
  ]);
  expect(trail[1].actor).toMatchObject({ role: 'department', department: LEAD });
  expect(d.reports).toMatchObject({ total: 2, limit: 50, offset: 0 });
  expect(d.reports.items.map((r: Json) => r.percent)).toEqual([45, 40]);
  expect(d.targets[0]).toMatchObject({ idx: 0, achieved: 600 });
  expect(d.checkpoints.length).toBeGreaterThan(0);
});

/** Runs one CLI command line against the test stack; returns what it printed. */
function cli() {
  const ctx: CliContext = {
    config: () => loadConfig({ TEMPORAL_TASK_QUEUE: suite.kit.taskQueue }),
    db: () => suite.db,
    temporal: async () => suite.kit.client,
    clock: async () => suite.clock,
    close: async () => undefined,
  };
  return async (line: string[]): Promise<string> => {
    const program = new Command('duban').exitOverride().configureOutput({ writeErr: () => undefined });
    registerTaskCommands(program, ctx);
    registerTaskActionCommands(program, ctx);
    registerTokenCommands(program, ctx);
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(line, { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return out.join('');
  };
}

test('the same life through the CLI, sharing the API’s access rules and validation', async () => {
  const id = 'cli-life';
  await insertTask(suite.db, { id });
  const run = cli();
  const json = async (line: string[]) => JSON.parse(await run([...line, '--format', 'json'])) as Json;

  expect(await run(['task', 'start', id])).toContain('started task-cli-life');
  const lead = ['--as', `department:${LEAD}`];
  expect(await run(['task', 'ack', id, ...lead, '--note', '收到'])).toMatch(/status in_progress/);

  // The token printed once works as --token.
  const created = await json([
    'token',
    'create',
    '--role',
    'department',
    '--department',
    LEAD,
    '--label',
    '交通局',
  ]);
  expect(created.token).toMatch(/^dbn_/);
  let out = await json([
    'task',
    'report',
    id,
    '--token',
    created.token,
    '--percent',
    '60',
    '--narrative',
    '已建成基站900个',
    '--value',
    '0=900',
  ]);
  expect(out.state).toMatchObject({ percent: 60 });
  expect(out.state.targets.map((t: { achieved: number | null }) => t.achieved)).toEqual([900, null]);

  // Same validation as the API: the field is named; the refusal is the workflow's, in Chinese and English.
  await expect(run(['task', 'report', id, ...lead, '--percent', '150', '--narrative', 'x'])).rejects.toThrow(
    /\[percent\][\s\S]*bad_request, HTTP 400/,
  );
  await expect(run(['task', 'review', id, '--approve', '--grade', '优秀'])).rejects.toThrow(
    /不能审核办结[\s\S]*HTTP 409/,
  );
  await expect(run(['task', 'complete', id, '--as', 'department:slj', '--summary', 'x'])).rejects.toThrow(
    /不是本单位[\s\S]*HTTP 403/,
  );

  await run(['task', 'complete', id, ...lead, '--summary', '全部建成']);
  out = await json(['task', 'review', id, '--reject', '--comment', '请补充验收报告']);
  expect(out.state).toMatchObject({ status: 'in_progress', rejections: 1 });
  await run(['task', 'complete', id, ...lead, '--summary', '已补充']);
  out = await json(['task', 'review', id, '--approve', '--grade', '良好', '--request-id', 'cli-approve-1']);
  expect(out).toMatchObject({ requestId: 'cli-approve-1', state: { status: 'completed', grade: '良好' } });
  // Replaying the approval after the task closed answers the same state.
  const again = await json([
    'task',
    'review',
    id,
    '--approve',
    '--grade',
    '良好',
    '--request-id',
    'cli-approve-1',
  ]);
  expect(again.state.seq).toBe(out.state.seq);

  const listed = await json(['tasks', 'list', '--as', 'department:zjj', '--status', 'completed']);
  expect(listed.items.map((t: Json) => t.id)).toContain(id);
  expect(await run(['tasks', 'list', '--as', 'department:slj'])).toContain('no tasks here (0 in all)');
  const table = await run(['token', 'list']);
  expect(table).toContain(created.id);
  expect(table).not.toContain(created.token);
  expect(await run(['token', 'revoke', created.id])).toContain(`revoked ${created.id}`);
  await expect(run(['task', 'ack', id, '--token', created.token])).rejects.toThrow(/unknown or revoked/);
});
