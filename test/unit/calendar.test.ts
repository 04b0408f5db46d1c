// The working-day calendar: statutory holidays and make-up working weekends (调休) move due dates.
import {
  addWorkingDays,
  ladderInstants,
  nthWorkingDayOfMonth,
  periodsBetween,
  planSchedule,
} from '../../activities/calendar';
import { planDate, planInstant } from '../../workflows/clock';
import { seedPolicy } from '../support/fixtures';

const at = (iso: string) => Date.parse(iso);

test('2023-10-07 is a working Saturday and 2023-10-02 a holiday', () => {
  expect(addWorkingDays('2023-10-02', 0)).toBe('2023-10-07');
  expect(addWorkingDays('2023-09-28', 1)).toBe('2023-10-07');
  expect(addWorkingDays('2023-10-07', 1)).toBe('2023-10-08');
});

test('the 5th working day of a month skips the National Day and Spring Festival holidays', () => {
  expect(nthWorkingDayOfMonth('2023-10', 5)).toBe('2023-10-11');
  expect(nthWorkingDayOfMonth('2023-02', 5)).toBe('2023-02-07');
  expect(nthWorkingDayOfMonth('2023-07', 5)).toBe('2023-07-07');
});

test('monthly and quarterly periods cover start to deadline', () => {
  expect(periodsBetween('2023-06-30', '2023-09-30', 'monthly').map((p) => p.period)).toEqual([
    '2023-06',
    '2023-07',
    '2023-08',
    '2023-09',
  ]);
  expect(periodsBetween('2023-02-10', '2025-12-31', 'quarterly').map((p) => p.period)).toHaveLength(12);
});

test('a ladder climbs on working days: +3, +4, +3 after a missed due instant', () => {
  const policy = seedPolicy('default');
  const due = planInstant('2023-07-07', '18:00');
  const steps = ladderInstants({ startAt: due, policy, repeats: 2 });
  expect(steps.map(planDate)).toEqual([
    '2023-07-07',
    '2023-07-12',
    '2023-07-18',
    '2023-07-21',
    '2023-07-28',
    '2023-08-04',
  ]);
});

test('a ladder across the National Day holiday waits for working days', () => {
  const steps = ladderInstants({
    startAt: planInstant('2023-09-27', '18:00'),
    policy: seedPolicy('default'),
    repeats: 0,
  });
  // 09-27 → +3 working days: 09-28, 10-07 (Saturday, make-up), 10-08 (Sunday, make-up).
  expect(steps.map(planDate)).toEqual(['2023-09-27', '2023-10-08', '2023-10-12', '2023-10-17']);
});

test('a task starting on 2023-09-28 must be acknowledged by the make-up Saturday 2023-10-07', () => {
  const s = planSchedule({
    startAt: at('2023-09-28T10:00:00+08:00'),
    deadline: '2023-12-31',
    cadence: 'monthly',
    policy: seedPolicy('default'),
  });
  expect(new Date(s.ackDueAt).toISOString()).toBe('2023-10-07T10:00:00.000Z');
  expect(s.checkpoints[0]).toMatchObject({ period: '2023-09', dueAt: planInstant('2023-10-11', '18:00') });
  expect(s.deadlineAt).toBe(at('2024-01-01T00:00:00+08:00'));
  expect(planDate(s.nearDeadlineAt)).toBe('2023-12-18');
});

test('repeats catch up to an instant after a long outage, then add the batch', () => {
  const policy = seedPolicy('default');
  const start = planInstant('2023-12-29', '18:00');
  const until = planInstant('2024-06-30');
  const out = ladderInstants({ startAt: start, policy, repeats: 2, repeatsOnly: true, until });
  expect(out.at(-1)!).toBeGreaterThan(until);
  expect(out.length).toBeGreaterThan(20);
});
