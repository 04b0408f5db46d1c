// The bulletin's figures (activities/bulletin-figures.ts) from hand-built trails: each rule checked on a trail where
// breaking it changes the figure. Windows are as the drafter cuts them: a month's close is after its reports fall
// due (early the next month).
import {
  bulletinFigures,
  departmentFactsAsOf,
  taskAsOf,
  type TrailTask,
} from '../../activities/bulletin-figures';
import type { BulletinWindow } from '../../db/bulletin-figures';
import { DEFAULT_RANKING_RULE, scoreDepartment } from '../../db/ranking-rule';
import { DAY_MS, planInstant } from '../../workflows/clock';
import type { Light, LightReason } from '../../workflows/domain';
import { eventOf, type TaskEvent, type TaskEventData, type TaskEventType } from '../../workflows/events';

/** A plan instant: 'YYYY-MM-DD' at 'HH:MM' (UTC+8). */
const at = (date: string, time = '09:00') => planInstant(date, time);

const JAN: BulletinWindow = {
  period: '2026-01',
  opensAt: at('2026-01-01', '00:00'),
  closesAt: at('2026-02-06', '18:00'),
};
const FEB: BulletinWindow = { period: '2026-02', opensAt: JAN.closesAt, closesAt: at('2026-03-06', '18:00') };
const MAR: BulletinWindow = { period: '2026-03', opensAt: FEB.closesAt, closesAt: at('2026-04-08', '18:00') };

const DEPARTMENTS = [
  { code: 'aaa', name: '甲局' },
  { code: 'bbb', name: '乙局' },
  { code: 'ccc', name: '丙局' },
  { code: 'ddd', name: '丁局' },
  { code: 'eee', name: '戊局' },
  { code: 'fff', name: '己局' },
  { code: 'jtj', name: '交通局' },
];

type Emit = <T extends TaskEventType>(type: T, at: number, data: TaskEventData[T]) => void;

/** A task whose trail `build` writes, event by event, in seq order. */
function task(id: string, lead: string, build: (emit: Emit) => void, tolerancePct = 15): TrailTask {
  const events: TaskEvent[] = [];
  const emit: Emit = (type, instant, data) => {
    events.push(eventOf(events.length + 1, type, instant, data) as TaskEvent);
  };
  build(emit);
  return { id, title: `任务${id}`, leadDepartment: lead, tolerancePct, events };
}

const started = (lead: string, deadline: string) => ({ deadline, leadDepartment: lead });
const report = (
  period: string,
  percent: number,
  opts: { late?: boolean; contribution?: boolean } = {},
): TaskEventData['progress_reported'] => ({
  period,
  percent,
  values: [],
  narrative: '',
  problems: '',
  nextSteps: '',
  late: opts.late ?? false,
  ...(opts.contribution ? { contribution: true } : {}),
});
const escalation = (level: number, scheduledAt: number, repeat = 0): TaskEventData['escalated'] => ({
  key: `k:${level}:${repeat}:${scheduledAt}`,
  reason: 'report',
  period: '2026-03',
  level,
  repeat,
  notify: [],
  scheduledAt,
});
const light = (to: Light, reasons: LightReason[] = []): TaskEventData['light_changed'] => ({
  from: null,
  to,
  level: 0,
  reasons,
});
const approved = { comment: '' };

/** A task started on 2026-01-05 and acknowledged the next day, then whatever `rest` adds. */
const running = (id: string, lead: string, rest: (emit: Emit) => void = () => {}, deadline = '2026-12-31') =>
  task(id, lead, (emit) => {
    emit('started', at('2026-01-05'), started(lead, deadline));
    emit('acknowledged', at('2026-01-06'), { note: '', late: false });
    rest(emit);
  });

const figures = (tasks: TrailTask[], window = MAR, earlier: BulletinWindow[] = []) =>
  bulletinFigures({ tasks, departments: DEPARTMENTS, window, earlier, rule: DEFAULT_RANKING_RULE });

test('a task as of an instant: nothing before its start; status, light, percent and deadline as the trail stood', () => {
  const t = task('t1', 'jtj', (emit) => {
    emit('started', at('2026-01-05'), started('jtj', '2026-06-30'));
    emit('acknowledged', at('2026-01-20'), { note: '', late: false });
    emit('progress_reported', at('2026-02-03'), report('2026-01', 30));
    emit('light_changed', at('2026-02-10'), light('yellow', ['behind_schedule']));
    // After February's close: none of these may show in February's figures.
    emit('extension_approved', at('2026-03-10'), {
      from: '2026-06-30',
      to: '2026-09-30',
      reason: '',
      comment: '',
    });
    emit('progress_reported', at('2026-03-12'), report('2026-02', 55));
    emit('light_changed', at('2026-03-20'), light('red', ['escalated']));
  });
  expect(taskAsOf(t, at('2026-01-05', '08:59'))).toEqual({
    taskId: 't1',
    title: '任务t1',
    leadDepartment: 'jtj',
    status: undefined,
    light: null,
    lightReasons: [],
    percent: 0,
    expectedPercent: null,
    pace: null,
    deadline: undefined,
  });
  // Started, no light event yet: the workflow's initial light, green.
  expect(taskAsOf(t, at('2026-01-05'))).toMatchObject({
    status: 'assigned',
    light: 'green',
    percent: 0,
    deadline: '2026-06-30',
  });
  expect(taskAsOf(t, at('2026-01-20')).status).toBe('in_progress');
  expect(taskAsOf(t, FEB.closesAt)).toMatchObject({
    status: 'in_progress',
    light: 'yellow',
    lightReasons: ['behind_schedule'],
    percent: 30,
    deadline: '2026-06-30',
  });
  expect(taskAsOf(t, MAR.closesAt)).toMatchObject({
    light: 'red',
    lightReasons: ['escalated'],
    percent: 55,
    deadline: '2026-09-30',
  });
});

test('completion, rejection and cancellation move the status; a closed task carries no light', () => {
  const t = running('t1', 'jtj', (emit) => {
    emit('light_changed', at('2026-02-10'), light('yellow', ['deadline_near']));
    emit('completion_submitted', at('2026-02-11'), { summary: '', onTime: true });
    emit('completion_rejected', at('2026-02-12'), { reason: '', round: 1 });
    emit('progress_reported', at('2026-02-13'), report('2026-02', 80));
    emit('completion_submitted', at('2026-02-14'), { summary: '', onTime: true });
    emit('completion_approved', at('2026-02-15'), approved);
  });
  expect(taskAsOf(t, at('2026-02-11')).status).toBe('completion_review');
  expect(taskAsOf(t, at('2026-02-12')).status).toBe('in_progress');
  expect(taskAsOf(t, at('2026-02-14')).status).toBe('completion_review');
  expect(taskAsOf(t, at('2026-02-14')).light).toBe('yellow');
  // Approval sets the percent to 100, as the workflow's state does.
  expect(taskAsOf(t, at('2026-02-15'))).toMatchObject({
    status: 'completed',
    light: null,
    lightReasons: [],
    percent: 100,
    expectedPercent: null,
    pace: null,
  });
  const c = running('t2', 'jtj', (emit) => {
    emit('light_changed', at('2026-02-10'), light('red', ['overdue']));
    emit('cancelled', at('2026-02-20'), { reason: '' });
  });
  expect(taskAsOf(c, at('2026-02-19')).light).toBe('red');
  expect(taskAsOf(c, at('2026-02-20'))).toMatchObject({ status: 'cancelled', light: null });
});

test('序时进度 by hand: behind or ahead only beyond the tolerance; at it, on pace', () => {
  // 100 days from 2026-01-01 00:00 to the end of 2026-04-10: on 2026-02-20 half the time is gone.
  const paced = (id: string, percent: number) =>
    task(
      id,
      'jtj',
      (emit) => {
        emit('started', at('2026-01-01', '00:00'), started('jtj', '2026-04-10'));
        emit('acknowledged', at('2026-01-02'), { note: '', late: false });
        emit('progress_reported', at('2026-01-10'), report('2026-01', percent));
      },
      10,
    );
  const mid = at('2026-02-20', '00:00');
  expect(taskAsOf(paced('a', 39), mid)).toMatchObject({ expectedPercent: 50, pace: 'behind' });
  expect(taskAsOf(paced('b', 40), mid)).toMatchObject({ expectedPercent: 50, pace: 'on_pace' });
  expect(taskAsOf(paced('c', 60), mid)).toMatchObject({ expectedPercent: 50, pace: 'on_pace' });
  expect(taskAsOf(paced('d', 61), mid)).toMatchObject({ expectedPercent: 50, pace: 'ahead' });
  // One decimal: 29 of 120 days is 24.2, 47 of 120 is 39.2; 34.2 and 29.2 are 10 points off, exactly the tolerance
  // (where a float subtraction gives 10.000000000000002).
  const decimal = (id: string, percent: number) =>
    task(
      id,
      'jtj',
      (emit) => {
        emit('started', at('2026-01-01', '00:00'), started('jtj', '2026-04-30'));
        emit('progress_reported', at('2026-01-10'), report('2026-01', percent));
      },
      10,
    );
  expect(taskAsOf(decimal('e', 34.2), at('2026-01-30', '00:00'))).toMatchObject({
    expectedPercent: 24.2,
    pace: 'on_pace',
  });
  expect(taskAsOf(decimal('e', 29.2), at('2026-02-17', '00:00'))).toMatchObject({
    expectedPercent: 39.2,
    pace: 'on_pace',
  });
  expect(taskAsOf(decimal('e', 29.1), at('2026-02-17', '00:00')).pace).toBe('behind');

  // In a bulletin: running tasks only (the suspended, the completed and the unstarted are not paced).
  const window: BulletinWindow = { period: '2026-02', opensAt: JAN.closesAt, closesAt: mid };
  const suspended = task('f', 'jtj', (emit) => {
    emit('started', at('2026-01-01', '00:00'), started('jtj', '2026-04-10'));
    emit('suspended', at('2026-02-01'), { reason: '' });
  });
  const done = task('g', 'jtj', (emit) => {
    emit('started', at('2026-01-01', '00:00'), started('jtj', '2026-04-10'));
    emit('completion_submitted', at('2026-02-01'), { summary: '', onTime: true });
    emit('completion_approved', at('2026-02-02'), approved);
  });
  const never = task('h', 'jtj', () => {});
  const f = figures(
    [paced('a', 39), paced('b', 40), paced('d', 61), paced('i', 75), suspended, done, never],
    window,
  );
  expect(f.pace).toEqual({ ahead: 2, onPace: 1, behind: 1 });
});

test('a suspension: suspended meanwhile, then the status before it; 序时进度 pauses for the time suspended', () => {
  const t = task('t1', 'jtj', (emit) => {
    emit('started', at('2026-01-01', '00:00'), started('jtj', '2026-04-30'));
    emit('acknowledged', at('2026-01-02'), { note: '', late: false });
    emit('suspended', at('2026-02-01', '00:00'), { reason: '' });
    emit('resumed', at('2026-02-11', '00:00'), { suspendedMs: 10 * DAY_MS, deadline: '2026-05-10' });
  });
  expect(taskAsOf(t, at('2026-02-05'))).toMatchObject({
    status: 'suspended',
    expectedPercent: null,
    pace: null,
  });
  // Start and deadline both moved 10 days: 49 of 120 days gone on 2026-03-01 (not 59 of 130, 45.4).
  expect(taskAsOf(t, at('2026-03-01', '00:00'))).toMatchObject({
    status: 'in_progress',
    deadline: '2026-05-10',
    expectedPercent: 40.8,
  });
});

test('a reassignment moves the task, with its history, to the new lead; the catalog lead yields to `started`', () => {
  const t = task('t1', 'old', (emit) => {
    emit('started', at('2026-01-05'), started('jtj', '2026-12-31'));
    emit('progress_reported', at('2026-02-03'), report('2026-01', 10));
    emit('escalated', at('2026-02-10'), escalation(1, at('2026-02-10')));
    emit('reassigned', at('2026-03-10'), {
      before: { leadDepartment: 'jtj', coDepartments: [] },
      after: { leadDepartment: 'slj', coDepartments: [] },
      reason: '',
    });
  });
  expect(taskAsOf(t, at('2026-01-01')).leadDepartment).toBe('old');
  expect(taskAsOf(t, FEB.closesAt).leadDepartment).toBe('jtj');
  expect(departmentFactsAsOf([t], DEPARTMENTS, FEB.closesAt).map((f) => [f.code, f.name, f.tasks])).toEqual([
    ['jtj', '交通局', 1],
  ]);
  // 'slj' is not among the departments: its code stands for its name.
  expect(departmentFactsAsOf([t], DEPARTMENTS, MAR.closesAt)).toEqual([
    {
      code: 'slj',
      name: 'slj',
      tasks: 1,
      reportsOnTime: 1,
      reportsLate: 0,
      reportsMissing: 0,
      completed: 0,
      completedOnTime: 0,
      overdueOpen: 0,
      escalations: [1, 0, 0, 0],
    },
  ]);
  expect(figures([t]).units.map((u) => u.code)).toEqual(['slj']);
});

test("a co-department's contribution sets neither the percent nor a checkpoint", () => {
  const t = running('t1', 'jtj', (emit) => {
    emit('progress_reported', at('2026-02-03'), report('2026-01', 80, { contribution: true }));
    emit('checkpoint_missed', JAN.closesAt, { period: '2026-01', dueAt: JAN.closesAt });
    emit('progress_reported', at('2026-03-02'), report('2026-02', 40));
    emit('progress_reported', at('2026-03-03'), report('2026-02', 90, { contribution: true }));
    emit('progress_reported', at('2026-03-05'), report('2026-03', 95, { contribution: true }));
  });
  expect(taskAsOf(t, MAR.closesAt).percent).toBe(40);
  expect(taskAsOf(t, at('2026-03-01')).percent).toBe(0);
  expect(figures([t], JAN).reporting).toEqual({ due: 1, onTime: 0, late: 0, missing: 1, onTimeRate: 0 });
  expect(figures([t], MAR).reporting).toEqual({ due: 0, onTime: 0, late: 0, missing: 0, onTimeRate: null });
  expect(departmentFactsAsOf([t], DEPARTMENTS, MAR.closesAt)[0]).toMatchObject({
    reportsOnTime: 1,
    reportsLate: 0,
    reportsMissing: 1,
  });
});

test("a quarter's checkpoint is in the bulletin of its last month, not before", () => {
  const t = running('t1', 'jtj', (emit) => {
    emit('progress_reported', at('2026-03-05'), report('2026-Q1', 25));
  });
  expect(figures([t], FEB).reporting.due).toBe(0);
  expect(figures([t], FEB).units[0]!.reports.due).toBe(0);
  expect(figures([t], MAR).reporting).toEqual({ due: 1, onTime: 1, late: 0, missing: 0, onTimeRate: 1 });
  expect(figures([t], MAR).units[0]!.reports).toEqual({ due: 1, onTime: 1, late: 0, missing: 0 });
});

test('a report after a missed checkpoint counts it late, not missing; a re-report changes nothing; waived is not due', () => {
  const t = running('t1', 'jtj', (emit) => {
    emit('checkpoint_missed', at('2026-02-06', '18:00'), {
      period: '2026-01',
      dueAt: at('2026-02-06', '18:00'),
    });
    emit('progress_reported', at('2026-02-12'), report('2026-01', 20, { late: true }));
    // A second report for the period: the workflow writes it `late: false`, the checkpoint stays late.
    emit('progress_reported', at('2026-02-20'), report('2026-01', 25));
    emit('completion_submitted', at('2026-03-01'), { summary: '', onTime: true });
    emit('checkpoint_waived', at('2026-03-06', '18:00'), { period: '2026-02' });
    emit('progress_reported', at('2026-03-06', '19:00'), report('2026-02', 30));
  });
  const facts = (instant: number) => departmentFactsAsOf([t], DEPARTMENTS, instant)[0]!;
  expect(facts(at('2026-02-10'))).toMatchObject({ reportsOnTime: 0, reportsLate: 0, reportsMissing: 1 });
  expect(facts(MAR.closesAt)).toMatchObject({ reportsOnTime: 0, reportsLate: 1, reportsMissing: 0 });
  expect(figures([t], JAN).units[0]!.reports).toEqual({ due: 1, onTime: 0, late: 0, missing: 1 });
  expect(figures([t], FEB).units[0]!.reports).toEqual({ due: 0, onTime: 0, late: 0, missing: 0 });
});

test('escalations: in the window in which they were handled, level 4 and above counted as 4', () => {
  const t = running('t1', 'jtj', (emit) => {
    emit('escalated', FEB.closesAt, escalation(1, FEB.closesAt)); // at the opening: February's
    emit('escalated', at('2026-03-10'), escalation(2, at('2026-03-10')));
    emit('escalated', at('2026-03-20'), escalation(3, at('2026-03-20')));
    emit('escalated', at('2026-03-30'), escalation(4, at('2026-03-30')));
    emit('escalated', at('2026-04-03'), escalation(4, at('2026-04-03'), 1));
    emit('escalated', at('2026-04-06'), escalation(5, at('2026-04-06')));
    // Its ladder instant is inside the window, but it was handled after the close: it is April's.
    emit('escalated', at('2026-04-09'), escalation(4, at('2026-04-08', '17:00'), 2));
    emit('escalated', at('2026-04-10'), escalation(4, at('2026-04-10'), 3));
  });
  expect(figures([t], FEB).units[0]!.escalations).toEqual([1, 0, 0, 0]);
  expect(figures([t], MAR).units[0]!.escalations).toEqual([0, 1, 1, 3]);
  expect(departmentFactsAsOf([t], DEPARTMENTS, MAR.closesAt)[0]!.escalations).toEqual([1, 1, 1, 3]);
  expect(departmentFactsAsOf([t], DEPARTMENTS, at('2026-04-09'))[0]!.escalations).toEqual([1, 1, 1, 4]);
  expect(departmentFactsAsOf([t], DEPARTMENTS, at('2026-03-25'))[0]!.escalations).toEqual([1, 1, 1, 0]);
});

test('completions approved in the window, on time as the last submission before the approval was', () => {
  const late = task('t-a', 'jtj', (emit) => {
    emit('started', at('2026-01-05'), started('jtj', '2026-03-15'));
    emit('completion_submitted', at('2026-03-16'), { summary: '', onTime: false });
    emit('completion_rejected', at('2026-03-17'), { reason: '', round: 1 });
    emit('extension_approved', at('2026-03-18'), {
      from: '2026-03-15',
      to: '2026-04-30',
      reason: '',
      comment: '',
    });
    emit('completion_submitted', at('2026-03-20'), { summary: '', onTime: true });
    emit('completion_approved', at('2026-03-25'), approved);
  });
  const earlier = running(
    't-b',
    'aaa',
    (emit) => {
      emit('completion_submitted', at('2026-03-05'), { summary: '', onTime: true });
      emit('completion_rejected', at('2026-03-08'), { reason: '', round: 1 });
      emit('completion_submitted', at('2026-03-10'), { summary: '', onTime: false });
      emit('completion_approved', at('2026-03-12'), approved);
    },
    '2026-03-09',
  );
  const inFebruary = running('t-c', 'jtj', (emit) => {
    emit('completion_submitted', at('2026-03-01'), { summary: '', onTime: true });
    emit('completion_approved', at('2026-03-03'), approved);
  });
  const f = figures([late, earlier, inFebruary]);
  expect(f.completed).toEqual([
    { taskId: 't-b', title: '任务t-b', unit: 'aaa', unitName: '甲局', at: at('2026-03-12'), onTime: false },
    { taskId: 't-a', title: '任务t-a', unit: 'jtj', unitName: '交通局', at: at('2026-03-25'), onTime: true },
  ]);
  expect(figures([late, earlier, inFebruary], FEB).completed.map((c) => c.taskId)).toEqual(['t-c']);
  expect(f.lights.completed).toBe(3);
  expect(departmentFactsAsOf([late, earlier, inFebruary], DEPARTMENTS, MAR.closesAt)).toMatchObject([
    { code: 'aaa', completed: 1, completedOnTime: 0 },
    { code: 'jtj', completed: 2, completedOnTime: 2 },
  ]);
});

test('overdue open: from the instant the deadline passes, unless a completion went in on time', () => {
  const deadlineAt = at('2026-04-01', '00:00'); // the end of 2026-03-31
  const open = running('a', 'jtj', () => {}, '2026-03-31');
  const inTime = running(
    'b',
    'jtj',
    (emit) => {
      emit('completion_submitted', at('2026-03-31'), { summary: '', onTime: true });
    },
    '2026-03-31',
  );
  const tooLate = running(
    'c',
    'jtj',
    (emit) => {
      emit('completion_submitted', at('2026-04-02'), { summary: '', onTime: false });
    },
    '2026-03-31',
  );
  const overdue = (instant: number) =>
    departmentFactsAsOf([open, inTime, tooLate], DEPARTMENTS, instant)[0]!.overdueOpen;
  expect(overdue(deadlineAt - 1)).toBe(0);
  expect(overdue(deadlineAt)).toBe(2);
  expect(overdue(at('2026-04-02'))).toBe(2);
  // An extension moves the deadline: no longer overdue.
  const extended = running(
    'd',
    'jtj',
    (emit) => {
      emit('extension_approved', at('2026-04-03'), {
        from: '2026-03-31',
        to: '2026-06-30',
        reason: '',
        comment: '',
      });
    },
    '2026-03-31',
  );
  expect(departmentFactsAsOf([extended], DEPARTMENTS, at('2026-04-02'))[0]!.overdueOpen).toBe(1);
  expect(departmentFactsAsOf([extended], DEPARTMENTS, at('2026-04-03'))[0]!.overdueOpen).toBe(0);
});

test('facts leave out cancelled and unstarted tasks, and departments that lead none', () => {
  const cancelled = running('a', 'aaa', (emit) => {
    emit('escalated', at('2026-02-01'), escalation(3, at('2026-02-01')));
    emit('cancelled', at('2026-02-10'), { reason: '' });
  });
  const later = task('b', 'bbb', (emit) => {
    emit('started', at('2026-03-01'), started('bbb', '2026-12-31'));
  });
  const kept = running('c', 'ccc');
  expect(
    departmentFactsAsOf([cancelled, later, kept], DEPARTMENTS, at('2026-02-09')).map((f) => f.code),
  ).toEqual(['aaa', 'ccc']);
  expect(
    departmentFactsAsOf([cancelled, later, kept], DEPARTMENTS, at('2026-03-01')).map((f) => f.code),
  ).toEqual(['bbb', 'ccc']);
});

test('praise and criticism follow the stated rule (MENTION_RULE), each with its reason', () => {
  const mar = (id: string, lead: string, rest: (emit: Emit) => void) => running(id, lead, rest);
  const onTime = (emit: Emit) => emit('progress_reported', at('2026-04-03'), report('2026-03', 50));
  const tasks = [
    // Every report on time, no escalation: praised.
    mar('a1', 'aaa', onTime),
    mar('a2', 'aaa', onTime),
    // Cancelled by the close: its missed report and its 督办 are not the unit's any more.
    mar('a3', 'aaa', (emit) => {
      emit('escalated', at('2026-03-20'), escalation(3, at('2026-03-20')));
      emit('checkpoint_missed', at('2026-04-07', '18:00'), {
        period: '2026-03',
        dueAt: at('2026-04-07', '18:00'),
      });
      emit('cancelled', at('2026-04-08'), { reason: '' });
    }),
    // One late: neither.
    mar('b1', 'bbb', onTime),
    mar('b2', 'bbb', (emit) => {
      emit('checkpoint_missed', at('2026-04-07', '18:00'), {
        period: '2026-03',
        dueAt: at('2026-04-07', '18:00'),
      });
      emit('progress_reported', at('2026-04-08'), report('2026-03', 50, { late: true }));
    }),
    // On time but reminded (level 1): not praised, not criticised.
    mar('c1', 'ccc', (emit) => {
      onTime(emit);
      emit('escalated', at('2026-03-20'), escalation(1, at('2026-03-20')));
    }),
    // A report missing, 督办 and 约谈: criticised; a 督办 in February does not count.
    mar('d1', 'ddd', (emit) => {
      emit('escalated', at('2026-02-20'), escalation(3, at('2026-02-20')));
      emit('escalated', at('2026-03-20'), escalation(3, at('2026-03-20')));
      emit('escalated', at('2026-03-27'), escalation(4, at('2026-03-27')));
      emit('checkpoint_missed', at('2026-04-07', '18:00'), {
        period: '2026-03',
        dueAt: at('2026-04-07', '18:00'),
      });
    }),
    // Nothing due, but a 督办: criticised.
    mar('e1', 'eee', (emit) => emit('escalated', at('2026-03-20'), escalation(3, at('2026-03-20')))),
    // Nothing due, nothing wrong: neither (praise needs a report due).
    mar('f1', 'fff', () => {}),
  ];
  const f = figures(tasks);
  expect(f.praise).toEqual([{ code: 'aaa', name: '甲局', because: '本期2项报送全部按时，无督办事项' }]);
  expect(f.criticism).toEqual([
    { code: 'ddd', name: '丁局', because: '本期未报送1项，督办1次、约谈1次' },
    { code: 'eee', name: '戊局', because: '本期督办1次' },
  ]);
  expect(f.units.map((u) => [u.code, u.tasks, u.reports.due, u.onTimeRate])).toEqual([
    ['aaa', 2, 2, 1],
    ['bbb', 2, 2, 0.5],
    ['ccc', 1, 1, 1],
    ['ddd', 1, 1, 0],
    ['eee', 1, 0, null],
    ['fff', 1, 0, null],
  ]);
  expect(f.reporting).toEqual({ due: 6, onTime: 4, late: 1, missing: 1, onTimeRate: 0.67 });
});

test('score and its change since the window opened, by hand under the default rule', () => {
  const t = running(
    't1',
    'jtj',
    (emit) => {
      emit('checkpoint_missed', at('2026-02-06', '18:00'), {
        period: '2026-01',
        dueAt: at('2026-02-06', '18:00'),
      });
      emit('progress_reported', at('2026-02-10'), report('2026-01', 10, { late: true }));
      emit('progress_reported', at('2026-03-03'), report('2026-02', 20));
      // The deadline passes at the end of 2026-03-31; the overdue ladder climbs.
      emit('escalated', at('2026-04-01', '18:00'), escalation(1, at('2026-04-01', '18:00')));
      emit('escalated', at('2026-04-03', '18:00'), escalation(2, at('2026-04-03', '18:00')));
      emit('checkpoint_missed', at('2026-04-07', '18:00'), {
        period: '2026-03',
        dueAt: at('2026-04-07', '18:00'),
      });
    },
    '2026-03-31',
  );
  // Started in the window: no score at its opening.
  const newcomer = task('t2', 'aaa', (emit) =>
    emit('started', at('2026-03-10'), started('aaa', '2026-12-31')),
  );
  const f = figures([t, newcomer]);
  // Opening: reporting 60 × (1 + 0.5 × 1) ÷ 2 = 45, completion 40 (nothing due) → 85.
  // Close: reporting 60 × (1 + 0.5 × 1) ÷ 3 = 30, completion 40 × 0 ÷ 1 = 0, deductions 0.5 + 1 = 1.5 → 28.5.
  expect(f.units.find((u) => u.code === 'jtj')).toMatchObject({ score: 28.5, scoreChange: -56.5 });
  expect(f.units.find((u) => u.code === 'aaa')).toMatchObject({ score: 100, scoreChange: 0 });
  const facts = departmentFactsAsOf([t], DEPARTMENTS, MAR.closesAt);
  expect(scoreDepartment(facts[0]!, DEFAULT_RANKING_RULE).score).toBe(28.5);
});

test('lights at each close, oldest first; an open task without a light event is green, a suspended one keeps its light', () => {
  const tasks = [
    running('l1', 'aaa', (emit) => {
      emit('light_changed', at('2026-02-10'), light('yellow', ['report_missing']));
      emit('light_changed', at('2026-03-10'), light('red', ['escalated']));
    }),
    task('l2', 'aaa', (emit) => {
      emit('started', at('2026-02-15'), started('aaa', '2026-12-31'));
      emit('cancelled', at('2026-03-20'), { reason: '' });
    }),
    running('l3', 'bbb', (emit) => {
      emit('light_changed', at('2026-01-20'), light('yellow', ['ack_overdue']));
      emit('completion_submitted', at('2026-03-11'), { summary: '', onTime: true });
      emit('completion_approved', at('2026-03-12'), approved);
    }),
    task('l4', 'bbb', () => {}),
    running('l5', 'ccc', (emit) => {
      emit('light_changed', at('2026-02-20'), light('red', ['escalated']));
      emit('suspended', at('2026-02-25'), { reason: '' });
    }),
  ];
  const f = figures(tasks, MAR, [JAN, FEB]);
  const counts = (
    red: number,
    yellow: number,
    green: number,
    completed: number,
    cancelled: number,
    notStarted: number,
  ) => ({
    red,
    yellow,
    green,
    completed,
    cancelled,
    notStarted,
  });
  expect(f.lightsByMonth).toEqual([
    { period: '2026-01', lights: counts(0, 1, 2, 0, 0, 2) },
    { period: '2026-02', lights: counts(1, 2, 1, 0, 0, 1) },
    { period: '2026-03', lights: counts(2, 0, 0, 1, 1, 1) },
  ]);
  expect(f.lights).toEqual(counts(2, 0, 0, 1, 1, 1));
  expect(f.totalTasks).toBe(5);
  expect(figures(tasks, FEB).lightsByMonth.map((m) => m.period)).toEqual(['2026-02']);
});

test('flagged: red before yellow, then by unit and task id, with reasons, percent and 序时进度', () => {
  const flaggedTask = (id: string, lead: string, to: Light, reasons: LightReason[]) =>
    running(id, lead, (emit) => emit('light_changed', at('2026-03-15'), light(to, reasons)));
  const tasks = [
    flaggedTask('x0', 'ccc', 'yellow', ['deadline_near']),
    flaggedTask('x1', 'bbb', 'red', ['overdue']),
    flaggedTask('x4', 'aaa', 'yellow', ['report_missing']),
    flaggedTask('x2', 'aaa', 'red', ['escalated']),
    flaggedTask('x3', 'aaa', 'yellow', ['behind_schedule']),
    flaggedTask('x5', 'aaa', 'green', []),
    // Red before it closed: not flagged.
    running('x6', 'aaa', (emit) => {
      emit('light_changed', at('2026-03-15'), light('red', ['overdue']));
      emit('completion_submitted', at('2026-03-16'), { summary: '', onTime: false });
      emit('completion_approved', at('2026-03-17'), approved);
    }),
    task(
      'x7',
      'ddd',
      (emit) => {
        // 100 days from 2026-01-01 00:00; on 2026-03-02 00:00, 60 days: 60% expected.
        emit('started', at('2026-01-01', '00:00'), started('ddd', '2026-04-10'));
        emit('acknowledged', at('2026-01-02'), { note: '', late: false });
        emit('progress_reported', at('2026-02-03'), report('2026-01', 35));
        emit('light_changed', at('2026-02-20'), light('yellow', ['behind_schedule']));
      },
      15,
    ),
  ];
  const window: BulletinWindow = {
    period: '2026-02',
    opensAt: JAN.closesAt,
    closesAt: at('2026-03-02', '00:00'),
  };
  expect(figures(tasks, window).flagged).toEqual([
    {
      taskId: 'x7',
      title: '任务x7',
      unit: 'ddd',
      unitName: '丁局',
      light: 'yellow',
      reasons: ['behind_schedule'],
      percent: 35,
      expectedPercent: 60,
    },
  ]);
  const f = figures(tasks);
  expect(f.flagged.map((x) => [x.taskId, x.light, x.unit])).toEqual([
    ['x2', 'red', 'aaa'],
    ['x1', 'red', 'bbb'],
    ['x3', 'yellow', 'aaa'],
    ['x4', 'yellow', 'aaa'],
    ['x0', 'yellow', 'ccc'],
    ['x7', 'yellow', 'ddd'],
  ]);
  expect(f.flagged[0]).toMatchObject({ reasons: ['escalated'], unitName: '甲局', percent: 0 });
  expect(f.lights).toMatchObject({ red: 2, yellow: 4, green: 1, completed: 1 });
});
