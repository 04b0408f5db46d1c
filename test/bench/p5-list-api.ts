// P5: the list and task API over a large read model — GET /api/tasks with filters, GET /api/tasks/:id — p95,
// against the same SQL sent raw through pg (no HTTP, auth, validation or JSON). API and raw requests are
// interleaved one by one; the filter values vary per request so no single plan or cache page decides.
import pg from 'pg';
import { createToken } from '../../client/service/tokens';
import type { Db } from '../../db/connect';
import { startBenchApi } from './api';
import { deptCode } from './catalog';
import type { BenchEnv } from './environment';
import { p5TaskId } from './p5-seed';
import { percentile } from './stats';

type Caller = 'office' | 'department' | 'leader';

interface QueryCase {
  name: string;
  caller: Caller;
  /** The API path for request i, and the raw statements (run in parallel) that fetch the same rows. */
  build(i: number): { path: string; raw: Array<{ text: string; values: unknown[] }>; detailId?: string };
}

const SUMMARY = `id, title, section_path, lead_department, co_departments, status, light, level, percent, deadline,
  current_deadline, next_due_at, priority, cadence, updated_at`;

/** The list query of db/queries/task-read.ts written out: one page and the count, same conditions. */
function listSql(conds: Array<[string, unknown]>, limit: number, offset: number) {
  const values: unknown[] = [];
  const where = conds.map(([text, value]) => {
    values.push(value);
    return text.replaceAll('$?', `$${values.length}`);
  });
  const clause = where.length ? ` where ${where.join(' and ')}` : '';
  return [
    {
      text: `select ${SUMMARY} from tasks${clause} order by id limit $${values.length + 1} offset $${values.length + 2}`,
      values: [...values, limit, offset],
    },
    { text: `select count(*) as n from tasks${clause}`, values },
  ];
}

const DEPT_SCOPE = `(lead_department = $? or $? = any(co_departments))`;
const LEADER_SCOPE = `lead_department in (select code from departments where lower(leader_email) = $?)`;

function cases(tasks: number, rng: () => number): QueryCase[] {
  const offset = () => Math.floor(rng() * 20) * 50;
  const dept = () => deptCode(Math.floor(rng() * 30));
  const section = () => `（${1 + Math.floor(rng() * 9)}）`;
  const list = (
    name: string,
    caller: Caller,
    make: () => { q: Record<string, string | number>; conds: Array<[string, unknown]> },
  ): QueryCase => ({
    name,
    caller,
    build() {
      const { q, conds } = make();
      const o = offset();
      const query = new URLSearchParams(
        Object.entries({ ...q, offset: o }).map(([k, v]): [string, string] => [k, String(v)]),
      );
      return { path: `/api/tasks?${query}`, raw: listSql(conds, 50, o) };
    },
  });
  return [
    list('GET /api/tasks (all, page of 50)', 'office', () => ({ q: {}, conds: [] })),
    list('GET /api/tasks?status=in_progress&light=red', 'office', () => ({
      q: { status: 'in_progress', light: 'red' },
      conds: [
        ['status = $?', 'in_progress'],
        ['light = $?', 'red'],
      ],
    })),
    list('GET /api/tasks?department=<code>', 'office', () => {
      const d = dept();
      return { q: { department: d }, conds: [[DEPT_SCOPE, d]] };
    }),
    list('GET /api/tasks?section=<（n）>', 'office', () => {
      const s = section();
      return { q: { section: s }, conds: [[`section_path[1] like $?`, `${s}%`]] };
    }),
    list('GET /api/tasks?level=3', 'office', () => ({ q: { level: 3 }, conds: [['level = $?', 3]] })),
    list('GET /api/tasks?light=yellow as a department', 'department', () => ({
      q: { light: 'yellow' },
      conds: [
        [DEPT_SCOPE, 'd07'],
        ['light = $?', 'yellow'],
      ],
    })),
    list('GET /api/tasks as a leader', 'leader', () => ({
      q: {},
      conds: [[LEADER_SCOPE, 'leader2@example.org']],
    })),
    {
      name: 'GET /api/tasks/:id (state, reports, trail)',
      caller: 'office',
      build() {
        const id = p5TaskId(1 + Math.floor(rng() * tasks));
        const child = (table: string, order: string) => ({
          text: `select * from ${table} where task_id = $1 order by ${order}`,
          values: [id],
        });
        return {
          path: `/api/tasks/${id}`,
          detailId: id,
          raw: [
            { text: `select ${SUMMARY}, source, policy, state from tasks where id = $1`, values: [id] },
            child('targets', 'idx'),
            child('checkpoints', 'due_at'),
            child('progress_reports', 'seq'),
            child('escalations', 'plan_at, key'),
            child('task_events', 'seq'),
          ],
        };
      },
    },
  ];
}

/** A small deterministic generator, so every run asks for the same sequence of pages and ids. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface P5Case {
  name: string;
  api: { p50: number; p95: number };
  raw: { p50: number; p95: number };
}

const WARM_UP = 10;

export async function runP5(
  env: BenchEnv,
  target: { db: Db; url: string },
  options: { tasks: number; requests: number; run: number },
): Promise<P5Case[]> {
  const tokens: Record<Caller, string> = {
    office: (await createToken(target.db, { role: 'office', label: 'bench' })).token,
    department: (await createToken(target.db, { role: 'department', department: 'd07' })).token,
    leader: (await createToken(target.db, { role: 'leader', leader: 'leader2@example.org' })).token,
  };
  const api = await startBenchApi(env, target.db);
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  const rng = mulberry32(1000 + options.run);
  try {
    const out: P5Case[] = [];
    for (const c of cases(options.tasks, rng)) {
      const apiMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < options.requests + WARM_UP; i++) {
        const req = c.build(i);
        let t = performance.now();
        await api.call(tokens[c.caller], 'GET', req.path);
        const a = performance.now() - t;
        t = performance.now();
        if (req.detailId) {
          const [first, ...rest] = req.raw;
          await pool.query(first!.text, first!.values);
          await Promise.all(rest.map((q) => pool.query(q.text, q.values)));
        } else {
          await Promise.all(req.raw.map((q) => pool.query(q.text, q.values)));
        }
        const r = performance.now() - t;
        if (i >= WARM_UP) {
          apiMs.push(a);
          rawMs.push(r);
        }
      }
      out.push({
        name: c.name,
        api: { p50: percentile(apiMs, 50), p95: percentile(apiMs, 95) },
        raw: { p50: percentile(rawMs, 50), p95: percentile(rawMs, 95) },
      });
    }
    return out;
  } finally {
    await pool.end();
    await api.close();
  }
}
