// The bulletin drafter on the real stack: a scripted first quarter (prompt reports, a late one, misses and
// their ladder, a completion, a task never started) yields one numbered draft per month, each figure equal to
// a count taken independently from the read model's tables as of the month's close.
import { sql } from 'kysely';
import { startBulletinDrafters } from '../../client/bulletin/start-drafter';
import { insertDraft, listBulletins, type Bulletin } from '../../db/queries/bulletins';
import { planAt } from '../../workflows/clock';
import * as d from '../../workflows/definitions';
import { insertTask, LEAD, OTHER } from '../support/fixtures';
import { fastClock, lead, office } from '../support/task-harness';
import { waitUntil } from '../support/wait';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
const MONTHS = ['2023-01', '2023-02', '2023-03'];

/** The figures a bulletin must show, counted from the tables (not from the trail fold the drafter uses). */
async function independentCount(b: Bulletin) {
  const { db } = suite;
  const opens = new Date(b.opensAt);
  const close = new Date(b.closesAt);
  const started = await sql<{ task_id: string }>`
    select task_id from task_events where type = 'started' and plan_at <= ${close}`.execute(db);
  const completed = await sql<{ task_id: string; plan_at: Date }>`
    select task_id, plan_at from task_events where type = 'completion_approved' and plan_at <= ${close}`.execute(
    db,
  );
  const lights = await sql<{ task_id: string; light: string | null }>`
    select distinct on (task_id) task_id, data->>'to' as light from task_events
    where type = 'light_changed' and plan_at <= ${close} order by task_id, seq desc`.execute(db);
  const done = new Set(completed.rows.map((r) => r.task_id));
  // A task starts green without a light event: its light is its last change's, else green.
  const lightOf = new Map(lights.rows.map((r) => [r.task_id, r.light]));
  const open = started.rows
    .filter((r) => !done.has(r.task_id))
    .map((r) => ({ task_id: r.task_id, light: lightOf.get(r.task_id) ?? 'green' }));
  const tasks = await db.selectFrom('tasks').select(['id', 'lead_department']).execute();
  const leadOf = new Map(tasks.map((t) => [t.id, t.lead_department]));
  const reports = await sql<{ task_id: string; late: boolean }>`
    select task_id, late from progress_reports where period = ${b.period} and plan_at <= ${close}`.execute(
    db,
  );
  const missed = await sql<{ task_id: string }>`
    select task_id from task_events where type = 'checkpoint_missed' and data->>'period' = ${b.period}
      and plan_at <= ${close}`.execute(db);
  const reported = new Set(reports.rows.map((r) => r.task_id));
  const escalations = await sql<{ task_id: string; level: number }>`
    select task_id, (data->>'level')::int as level from task_events where type = 'escalated' and plan_at <= ${close}
      and plan_at > ${opens}`.execute(db);
  const units = new Map<string, { onTime: number; late: number; missing: number; esc: number[] }>();
  const unit = (task: string) => {
    const code = leadOf.get(task)!;
    if (!units.has(code)) units.set(code, { onTime: 0, late: 0, missing: 0, esc: [0, 0, 0, 0] });
    return units.get(code)!;
  };
  for (const r of reports.rows) unit(r.task_id)[r.late ? 'late' : 'onTime'] += 1;
  for (const m of missed.rows) if (!reported.has(m.task_id)) unit(m.task_id).missing += 1;
  for (const e of escalations.rows) unit(e.task_id).esc[Math.min(e.level, 4) - 1]! += 1;
  return {
    lights: {
      red: open.filter((r) => r.light === 'red').length,
      yellow: open.filter((r) => r.light === 'yellow').length,
      green: open.filter((r) => r.light === 'green').length,
      completed: done.size,
      cancelled: 0,
      notStarted: tasks.length - started.rows.length,
    },
    completedInWindow: completed.rows
      .filter((r) => r.plan_at > opens)
      .map((r) => r.task_id)
      .sort(),
    flagged: open
      .filter((r) => r.light === 'red' || r.light === 'yellow')
      .map((r) => r.task_id)
      .sort(),
    units,
  };
}

test('each month closes with one numbered draft whose figures equal the tables as of its close', async () => {
  const { h, db, kit } = suite;
  await insertTask(db, { id: 'bul-prompt' });
  await insertTask(db, { id: 'bul-silent' });
  await insertTask(db, { id: 'bul-done', deadline: '2023-06-30' });
  await insertTask(db, { id: 'bul-idle' });
  await db.updateTable('tasks').set({ lead_department: OTHER }).where('id', '=', 'bul-silent').execute();
  // One plan day every 300 ms: a month's report has a month of real seconds to be sent before it is due.
  const clock = fastClock('2023-01-09T09:00:00+08:00', 300);
  for (const id of ['bul-prompt', 'bul-silent', 'bul-done']) await h.start(id, clock);
  const drafters = await startBulletinDrafters({ db, client: kit.client, clock, taskQueue: kit.taskQueue });
  expect(drafters.started).toEqual([2023]);
  suite.started.push(d.bulletinDrafterIdFor(2023));
  const silentActor = { role: 'department' as const, department: OTHER };
  for (const id of ['bul-prompt', 'bul-done']) await h.update(id, d.acknowledgeUpdate, { actor: lead });
  await h.update('bul-silent', d.acknowledgeUpdate, { actor: silentActor });

  // The script: bul-prompt reports each month as soon as it starts; bul-silent answers January only once it
  // was missed (a late report), then never again; bul-done reports January and is approved
  // in the second half of February (inside February's window: January's closes on 14 February).
  let lateSent = false;
  let closed = false;
  const drafts = await waitUntil(
    'three monthly drafts (January to March)',
    async () => {
      const planNow = planAt(clock, Date.now());
      const prompt = await h.state('bul-prompt');
      const open = prompt.checkpoints.find((c) => c.status === 'pending' && c.startsAt <= planNow);
      if (open) {
        await h.update('bul-prompt', d.reportProgressUpdate, {
          actor: lead,
          period: open.period,
          percent: 10 * (prompt.reports.length + 1),
          narrative: `${open.period}进展`,
        });
      }
      const silent = await h.state('bul-silent');
      if (!lateSent && silent.checkpoints.find((c) => c.period === '2023-01')?.status === 'missing') {
        await h.update('bul-silent', d.reportProgressUpdate, {
          actor: silentActor,
          period: '2023-01',
          percent: 5,
          narrative: '一月补报',
        });
        lateSent = true;
      }
      const doneTask = await h.state('bul-done');
      if (doneTask.reports.length === 0) {
        await h.update('bul-done', d.reportProgressUpdate, {
          actor: lead,
          period: '2023-01',
          percent: 90,
          narrative: '基本完成',
        });
      } else if (!closed && planNow >= Date.parse('2023-02-20T00:00:00+08:00')) {
        await h.update('bul-done', d.submitCompletionUpdate, { actor: lead, summary: '已全部建成' });
        await h.update('bul-done', d.reviewCompletionUpdate, {
          actor: office,
          decision: 'approve',
          grade: '优秀',
          comment: '同意销号',
        });
        closed = true;
      }
      return listBulletins(db, { issuedOnly: false });
    },
    (list) => list.length >= 3,
    { show: (list) => list.map((b) => `${b.number}:${b.period}`).join(', ') || 'no draft yet', everyMs: 100 },
  );

  const byNumber = [...drafts].sort((a, b) => a.number - b.number);
  expect(byNumber.map((b) => [b.number, b.period, b.status])).toEqual(
    MONTHS.map((m, i) => [i + 1, m, 'draft']),
  );
  for (const b of byNumber) {
    const want = await independentCount(b);
    const f = b.figures;
    expect({ period: b.period, lights: f.lights }).toEqual({ period: b.period, lights: want.lights });
    expect(f.completed.map((c) => c.taskId).sort()).toEqual(want.completedInWindow);
    expect(f.flagged.map((c) => c.taskId).sort()).toEqual(want.flagged);
    for (const [code, u] of want.units) {
      const row = f.units.find((r) => r.code === code);
      expect({ period: b.period, code, reports: row?.reports, escalations: row?.escalations }).toEqual({
        period: b.period,
        code,
        reports: { due: u.onTime + u.late + u.missing, onTime: u.onTime, late: u.late, missing: u.missing },
        escalations: u.esc,
      });
    }
    expect(f.lightsByMonth.map((m) => m.period)).toEqual(MONTHS.slice(0, MONTHS.indexOf(b.period) + 1));
    expect(f.lightsByMonth.at(-1)!.lights).toEqual(f.lights);
  }
  // The script's facts, seen through the figures: January's late report, February's completion, the never-started task.
  const [jan, feb, mar] = byNumber as [Bulletin, Bulletin, Bulletin];
  // January's report of bul-silent was missed, then sent late: late if it came before January's close.
  const silentJan = jan.figures.units.find((u) => u.code === OTHER)!.reports;
  expect([silentJan.due, silentJan.onTime, silentJan.late + silentJan.missing]).toEqual([1, 0, 1]);
  expect(feb.figures.units.find((u) => u.code === OTHER)?.reports).toMatchObject({ onTime: 0, missing: 1 });
  expect(feb.figures.completed.map((c) => c.taskId)).toEqual(['bul-done']);
  expect(mar.figures.lights).toMatchObject({ completed: 1, notStarted: 1 });
  expect(mar.figures.units.find((u) => u.code === LEAD)?.reports).toMatchObject({ onTime: 1, missing: 0 });
  expect(mar.figures.criticism.map((m) => m.code)).toContain(OTHER);

  // Storing a month's draft again (a retried activity, a second drafter) keeps the one it has, number and all.
  const again = await Promise.all([insertDraft(db, feb.figures, 2023), insertDraft(db, feb.figures, 2023)]);
  expect(again.map((b) => b.number)).toEqual([2, 2]);
  expect((await listBulletins(db, { issuedOnly: false })).map((b) => b.number).sort()).toEqual([1, 2, 3]);
});
