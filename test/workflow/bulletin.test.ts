// The bulletin drafter on the real stack: a scripted first quarter (prompt reports, a late one, misses and
// their ladder, a completion, a task never started) yields one numbered draft per month, each figure equal to
// a count taken independently from the read model's tables as of the month's close.
import { sql } from 'kysely';
import { startBulletinDrafters } from '../../client/bulletin/start-drafter';
import { bulletinRecipients } from '../../activities/bulletin-mail';
import {
  bulletinDocument,
  correctBulletin,
  editBulletin,
  getBulletin,
  issueBulletin,
} from '../../client/service/bulletins';
import type { Principal } from '../../client/service/principal';
import { insertDraft, listBulletins, type Bulletin } from '../../db/queries/bulletins';
import { planAt } from '../../workflows/clock';
import type { bulletinMail } from '../../workflows/bulletin-mail-workflow';
import * as d from '../../workflows/definitions';
import { insertTask, LEAD, OTHER } from '../support/fixtures';
import { fastClock, lead, office } from '../support/task-harness';
import { waitUntil } from '../support/wait';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite();
/** The first test's January draft, issued by the second. */
const issuable: Bulletin[] = [];
const MONTHS = ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06'];

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
  const cancelled = await sql<{ task_id: string }>`
    select task_id from task_events where type = 'cancelled' and plan_at <= ${close}`.execute(db);
  const gone = new Set(cancelled.rows.map((r) => r.task_id));
  const lights = await sql<{ task_id: string; light: string | null }>`
    select distinct on (task_id) task_id, data->>'to' as light from task_events
    where type = 'light_changed' and plan_at <= ${close} order by task_id, seq desc`.execute(db);
  const done = new Set(completed.rows.map((r) => r.task_id));
  // A task starts green without a light event: its light is its last change's, else green.
  const lightOf = new Map(lights.rows.map((r) => [r.task_id, r.light]));
  const open = started.rows
    .filter((r) => !done.has(r.task_id) && !gone.has(r.task_id))
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
  // A task cancelled by the close counts for no unit.
  const counted = <T extends { task_id: string }>(rows: T[]) => rows.filter((r) => !gone.has(r.task_id));
  for (const r of counted(reports.rows)) unit(r.task_id)[r.late ? 'late' : 'onTime'] += 1;
  for (const m of counted(missed.rows)) if (!reported.has(m.task_id)) unit(m.task_id).missing += 1;
  for (const e of counted(escalations.rows)) unit(e.task_id).esc[Math.min(e.level, 4) - 1]! += 1;
  return {
    lights: {
      red: open.filter((r) => r.light === 'red').length,
      yellow: open.filter((r) => r.light === 'yellow').length,
      green: open.filter((r) => r.light === 'green').length,
      completed: done.size,
      cancelled: gone.size,
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
  await insertTask(db, { id: 'bul-cancel' });
  await db.updateTable('tasks').set({ lead_department: OTHER }).where('id', '=', 'bul-silent').execute();
  // One plan day every 300 ms: a month's report has a month of real seconds to be sent before it is due.
  const clock = fastClock('2023-01-09T09:00:00+08:00', 300);
  const running = ['bul-prompt', 'bul-silent', 'bul-done', 'bul-cancel'];
  for (const id of running) await h.start(id, clock);
  const drafters = await startBulletinDrafters({ db, client: kit.client, clock, taskQueue: kit.taskQueue });
  expect(drafters.started).toEqual([2023]);
  suite.started.push(d.bulletinDrafterIdFor(2023));
  const silentActor = { role: 'department' as const, department: OTHER };
  for (const id of ['bul-prompt', 'bul-done', 'bul-cancel'])
    await h.update(id, d.acknowledgeUpdate, { actor: lead });
  await h.update('bul-silent', d.acknowledgeUpdate, { actor: silentActor });

  // The script, over half a year: bul-prompt and bul-cancel report each month as soon as it starts, and the office
  // cancels bul-cancel after March's close (17 April); bul-silent answers January only once it was missed (a late
  // report), then never again; bul-done reports January and is approved in the second half of February (inside
  // February's window: January's closes on 14 February).
  let lateSent = false;
  let closed = false;
  let cancelled = false;
  const drafts = await waitUntil(
    'six monthly drafts (January to June)',
    async () => {
      const planNow = planAt(clock, Date.now());
      for (const id of cancelled ? ['bul-prompt'] : ['bul-prompt', 'bul-cancel']) {
        const prompt = await h.state(id);
        const open = prompt.checkpoints.find((c) => c.status === 'pending' && c.startsAt <= planNow);
        if (open) {
          await h.update(id, d.reportProgressUpdate, {
            actor: lead,
            period: open.period,
            percent: 10 * (prompt.reports.length + 1),
            narrative: `${open.period}进展`,
          });
        }
      }
      if (!cancelled && planNow >= Date.parse('2023-04-20T00:00:00+08:00')) {
        await h.update('bul-cancel', d.cancelUpdate, { actor: office, reason: '项目并入其他任务' });
        cancelled = true;
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
    (list) => list.length >= MONTHS.length,
    { show: (list) => list.map((b) => `${b.number}:${b.period}`).join(', ') || 'no draft yet', everyMs: 100 },
  );

  // The drafter goes on through the year: July's draft may already be in; the script's months are checked.
  const ofScript = (list: Bulletin[]) =>
    list.filter((b) => MONTHS.includes(b.period)).sort((a, b) => a.number - b.number);
  const byNumber = ofScript(drafts);
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
  // The script's facts, seen through the figures. Only what holds at any pace is asserted here: which month an
  // input lands in depends on how fast this machine follows the plan clock, and the independent count above
  // already checks each month against where the inputs did land.
  const [jan, feb, mar, , , jun] = byNumber as Bulletin[] as [
    Bulletin,
    Bulletin,
    Bulletin,
    Bulletin,
    Bulletin,
    Bulletin,
  ];
  // January's report of bul-silent was missed, then sent late: late if it came before January's close.
  const silentJan = jan.figures.units.find((u) => u.code === OTHER)!.reports;
  expect([silentJan.due, silentJan.onTime, silentJan.late + silentJan.missing]).toEqual([1, 0, 1]);
  expect(feb.figures.units.find((u) => u.code === OTHER)?.reports).toMatchObject({ onTime: 0, missing: 1 });
  // The approval is listed in exactly one month; the cancellation (sent after March's close) is not in March.
  expect(byNumber.flatMap((b) => b.figures.completed.map((c) => c.taskId))).toEqual(['bul-done']);
  expect(mar.figures.lights).toMatchObject({ completed: 1, cancelled: 0, notStarted: 1 });
  expect(jun.figures.lights).toMatchObject({ completed: 1, cancelled: 1, notStarted: 1 });
  // March: both of the lead's running tasks had a report due; from April the cancelled one counts for no unit.
  expect(mar.figures.units.find((u) => u.code === LEAD)?.reports.due).toBe(2);
  expect(jun.figures.units.find((u) => u.code === LEAD)?.reports.due).toBe(1);
  expect(mar.figures.criticism.map((m) => m.code)).toContain(OTHER);
  // Praise and criticism are the stated rule applied to each month's unit rows.
  for (const b of byNumber)
    for (const u of b.figures.units) {
      const praised =
        u.reports.due > 0 && u.reports.onTime === u.reports.due && u.escalations.every((n) => n === 0);
      const criticised = u.reports.missing > 0 || u.escalations[2] + u.escalations[3] > 0;
      expect({ period: b.period, unit: u.code, praised, criticised }).toEqual({
        period: b.period,
        unit: u.code,
        praised: b.figures.praise.some((m) => m.code === u.code),
        criticised: b.figures.criticism.some((m) => m.code === u.code),
      });
    }

  issuable.push(jan);

  // A drafter stopped after it drafted (a worker killed after the commit, a terminated run) and started again
  // drafts every past month again: each finds its month drafted and keeps it, number and all.
  const handle = kit.client.workflow.getHandle(d.bulletinDrafterIdFor(2023));
  await handle.terminate('test: the drafter stopped mid-year');
  expect(
    (await startBulletinDrafters({ db, client: kit.client, clock, taskQueue: kit.taskQueue })).started,
  ).toEqual([2023]);
  await waitUntil(
    "the restarted drafter's drafts of the past months done",
    async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const drafts = new Set(
        events
          .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'draftBulletin')
          .map((e) => String(e.eventId)),
      );
      return events.filter((e) =>
        drafts.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)),
      ).length;
    },
    (done) => done >= MONTHS.length,
  );
  expect(ofScript(await listBulletins(db, { issuedOnly: false })).map((b) => [b.number, b.period])).toEqual(
    byNumber.map((b) => [b.number, b.period]),
  );
  // Storing a month's draft again (a retried activity, a second drafter) keeps the one it has, number and all.
  const again = await Promise.all([insertDraft(db, feb.figures, 2023), insertDraft(db, feb.figures, 2023)]);
  expect(again.map((b) => b.number)).toEqual([2, 2]);
  expect(ofScript(await listBulletins(db, { issuedOnly: false })).map((b) => b.number)).toEqual(
    MONTHS.map((_, i) => i + 1),
  );
});

test('issuing freezes a bulletin, mails each unit and leader once with the PDF, and a second issue sends nothing', async () => {
  const { db, kit, smtp } = suite;
  const draft = issuable[0];
  if (!draft) throw new Error('the first test drafts January');
  const deps = {
    db,
    temporal: kit.client,
    taskQueue: kit.taskQueue,
    clock: fastClock('2023-02-20T09:00:00+08:00', 300),
  };
  const officer: Principal = { role: 'office', label: '督查室张科长' };
  const unit: Principal = { role: 'department', department: LEAD };
  const ref = [draft.planYear, draft.number] as const;
  suite.started.push(d.bulletinMailIdFor(...ref));

  // A unit never sees a draft; the office sets the 按语 and issues it.
  await expect(getBulletin(deps, unit, ...ref)).rejects.toMatchObject({ code: 'not_found' });
  await editBulletin(deps, officer, ...ref, { remark: '各单位要对照问题清单，限期整改到位。' });
  // Without chromium nothing can be printed: a plain refusal, and the draft stays a draft.
  const chromium = process.env.DUBAN_CHROMIUM;
  process.env.DUBAN_CHROMIUM = '/nonexistent/chromium';
  try {
    await expect(issueBulletin(deps, officer, ...ref)).rejects.toMatchObject({ code: 'unavailable' });
  } finally {
    if (chromium === undefined) delete process.env.DUBAN_CHROMIUM;
    else process.env.DUBAN_CHROMIUM = chromium;
  }
  expect((await getBulletin(deps, officer, ...ref)).status).toBe('draft');
  const issued = await issueBulletin(deps, officer, ...ref);
  expect(issued).toMatchObject({
    status: 'issued',
    issuedBy: '督查室张科长',
    remark: '各单位要对照问题清单，限期整改到位。',
  });
  expect(issued.contentHash).toMatch(/^[0-9a-f]{64}$/);

  // Who it goes to: every unit in it and their leaders in charge, one message per address.
  const recipients = await bulletinRecipients(db, { planYear: draft.planYear, number: draft.number });
  const codes = draft.figures.units.map((u) => u.code);
  expect(recipients.map((r) => r.address).sort()).toEqual(
    [...codes.map((c) => `${c}.contact@example.org`), ...codes.map((c) => `${c}.leader@example.org`)].sort(),
  );
  const mailing = kit.client.workflow.getHandle<typeof bulletinMail>(d.bulletinMailIdFor(...ref));
  const sent = await mailing.result();
  expect(sent.map((s) => s.status)).toEqual(recipients.map(() => 'sent'));
  // The tasks' own notices keep arriving meanwhile: the bulletin's messages are those under its outbox keys.
  const ours = () =>
    smtp.received.filter((m) => String(m.parsed.headers.get('x-duban-key') ?? '').startsWith('bulletin:'));
  const mails = await waitUntil(
    'the bulletin at the SMTP listener, once per address',
    async () => ours(),
    (m) => m.length >= recipients.length,
  );
  expect(mails.flatMap((m) => m.envelopeTo).sort()).toEqual(recipients.map((r) => r.address).sort());
  const pdf = await bulletinDocument(deps, unit, ...ref, 'pdf');
  for (const m of mails) {
    expect(m.parsed.subject).toContain(`督查通报${draft.planYear}年第${draft.number}期`);
    const [attached] = m.parsed.attachments;
    expect(attached?.contentType).toBe('application/pdf');
    // The PDF mailed is the PDF stored at issue, which is what anyone downloads afterwards.
    expect(attached?.content.equals(pdf.body)).toBe(true);
  }

  // Issuing again changes nothing and starts no second mailing; the database refuses to change an issued row.
  const again = await issueBulletin(deps, officer, ...ref);
  expect(again).toEqual(issued);
  const runs = [];
  for await (const w of kit.client.workflow.list({ query: `WorkflowId = '${d.bulletinMailIdFor(...ref)}'` }))
    runs.push(w);
  expect(runs).toHaveLength(1);
  const outbox = await db.selectFrom('notifications').select('key').where('kind', '=', 'bulletin').execute();
  expect(outbox).toHaveLength(recipients.length);
  expect(ours()).toHaveLength(recipients.length);
  await expect(
    db.updateTable('bulletins').set({ remark: '改' }).where('number', '=', draft.number).execute(),
  ).rejects.toThrow(/is issued and cannot be changed/);
  await expect(editBulletin(deps, officer, ...ref, { remark: '改' })).rejects.toMatchObject({
    code: 'wrong_state',
    field: 'status',
  });

  // Units read it now; a correction is a new draft under the year's next number that names it.
  expect((await getBulletin(deps, unit, ...ref)).status).toBe('issued');
  const correction = await correctBulletin(deps, officer, ...ref);
  expect(correction).toMatchObject({ corrects: draft.number, status: 'draft', period: draft.period });
  expect((await correctBulletin(deps, officer, ...ref)).number).toBe(correction.number);
  // Numbers stay gapless whoever takes the next one (the drafter may have drafted July meanwhile).
  const numbers = (await listBulletins(db, { issuedOnly: false })).map((b) => b.number).sort((a, b) => a - b);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  expect(numbers).toContain(correction.number);
});
