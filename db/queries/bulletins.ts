// 督查通报 rows: the trail a draft is computed from, the draft itself (numbered per plan year, gapless, at most
// one per month that corrects nothing), and the list and detail readers.
import { sql, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../connect';
import type { BulletinTable, Database } from '../schema';
import type { BulletinFigures, UnitMention } from '../bulletin-figures';
import type { Actor } from '../../workflows/domain';
import type { TaskEvent } from '../../workflows/events';
import { RUNNING_STATUSES } from '../../workflows/status';

/** One task's trail as the bulletin reads it: catalog facts and its events up to an instant, in seq order. */
export interface TaskTrail {
  id: string;
  title: string;
  leadDepartment: string;
  /** The progressTolerancePct of the task's policy (15 when the policy is unknown: the default policy's). */
  tolerancePct: number;
  events: TaskEvent[];
}

const DEFAULT_TOLERANCE_PCT = 15;

/**
 * Every task of `planYear` with its events recorded at plan instants up to `closesAt`. An event handled after
 * the close never counts, even if its ladder instant was before: a bulletin drafted late gives the same figures.
 */
export async function trailsUpTo(db: Db, planYear: number, closesAt: Date): Promise<TaskTrail[]> {
  const tasks = await db
    .selectFrom('tasks')
    .leftJoin('policies', 'policies.name', 'tasks.policy')
    .select(['tasks.id', 'tasks.title', 'tasks.lead_department', 'policies.spec'])
    .where('tasks.plan_year', '=', planYear)
    .orderBy('tasks.id')
    .execute();
  const events = await db
    .selectFrom('task_events')
    .innerJoin('tasks', 'tasks.id', 'task_events.task_id')
    .select([
      'task_events.task_id',
      'task_events.seq',
      'task_events.type',
      'task_events.actor',
      'task_events.request_id',
      'task_events.plan_at',
      'task_events.data',
    ])
    .where('tasks.plan_year', '=', planYear)
    .where('task_events.plan_at', '<=', closesAt)
    .orderBy('task_events.task_id')
    .orderBy('task_events.seq')
    .execute();
  const byTask = new Map<string, TaskEvent[]>();
  for (const e of events) {
    const list = byTask.get(e.task_id) ?? [];
    list.push({
      seq: e.seq,
      type: e.type,
      at: e.plan_at.getTime(),
      ...(e.actor ? { actor: JSON.parse(e.actor) as Actor } : {}),
      ...(e.request_id ? { requestId: e.request_id } : {}),
      data: e.data,
    } as TaskEvent);
    byTask.set(e.task_id, list);
  }
  return tasks.map((t) => {
    const tolerance = (t.spec as { progressTolerancePct?: unknown } | null)?.progressTolerancePct;
    return {
      id: t.id,
      title: t.title,
      leadDepartment: t.lead_department,
      tolerancePct: typeof tolerance === 'number' ? tolerance : DEFAULT_TOLERANCE_PCT,
      events: byTask.get(t.id) ?? [],
    };
  });
}

/**
 * Running tasks of `planYear` whose workflow has not yet handled a report due at or before `closesAt` (its
 * checkpoint still pending in the read model). The time rules handle every instant due by their wake in one
 * step, so once these are handled the trail holds the close's figures; until then it is not complete.
 */
export async function tasksBehind(db: Db, planYear: number, closesAt: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('checkpoints')
    .innerJoin('tasks', 'tasks.id', 'checkpoints.task_id')
    .select('tasks.id')
    .distinct()
    .where('tasks.plan_year', '=', planYear)
    .where('tasks.status', 'in', RUNNING_STATUSES)
    .where('checkpoints.status', '=', 'pending')
    .where('checkpoints.due_at', '<=', closesAt)
    .orderBy('tasks.id')
    .limit(20)
    .execute();
  return rows.map((r) => r.id);
}

export interface Bulletin {
  planYear: number;
  number: number;
  period: string;
  opensAt: string;
  closesAt: string;
  status: 'draft' | 'issued';
  figures: BulletinFigures;
  remark: string;
  praise: UnitMention[];
  criticism: UnitMention[];
  corrects: number | null;
  draftedAt: string;
  issuedAt: string | null;
  issuedBy: string | null;
  contentHash: string | null;
}

/** Every column but the documents (read only when downloaded or mailed). */
const COLUMNS = [
  'plan_year',
  'number',
  'period',
  'opens_at',
  'closes_at',
  'status',
  'figures',
  'remark',
  'praise',
  'criticism',
  'corrects',
  'drafted_at',
  'issued_at',
  'issued_by',
  'content_hash',
] as const satisfies ReadonlyArray<keyof BulletinTable>;
type BulletinRow = Pick<Selectable<BulletinTable>, (typeof COLUMNS)[number]>;

function toBulletin(r: BulletinRow): Bulletin {
  return {
    planYear: r.plan_year,
    number: r.number,
    period: r.period,
    opensAt: r.opens_at.toISOString(),
    closesAt: r.closes_at.toISOString(),
    status: r.status as Bulletin['status'],
    figures: r.figures,
    remark: r.remark,
    praise: r.praise,
    criticism: r.criticism,
    corrects: r.corrects,
    draftedAt: r.drafted_at.toISOString(),
    issuedAt: r.issued_at?.toISOString() ?? null,
    issuedBy: r.issued_by,
    contentHash: r.content_hash,
  };
}

/** One numbering at a time per plan year, until the transaction ends: two writers never take one number. */
async function lockNumbering(tx: Transaction<Database>, planYear: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('duban.bulletins'), ${planYear})`.execute(tx);
}

/** The year's next number (under lockNumbering): numbers are gapless because rows are never deleted. */
async function nextNumber(tx: Transaction<Database>, planYear: number): Promise<number> {
  const { last } = await tx
    .selectFrom('bulletins')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('plan_year', '=', planYear)
    .executeTakeFirstOrThrow();
  return (last ?? 0) + 1;
}

/**
 * Stores the engine's draft for a month unless the month has one: numbered max + 1 within the plan year under
 * a lock, so two drafters never take one number and a number is never skipped. Returns the month's bulletin.
 */
export async function insertDraft(db: Db, figures: BulletinFigures, planYear: number): Promise<Bulletin> {
  const { period, opensAt, closesAt } = figures.window;
  return db.transaction().execute(async (tx) => {
    await lockNumbering(tx, planYear);
    const existing = await tx
      .selectFrom('bulletins')
      .select(COLUMNS)
      .where('plan_year', '=', planYear)
      .where('period', '=', period)
      .where('corrects', 'is', null)
      .executeTakeFirst();
    if (existing) return toBulletin(existing);
    const row = await tx
      .insertInto('bulletins')
      .values({
        plan_year: planYear,
        number: await nextNumber(tx, planYear),
        period,
        opens_at: new Date(opensAt),
        closes_at: new Date(closesAt),
        figures: JSON.stringify(figures),
        praise: JSON.stringify(figures.praise),
        criticism: JSON.stringify(figures.criticism),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toBulletin(row);
  });
}

/** Bulletins of every year, newest first; `issuedOnly` for readers who see issued ones only. */
export async function listBulletins(db: Db, opts: { issuedOnly: boolean }): Promise<Bulletin[]> {
  let q = db.selectFrom('bulletins').select(COLUMNS);
  if (opts.issuedOnly) q = q.where('status', '=', 'issued');
  const rows = await q.orderBy('plan_year', 'desc').orderBy('number', 'desc').execute();
  return rows.map(toBulletin);
}

export async function getBulletin(db: Db, planYear: number, number: number): Promise<Bulletin | undefined> {
  const row = await db
    .selectFrom('bulletins')
    .select(COLUMNS)
    .where('plan_year', '=', planYear)
    .where('number', '=', number)
    .executeTakeFirst();
  return row && toBulletin(row);
}

/** What the office may change in a draft: the 按语 and the praise and criticism lists. */
export interface DraftEdit {
  remark?: string;
  praise?: UnitMention[];
  criticism?: UnitMention[];
}

/** Changes a draft; undefined when there is no such draft (none, or issued already). */
export async function updateDraft(
  db: Db,
  planYear: number,
  number: number,
  edit: DraftEdit,
): Promise<Bulletin | undefined> {
  return updateDraftRow(db, planYear, number, {
    ...(edit.remark === undefined ? {} : { remark: edit.remark }),
    ...(edit.praise === undefined ? {} : { praise: JSON.stringify(edit.praise) }),
    ...(edit.criticism === undefined ? {} : { criticism: JSON.stringify(edit.criticism) }),
  });
}

/** Sets columns of a bulletin that is still a draft; undefined when it is none (unknown, or issued). */
async function updateDraftRow(
  db: Db,
  planYear: number,
  number: number,
  set: Updateable<BulletinTable>,
): Promise<Bulletin | undefined> {
  const row = await db
    .updateTable('bulletins')
    .set(set)
    .where('plan_year', '=', planYear)
    .where('number', '=', number)
    .where('status', '=', 'draft')
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toBulletin(row);
}

/**
 * Issues a draft with its documents and their hash, recording who issued it; undefined when it is not a draft
 * any more (issued meanwhile: the first issue stands). From then on the database refuses any change.
 */
export async function markIssued(
  db: Db,
  planYear: number,
  number: number,
  issue: { issuedAt: Date; issuedBy: string; pdf: Buffer; docx: Buffer; contentHash: string },
): Promise<Bulletin | undefined> {
  return updateDraftRow(db, planYear, number, {
    status: 'issued',
    issued_at: issue.issuedAt,
    issued_by: issue.issuedBy,
    pdf: issue.pdf,
    docx: issue.docx,
    content_hash: issue.contentHash,
  });
}

/** An issued bulletin's stored document; undefined while it is a draft. */
export async function issuedDocument(
  db: Db,
  planYear: number,
  number: number,
  format: 'pdf' | 'docx',
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('bulletins')
    .select(format)
    .where('plan_year', '=', planYear)
    .where('number', '=', number)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return (row?.[format] as Buffer | null | undefined) ?? undefined;
}

/**
 * A correction of an issued bulletin: a new draft under the next number of its year, naming the number it
 * corrects, with its figures, 按语 and lists to edit. One open correction per bulletin: asking again while a
 * correction draft is open returns it.
 */
export async function insertCorrection(db: Db, of: Bulletin): Promise<Bulletin> {
  return db.transaction().execute(async (tx) => {
    await lockNumbering(tx, of.planYear);
    const open = await tx
      .selectFrom('bulletins')
      .select(COLUMNS)
      .where('plan_year', '=', of.planYear)
      .where('corrects', '=', of.number)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (open) return toBulletin(open);
    const row = await tx
      .insertInto('bulletins')
      .values({
        plan_year: of.planYear,
        number: await nextNumber(tx, of.planYear),
        period: of.period,
        opens_at: new Date(of.opensAt),
        closes_at: new Date(of.closesAt),
        figures: JSON.stringify(of.figures),
        remark: of.remark,
        praise: JSON.stringify(of.praise),
        criticism: JSON.stringify(of.criticism),
        corrects: of.number,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toBulletin(row);
  });
}

/** When reports fall due, over every policy: the latest working day of the month after and the latest time. */
export async function reportDueRule(db: Db): Promise<{ workingDay: number; time: string }> {
  const rows = await db.selectFrom('policies').select('spec').execute();
  let workingDay = 0;
  let time = '00:00';
  for (const { spec } of rows) {
    const s = spec as { reportDueWorkingDay?: unknown; dueTime?: unknown };
    if (typeof s.reportDueWorkingDay === 'number') workingDay = Math.max(workingDay, s.reportDueWorkingDay);
    if (typeof s.dueTime === 'string' && s.dueTime > time) time = s.dueTime;
  }
  return { workingDay: workingDay || 5, time };
}

export async function departmentNames(db: Db): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom('departments').select(['code', 'name']).orderBy('code').execute();
}
