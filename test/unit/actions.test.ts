// The action table (workflows/actions.ts): one entry per action, from which the validators, the service layer,
// the API and the dashboard's forms are derived.
import { mayTake, TASK_ACTIONS, validatorOf } from '../../workflows/actions';
import { TASK_ACTIONS as SERVICE_ACTIONS } from '../../client/service/task-actions';
import { VALIDATION_ERROR } from '../../workflows/rules/validation-failure';
import { machineRig } from '../support/machine';

test('handlers are registered in the order every recorded history was made with', () => {
  // Updates that arrive with a task's start run as their handlers are registered: this order is in histories.
  expect(Object.values(TASK_ACTIONS).map((a) => a.update.name)).toEqual([
    'acknowledge',
    'reportProgress',
    'submitCompletion',
    'reviewCompletion',
    'requestExtension',
    'decideExtension',
    'suspend',
    'resume',
    'cancel',
    'reassign',
    'instruct',
  ]);
});

test('who may take an action, where: the lead, the lead or a co-department, the office, a leader', () => {
  const task = { status: 'in_progress', leadDepartment: 'jtj', coDepartments: ['zjj'] };
  const lead = { role: 'department' as const, department: 'jtj' };
  const co = { role: 'department' as const, department: 'zjj' };
  const other = { role: 'department' as const, department: 'fgw' };
  const office = { role: 'office' as const };
  const leader = { role: 'leader' as const };
  expect(mayTake(TASK_ACTIONS.progress, task, lead)).toBe(true);
  expect(mayTake(TASK_ACTIONS.progress, task, co)).toBe(true);
  expect(mayTake(TASK_ACTIONS.progress, task, other)).toBe(false);
  expect(mayTake(TASK_ACTIONS.completion, task, co)).toBe(false);
  expect(mayTake(TASK_ACTIONS.acknowledge, task, lead)).toBe(false); // acknowledged already
  expect(mayTake(TASK_ACTIONS.acknowledge, { ...task, status: 'assigned' }, lead)).toBe(true);
  expect(mayTake(TASK_ACTIONS.review, task, office)).toBe(false);
  expect(mayTake(TASK_ACTIONS.review, { ...task, status: 'completion_review' }, office)).toBe(true);
  expect(mayTake(TASK_ACTIONS.instruction, { ...task, status: 'suspended' }, leader)).toBe(true);
  expect(mayTake(TASK_ACTIONS.instruction, { ...task, status: 'completed' }, leader)).toBe(false);
  expect(mayTake(TASK_ACTIONS.suspend, task, leader)).toBe(false);
});

test("the workflow's validator refuses by the same table, naming the field", () => {
  const rig = machineRig();
  const state = rig.state;
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      const e = err as { type?: string; message: string; details?: Array<{ field?: string; code?: string }> };
      expect(e.type).toBe(VALIDATION_ERROR);
      return { message: e.message, ...e.details?.[0] };
    }
    throw new Error('not refused');
  };
  const lead = { role: 'department' as const, department: state.spec.leadDepartment };
  const report = validatorOf(TASK_ACTIONS.progress);
  // Before acknowledgement, the table's hint for the status says what to do first.
  expect(
    refusal(() => report(state, 0, { requestId: 'r', actor: lead, percent: 1, narrative: 'x' })),
  ).toEqual({
    message: '请先签收任务，再报送进度',
    field: 'status',
    code: 'wrong_state',
  });
  const review = validatorOf(TASK_ACTIONS.review);
  expect(
    refusal(() => review(state, 0, { requestId: 'r', actor: lead, decision: 'approve', grade: '优秀' })),
  ).toMatchObject({ message: '当前角色无权审核办结', field: 'actor.role', code: 'forbidden' });
});

test('the service takes every action of the table, with its body and its label', () => {
  expect(Object.keys(SERVICE_ACTIONS)).toEqual(Object.keys(TASK_ACTIONS));
  for (const [name, spec] of Object.entries(TASK_ACTIONS)) {
    const service = SERVICE_ACTIONS[name as keyof typeof SERVICE_ACTIONS];
    expect(service.path).toBe(spec.path);
    expect(service.summary).toEqual(spec.label);
    expect(service.describe).toContain(spec.label.zh);
  }
});
