// P5's data: `tasks` read-model rows with `reports` progress reports among them, in bulk SQL
// (generate_series), with the trail, checkpoints, targets and some escalations a real year leaves behind.
import { storedView } from '../../db/task-view';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { planSchedule } from '../../activities/calendar';
import { makeClock, planInstant } from '../../workflows/clock';
import type { TaskSpec, TaskState } from '../../workflows/domain';
import { eventOf } from '../../workflows/events';
import { initialState } from '../../workflows/machine/initial-state';
import { acknowledge, reportProgress } from '../../workflows/machine/messages';
import type { MachineHooks } from '../../workflows/machine/ports';
import { seedPolicy } from '../support/fixtures';
import { seedDepartments } from './catalog';

export const P5_PREFIX = 't5-';
export const p5TaskId = (i: number) => `${P5_PREFIX}${String(i).padStart(6, '0')}`;

/** A task's state after acknowledgement and `reports` monthly reports, built by the workflow's own rules. */
export function stateTemplate(reports: number): TaskState {
  const policy = seedPolicy('default');
  const spec: TaskSpec = {
    id: p5TaskId(1),
    planYear: 2023,
    title: '重点工作',
    source: '新建5G基站1500个，建成公共充电桩300个以上。',
    sectionPath: ['（一）', '第1项'],
    targets: [
      {
        idx: 0,
        metric: '新建5G基站',
        value: 1500,
        unit: '个',
        comparator: '=',
        kind: 'absolute',
        tentative: false,
      },
      {
        idx: 1,
        metric: '建成公共充电桩',
        value: 300,
        unit: '个',
        comparator: '≥',
        kind: 'absolute',
        tentative: false,
      },
    ],
    leadDepartment: 'd01',
    coDepartments: ['d08', 'd14'],
    deadline: '2023-12-31',
    cadence: 'monthly',
    priority: 'normal',
    policy,
  };
  const startAt = planInstant('2023-01-03', '09:00');
  const schedule = planSchedule({ startAt, deadline: spec.deadline, cadence: 'monthly', policy });
  const state = initialState(spec, makeClock(startAt, 0, 1), `task-${spec.id}`, startAt, schedule);
  let now = startAt;
  const hooks: MachineHooks = {
    now: () => now,
    emit: (type, data, meta) => eventOf(++state.seq, type, now, data, meta),
    notify: () => undefined,
    patched: () => true,
    calendar: { schedule: async () => schedule, ladder: async () => [] },
  };
  const actor = { role: 'department' as const, department: 'd01' };
  acknowledge(state, hooks, { requestId: 'ack', actor });
  for (let k = 1; k <= reports; k++) {
    now = planInstant(`2023-${String(Math.min(12, k + 1)).padStart(2, '0')}-02`, '10:00');
    const requestId = `r-${k}`;
    state.requestIds.push(requestId);
    reportProgress(state, hooks, {
      requestId,
      actor,
      percent: k * 9,
      values: [{ targetIdx: 0, value: k * 120 }],
      narrative: `第${k}月：基站建设按计划推进，已完成阶段性目标，充电桩选址基本完成。`,
      problems: '部分站址协调难度较大。',
      nextSteps: '加快审批，推进建设。',
    });
  }
  return state;
}

export interface P5Seeded {
  tasks: number;
  reports: number;
  events: number;
  seconds: number;
}

/** Fills an empty migrated database; `reports` is spread evenly (reports / tasks per task). */
export async function seedP5(db: Db, tasks: number, reports: number): Promise<P5Seeded> {
  const t0 = Date.now();
  const perTask = Math.max(1, Math.round(reports / tasks));
  const state = stateTemplate(perTask);
  const template = JSON.stringify(state);
  const view = JSON.stringify(storedView(state));
  await seedDepartments(db);
  const id = sql`${P5_PREFIX} || lpad(g::text, 6, '0')`;
  await sql`
    insert into tasks (id, plan_year, section_path, title, source, lead_department, co_departments, deadline,
                       priority, workflow_id, status, light, level, percent, current_deadline, next_due_at, seq,
                       state, view, updated_at)
    select ${id}, 2023, array['（' || (g % 9 + 1) || '）', '第' || (g % 7 + 1) || '项'],
           '重点工作第' || g || '项', '新建5G基站1500个，建成公共充电桩300个以上。',
           'd' || lpad((g % 30)::text, 2, '0'),
           array['d' || lpad(((g + 7) % 30)::text, 2, '0'), 'd' || lpad(((g + 13) % 30)::text, 2, '0')],
           date '2023-12-31', case when g % 10 = 0 then 'high' else 'normal' end, 'task-' || ${id},
           (array['in_progress','in_progress','in_progress','in_progress','in_progress','in_progress',
                  'in_progress','assigned','completion_review','completed','suspended','cancelled'])[(g * 7) % 12 + 1],
           case when (g::bigint * 7919) % 100 < 60 then 'green' when (g::bigint * 7919) % 100 < 85 then 'yellow' else 'red' end,
           case when (g::bigint * 104729) % 100 < 60 then 0 when (g::bigint * 104729) % 100 < 75 then 1
                when (g::bigint * 104729) % 100 < 87 then 2 when (g::bigint * 104729) % 100 < 95 then 3 else 4 end,
           (g * 31) % 101, timestamptz '2024-01-01 00:00+08' - interval '1 ms',
           timestamptz '2023-11-08 18:00+08', ${perTask + 2},
           jsonb_set(${template}::jsonb, '{taskId}', to_jsonb(${id})),
           jsonb_set(${view}::jsonb, '{taskId}', to_jsonb(${id})), now()
    from generate_series(1, ${tasks}) g`.execute(db);
  await sql`
    insert into targets (task_id, idx, metric, value, unit, comparator, achieved)
    select ${id}, t.idx, t.metric, t.value, t.unit, t.comparator, t.value * 0.6
    from generate_series(1, ${tasks}) g,
         (values (0, '新建5G基站', 1500, '个', '='), (1, '建成公共充电桩', 300, '个', '≥'))
           as t(idx, metric, value, unit, comparator)`.execute(db);
  await sql`
    insert into progress_reports (task_id, request_id, seq, period, percent, values, narrative, problems,
                                  next_steps, submitted_by, late, plan_at)
    select ${id}, 'r-' || k, k + 2, '2023-' || lpad(least(k, 12)::text, 2, '0'), least(100, k * 9),
           ('[{"targetIdx":0,"value":' || k * 120 || '}]')::jsonb,
           '第' || k || '月：基站建设按计划推进，已完成阶段性目标，充电桩选址基本完成。',
           '部分站址协调难度较大。', '加快审批，推进建设。', 'd' || lpad((g % 30)::text, 2, '0'), k % 7 = 0,
           timestamptz '2023-01-02 10:00+08' + k * interval '1 month'
    from generate_series(1, ${tasks}) g, generate_series(1, ${perTask}) k`.execute(db);
  await sql`
    insert into task_events (task_id, seq, type, actor, request_id, plan_at, data)
    select ${id}, s,
           case when s = 1 then 'started' when s = 2 then 'acknowledged' else 'progress_reported' end,
           case when s = 1 then null else '{"role":"department","department":"d01"}' end,
           case when s = 1 then null when s = 2 then 'ack' else 'r-' || (s - 2) end,
           timestamptz '2023-01-03 09:00+08' + s * interval '1 month',
           jsonb_build_object('percent', least(100, s * 9), 'narrative', '按计划推进')
    from generate_series(1, ${tasks}) g, generate_series(1, ${perTask + 2}) s`.execute(db);
  await sql`
    insert into checkpoints (task_id, period, due_at, status, report_request_id, received_at)
    select ${id}, '2023-' || lpad(m::text, 2, '0'), timestamptz '2023-02-07 18:00+08' + (m - 1) * interval '1 month',
           case when m <= ${perTask} then 'received' else 'pending' end,
           case when m <= ${perTask} then 'r-' || m end,
           case when m <= ${perTask} then timestamptz '2023-02-02 10:00+08' + (m - 1) * interval '1 month' end
    from generate_series(1, ${tasks}) g, generate_series(1, 12) m`.execute(db);
  await sql`
    insert into escalations (key, task_id, reason, period, level, plan_at)
    select 'task-' || ${id} || ':report:2023-03:' || l, ${id}, 'report', '2023-03', l,
           timestamptz '2023-04-10 18:00+08' + l * interval '3 days'
    from generate_series(1, ${tasks}, 4) g, generate_series(1, 2) l`.execute(db);
  await sql`analyze`.execute(db);
  return {
    tasks,
    reports: tasks * perTask,
    events: tasks * (perTask + 2),
    seconds: (Date.now() - t0) / 1000,
  };
}
