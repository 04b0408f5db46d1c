// The passing of plan time on one task, without a server: the escalation ladder, the light and the refusals,
// each checked against the policy it runs under (seeds/policies.yaml).
import { planDate } from '../../workflows/clock';
import { LEVEL, type Actor } from '../../workflows/domain';
import { acknowledge, reportProgress } from '../../workflows/machine/messages';
import { applyTimeRules, nextWake } from '../../workflows/machine/time-rules';
import { currentLevel } from '../../workflows/rules/ladder';
import { computeLight } from '../../workflows/rules/light';
import { TASK_ACTIONS, validatorOf } from '../../workflows/actions';
import { escalationOf, reportOf } from '../../workflows/events';

const validateAcknowledge = validatorOf(TASK_ACTIONS.acknowledge);
const validateReportProgress = validatorOf(TASK_ACTIONS.progress);
import { machineRig, type MachineRig } from '../support/machine';

const lead: Actor = { role: 'department', department: 'jtj' };
const other: Actor = { role: 'department', department: 'slj' };

/** Moves the clock to `instant` and applies the time rules, as the workflow does when it wakes. */
async function wakeAt(rig: MachineRig, instant: number) {
  rig.setNow(instant);
  await applyTimeRules(rig.state, rig.hooks);
  rig.state.level = currentLevel(rig.state);
}
const kinds = (rig: MachineRig) => rig.asked.map((n) => [n.kind, n.level, n.notify]);

test('an unacknowledged task climbs the ladder one step per instant, each level its own email and recipients', async () => {
  const rig = machineRig();
  const { state } = rig;
  const steps = state.spec.policy.steps;
  expect(state.ackLadder).toHaveLength(steps.length);

  await wakeAt(rig, state.ackDueAt - 1);
  expect(rig.asked).toEqual([]);
  expect(nextWake(state, state.ackDueAt - 1)).toBe(state.ackDueAt);

  // Each step fires at its own instant, not a moment before.
  for (const [i, at] of state.ackLadder.entries()) {
    await wakeAt(rig, at - 1);
    expect(rig.asked).toHaveLength(i);
    await wakeAt(rig, at);
    expect(rig.asked).toHaveLength(i + 1);
    expect(state.level).toBe(i + 1);
  }
  expect(kinds(rig)).toEqual([
    ['ack_reminder', LEVEL.reminder, steps[0]!.notify],
    ['urge', LEVEL.urge, steps[1]!.notify],
    ['supervise', LEVEL.supervise, steps[2]!.notify],
    ['interview', LEVEL.talk, steps[3]!.notify],
  ]);
  expect(rig.asked.map((n) => n.key)).toEqual([1, 2, 3, 4].map((l) => `task-u-1:ack:ack:${l}`));
  // Without repeats the ack ladder stops at its top step (a report falling due meanwhile has its own ladder).
  await wakeAt(rig, state.ackLadder.at(-1)! + 30 * 86_400_000);
  expect(rig.asked.filter((n) => n.reason === 'ack')).toHaveLength(4);
});

test('the light follows the ladder: yellow while acknowledgement is late, red from level 3', async () => {
  const rig = machineRig();
  const { state } = rig;
  const light = (at: number) => computeLight(state, at);
  expect(light(state.ackDueAt - 1)).toEqual({ light: 'green', reasons: [] });
  await wakeAt(rig, state.ackLadder[0]!);
  expect(light(state.ackLadder[0]!)).toEqual({ light: 'yellow', reasons: ['ack_overdue'] });
  await wakeAt(rig, state.ackLadder[2]!);
  expect(state.level).toBe(LEVEL.supervise);
  expect(light(state.ackLadder[2]!).light).toBe('red');
  expect(light(state.ackLadder[2]!).reasons).toContain('escalated');
});

test('an acknowledgement stops the climb: no further step, the level falls back', async () => {
  const rig = machineRig();
  const { state } = rig;
  await wakeAt(rig, state.ackLadder[1]!);
  expect(state.level).toBe(LEVEL.urge);
  acknowledge(state, rig.hooks, { requestId: 'a', actor: lead });
  expect(rig.events.map((e) => e.type)).toContain('acknowledged');
  await wakeAt(rig, state.ackLadder[3]!);
  expect(rig.asked.map((n) => n.kind)).toEqual(['ack_reminder', 'urge']);
  expect(state.level).toBe(0);
});

test('a missed report starts its own ladder from its due instant; the report stops it and is marked late', async () => {
  const rig = machineRig();
  const { state } = rig;
  acknowledge(state, rig.hooks, { requestId: 'a', actor: lead });
  const march = state.checkpoints.find((c) => c.period === '2023-03')!;
  // Due on the policy's working day of the next month, at its due time.
  expect(planDate(march.dueAt).slice(0, 7)).toBe('2023-04');
  await wakeAt(rig, march.dueAt);
  expect(march.status).toBe('missing');
  expect(rig.asked.map((n) => [n.key, n.kind])).toEqual([['task-u-1:report:2023-03:1', 'reminder']]);
  expect(computeLight(state, march.dueAt).reasons).toContain('report_missing');

  rig.setNow(march.ladder[1]! - 1);
  validateReportProgress(state, rig.hooks.now(), {
    requestId: 'p',
    actor: lead,
    percent: 20,
    narrative: '推进中',
  });
  reportProgress(state, rig.hooks, { requestId: 'p', actor: lead, percent: 20, narrative: '推进中' });
  expect(march.status).toBe('late');
  await wakeAt(rig, march.ladder[2]!);
  expect(rig.asked.map((n) => n.kind)).toEqual(['reminder']);
});

test('after an outage only the latest repeat of an overdue top step is sent', async () => {
  const rig = machineRig({ start: '2023-10-09', deadline: '2023-10-31' });
  const { state } = rig;
  acknowledge(state, rig.hooks, { requestId: 'a', actor: lead });
  for (const c of state.checkpoints) c.status = 'waived';
  const top = state.spec.policy.steps.length;
  // Far past the deadline in one wake: every step of the ladder once, then one repeat, the newest.
  await wakeAt(rig, state.overdueLadder[top]! + 40 * 86_400_000);
  const overdue = rig.asked.filter((n) => n.reason === 'overdue');
  expect(overdue.slice(0, top).map((n) => [n.level, n.repeat])).toEqual(
    Array.from({ length: top }, (_, i) => [i + 1, 0]),
  );
  expect(overdue.slice(top)).toHaveLength(1);
  expect(overdue[top]!.level).toBe(top);
  expect(computeLight(state, rig.hooks.now()).reasons).toEqual(['escalated', 'overdue']);
});

test('refusals name the field: only the lead acknowledges, and only once', () => {
  const rig = machineRig();
  const { state } = rig;
  expect(() => validateAcknowledge(state, 0, { requestId: 'x', actor: other })).toThrow(/牵头单位/);
  expect(() =>
    validateReportProgress(state, 0, { requestId: 'y', actor: lead, percent: 10, narrative: '进展' }),
  ).toThrow(/请先签收任务/);
  acknowledge(state, rig.hooks, { requestId: 'a', actor: lead });
  expect(() => validateAcknowledge(state, 0, { requestId: 'z', actor: lead })).toThrow(/签收/);
  expect(() =>
    validateReportProgress(state, 0, { requestId: 'w', actor: lead, percent: 120, narrative: '进展' }),
  ).toThrow(/percent/);
});

test('an escalation handled late keeps its ladder instant: in the state and in what the read model projects from the event', async () => {
  const rig = machineRig();
  const { state } = rig;
  const step = state.ackLadder[0]!;
  // A worker outage: the first step is handled an hour after its instant.
  await wakeAt(rig, step + 3_600_000);
  const event = rig.events.find((e) => e.type === 'escalated');
  expect(event?.type).toBe('escalated');
  if (event?.type !== 'escalated') return;
  expect(event.at).toBe(step + 3_600_000);
  expect(event.data.scheduledAt).toBe(step);
  expect(state.escalations[0]).toEqual(escalationOf(event));
  expect(state.escalations[0]!.at).toBe(step);
  // An event written before `scheduledAt` existed stands at its own instant.
  const { scheduledAt: _s, ...older } = event.data;
  expect(escalationOf({ ...event, data: older }).at).toBe(event.at);
});

test('a report row is what the progress_reported event records, the same record the state keeps', async () => {
  const rig = machineRig();
  acknowledge(rig.state, rig.hooks, { requestId: 'a', actor: lead });
  reportProgress(rig.state, rig.hooks, { requestId: 'r-1', actor: lead, percent: 40, narrative: '已开工' });
  const event = rig.events.find((e) => e.type === 'progress_reported');
  if (event?.type !== 'progress_reported') throw new Error('no progress_reported event');
  expect(reportOf(event)).toEqual(rig.state.reports[0]);
  expect(reportOf(event)).toMatchObject({
    requestId: 'r-1',
    submittedBy: 'jtj',
    percent: 40,
    seq: event.seq,
  });
});
