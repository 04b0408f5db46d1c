// An action's body schema is the one declaration of its input: the CLI's options and the dashboard's form are
// derived from it (client/service/input-fields.ts, client/cli/action-options.ts, client/web/form-body.ts).
import { Command } from 'commander';
import { z } from 'zod';
import { addFieldOptions, bodyFromOptions } from '../../client/cli/action-options';
import { inputFields } from '../../client/service/input-fields';
import { paragraphs } from '../../client/service/schemas';
import { TASK_ACTIONS } from '../../client/service/task-actions';
import { formToBody } from '../../client/web/form-body';

/** The body the CLI makes of `argv` for `fields`, through commander as `duban task <verb>` parses it. */
function cliBody(fields: ReturnType<typeof inputFields>, argv: string[]): Record<string, unknown> {
  const cmd = addFieldOptions(new Command('verb').exitOverride(), fields);
  cmd.parse(argv, { from: 'user' });
  return bodyFromOptions(fields, cmd.opts());
}

// A body no action has today: what a new action would declare, and get its options and form field from.
const madeUp = z.strictObject({
  requestId: z.string().optional(),
  note: paragraphs(100).meta({ title: '督促意见' }),
  dueOn: z.iso.date().optional().meta({ title: '限办日期' }),
  count: z.number().optional().meta({ title: '次数' }),
  departments: z.array(z.string()).optional().meta({ title: '单位', 'x-departments': true }),
  urgent: z.boolean().meta({
    title: '紧急程度',
    'x-choices': [
      { value: true, label: '加急', flag: 'urgent' },
      { value: false, label: '一般', flag: 'routine' },
    ],
  }),
});

test('a new body gets its fields: kinds, titles, flags, what is required', () => {
  expect(inputFields(madeUp).map((f) => [f.name, f.kind, f.title, f.flag, f.required])).toEqual([
    ['note', 'paragraphs', '督促意见', 'note', true],
    ['dueOn', 'date', '限办日期', 'due-on', false],
    ['count', 'number', '次数', 'count', false],
    ['departments', 'list', '单位', 'departments', false],
    ['urgent', 'choice', '紧急程度', 'urgent', true],
  ]);
});

test('the CLI takes a new body from its options, without a line written for it', () => {
  const fields = inputFields(madeUp);
  expect(
    cliBody(fields, [
      '--note',
      '抓紧',
      '--due-on',
      '2023-05-01',
      '--count',
      '2',
      '--departments',
      'a, b',
      '--routine',
    ]),
  ).toEqual({ note: '抓紧', dueOn: '2023-05-01', count: 2, departments: ['a', 'b'], urgent: false });
  // A required text is a mandatory option; a required choice wants exactly one of its switches.
  expect(() => cliBody(fields, ['--urgent'])).toThrow(/--note/);
  expect(() => cliBody(fields, ['--note', 'x', '--urgent', '--routine'])).toThrow(
    'say --urgent or --routine',
  );
  expect(() => cliBody(fields, ['--note', 'x'])).toThrow('say --urgent or --routine');
});

test('the progress report from the CLI: numbers, repeated target values, kebab-case options', () => {
  const body = cliBody(TASK_ACTIONS.progress.fields, [
    '--percent',
    '60',
    '--narrative',
    '已建成',
    '--next-steps',
    '加快',
    '--value',
    '0=900',
    '--value',
    '1=abc',
  ]);
  expect(body).toEqual({
    percent: 60,
    narrative: '已建成',
    nextSteps: '加快',
    // What does not read as a number goes through as text, so the schema's refusal names the field.
    values: [
      { targetIdx: 0, value: 900 },
      { targetIdx: 1, value: 'abc' },
    ],
  });
  expect(() =>
    cliBody(TASK_ACTIONS.progress.fields, ['--percent', '1', '--narrative', 'x', '--value', '9']),
  ).toThrow("--value must be <targetIdx>=<value>, not '9'");
});

test('the form of every action parses into a body its schema accepts', () => {
  const filled: Record<string, Record<string, string | string[]>> = {
    acknowledge: { note: '收到' },
    progress: { percent: '60', narrative: '已开工', 'value.0': '900', 'value.2': '', period: '' },
    completion: { summary: '已完成' },
    review: { decision: 'approve', grade: '良好', comment: '' },
    extensionRequest: { newDeadline: '2024-06-30', reason: '征地延误' },
    extensionDecision: { approve: 'false', newDeadline: '2024-06-30' },
    suspend: { reason: '调整' },
    resume: {},
    cancel: { reason: '撤销' },
    reassign: { leadDepartment: 'jtj', coDepartments: ['zjj', 'fgw'] },
    instruction: { text: '抓紧推进' },
  };
  for (const [name, spec] of Object.entries(TASK_ACTIONS)) {
    const parsed = formToBody(name as keyof typeof TASK_ACTIONS, { ...filled[name], requestId: 'r-1' });
    expect(spec.schema.safeParse(parsed.body).error).toBeUndefined();
  }
  const progress = formToBody('progress', filled.progress!);
  expect(progress.body).toEqual({ percent: 60, narrative: '已开工', values: [{ targetIdx: 0, value: 900 }] });
  // A refusal of values[0] is shown next to the input it came from.
  expect(progress.inputOf('values[0].value')).toBe('value.0');
  expect(formToBody('extensionDecision', filled.extensionDecision!).body.approve).toBe(false);
});
