// Every figure of a monthly 督查通报, computed from the tasks' event trails as of an instant (the window's close).
// Pure: no database, no Temporal, no clock. The trail is replayed up to the instant the way the workflow built
// its state, so a figure here is what the read model (and the ranking's SQL, db/queries/ranking.ts) said at
// that instant, not what it says now.
import type { DepartmentFacts } from '../db/queries/ranking';
import { endOfPlanDay } from '../workflows/clock';
import { LEVEL, type EscalationRecord, type Light, type LightReason } from '../workflows/domain';
import { escalationOf, type TaskEvent } from '../workflows/events';
import { expectedPercent } from '../workflows/rules/light';
import { isRunning, type TaskStatus } from '../workflows/status';
import { scoreDepartment, type RankingRule } from '../db/ranking-rule';
import type {
  BulletinFigures,
  BulletinWindow,
  CompletedItem,
  FlaggedItem,
  LightCounts,
  Pace,
  TaskAsOf,
  UnitMention,
  UnitRow,
} from '../db/bulletin-figures';

export interface TrailTask {
  id: string;
  title: string;
  /** Lead department from the catalog (used until a `started`/`reassigned` event says otherwise). */
  leadDepartment: string;
  /** The task's policy's progressTolerancePct (序时进度 tolerance, percentage points). */
  tolerancePct: number;
  /** Its events in trail order (by seq). May be empty (never started). */
  events: TaskEvent[];
}

/**
 * The stated rule for the praise (表扬) and criticism (通报批评) lists; the bulletin prints it, `bulletinFigures`
 * applies it to each unit row. Praise: at least one report due this period, every one on time, and no escalation
 * of any level in the window. Criticism: a report missing this period, or an escalation at level 3 or above
 * (督办/约谈) in the window. No unit can meet both.
 */
export const MENTION_RULE = {
  zh:
    '表扬：本期有到期报送节点且全部按时报送、本期无任何提醒催办督办约谈的单位。' +
    '批评：本期有未报送节点，或本期有督办、约谈（三级及以上）的单位。',
  en:
    'Praise: a unit with at least one report due this period, every one on time, and no escalation of any level ' +
    'in the window. Criticism: a unit with a report missing this period, or any escalation at level 3 or above ' +
    '(督办/约谈) in the window.',
} as const;

/** How a checkpoint (one period of one task) stood at an instant; pending ones have no entry. */
type Outcome = 'onTime' | 'late' | 'missing' | 'waived';

/** A task's trail replayed up to an instant: its public figures and what the unit figures are built from. */
interface Replay {
  asOf: TaskAsOf;
  /** Checkpoint outcomes by period (no entry: still pending). */
  checkpoints: Map<string, Outcome>;
  /** Escalations handled at or before the instant (each at its event's instant). */
  escalations: EscalationRecord[];
  /** Whether the last completion submitted by then was on time (undefined: none submitted). */
  submittedOnTime: boolean | undefined;
  /** The instant the deadline passes, as the workflow's state had it (undefined before `started`). */
  deadlineAt: number | undefined;
}

function replay(task: TrailTask, at: number): Replay {
  let status: TaskStatus | undefined;
  let beforeSuspension: TaskStatus | undefined;
  let suspendedAt = 0;
  let lead = task.leadDepartment;
  let light: { to: Light | null; reasons: LightReason[] } | undefined;
  let percent = 0;
  let deadline: string | undefined;
  let startedAt: number | undefined;
  let deadlineAt: number | undefined;
  let submittedOnTime: boolean | undefined;
  const checkpoints = new Map<string, Outcome>();
  const escalations: EscalationRecord[] = [];

  for (const e of task.events) {
    if (e.at > at) continue;
    if (e.type === 'escalated') {
      // An escalation counts when it was handled (its event's instant), not at its ladder instant: a bulletin
      // reads the events handled by its close, so each escalation lands in exactly one month, and one handled
      // late after an outage counts in the month it reached the unit.
      escalations.push({ ...escalationOf(e), at: e.at });
      continue;
    }
    switch (e.type) {
      case 'started':
        status = 'assigned';
        lead = e.data.leadDepartment;
        deadline = e.data.deadline;
        startedAt = e.at;
        deadlineAt = endOfPlanDay(e.data.deadline);
        break;
      case 'acknowledged':
        status = 'in_progress';
        break;
      case 'progress_reported': {
        // A co-department's contribution neither answers the period nor sets the overall percent.
        if (e.data.contribution === true) break;
        percent = e.data.percent;
        // The first report for a pending or missed checkpoint settles it (its `late` says how); a later report
        // for the same period leaves it as it was (the workflow writes `late: false` on such a report).
        const now = checkpoints.get(e.data.period);
        if (now === undefined || now === 'missing')
          checkpoints.set(e.data.period, e.data.late ? 'late' : 'onTime');
        break;
      }
      case 'checkpoint_missed':
        if (!checkpoints.has(e.data.period)) checkpoints.set(e.data.period, 'missing');
        break;
      case 'checkpoint_waived':
        // Waived stays waived: the workflow does not count a report for a waived checkpoint.
        if (!checkpoints.has(e.data.period)) checkpoints.set(e.data.period, 'waived');
        break;
      case 'completion_submitted':
        status = 'completion_review';
        submittedOnTime = e.data.onTime;
        break;
      case 'completion_rejected':
        status = 'in_progress';
        break;
      case 'completion_approved':
        status = 'completed';
        // The workflow sets the percent to 100 on approval (TaskState.percent), whatever the last report said.
        percent = 100;
        break;
      case 'extension_approved':
        deadline = e.data.to;
        deadlineAt = endOfPlanDay(e.data.to);
        break;
      case 'suspended':
        beforeSuspension = status;
        suspendedAt = e.at;
        status = 'suspended';
        break;
      case 'resumed': {
        // As the workflow's resume: the start and a deadline still ahead at the suspension move by the time
        // spent suspended (so 序时进度 pauses while suspended, as the light's behind_schedule does).
        const shift = e.data.suspendedMs;
        if (startedAt !== undefined) startedAt += shift;
        // The shifted instant, not the end of `deadline`'s day: that is the state's deadlineAt from here on (the
        // light, the view's 序时进度 and the ranking's current_deadline all read it).
        if (deadlineAt !== undefined && deadlineAt >= suspendedAt) deadlineAt += shift;
        deadline = e.data.deadline;
        status = beforeSuspension ?? status;
        beforeSuspension = undefined;
        break;
      }
      case 'cancelled':
        status = 'cancelled';
        break;
      case 'reassigned':
        lead = e.data.after.leadDepartment;
        break;
      case 'light_changed':
        // The workflow records a light when its colour changes, not when only its reasons do: the reasons are
        // those of the last change of colour (the trail holds no later ones).
        light = { to: e.data.to, reasons: e.data.reasons };
        break;
      default:
        break;
    }
  }

  const closed = status === 'completed' || status === 'cancelled';
  // A started task's light is green until its first `light_changed`: the workflow's initial state is green and it
  // records a light only when it changes (never at the start). A closed task carries no light.
  const open = status !== undefined && !closed;
  const taskLight = open ? (light?.to ?? 'green') : null;
  const lightReasons = open && taskLight !== 'green' ? (light?.reasons ?? []) : [];
  const expected =
    status === undefined
      ? null
      : expectedPercent(status, { startedAt: startedAt ?? null, deadlineAt: deadlineAt ?? null }, at);
  return {
    asOf: {
      taskId: task.id,
      title: task.title,
      leadDepartment: lead,
      status,
      light: taskLight,
      lightReasons: [...lightReasons],
      percent,
      expectedPercent: expected,
      pace: expected === null ? null : paceOf(percent, expected, task.tolerancePct),
      deadline,
    },
    checkpoints,
    escalations,
    submittedOnTime,
    deadlineAt,
  };
}

/**
 * 序时进度: behind when the expected percent exceeds the reported one by more than the tolerance (the rule of the
 * light's behind_schedule), ahead when the reported one exceeds the expected by more than it, else on pace.
 */
function paceOf(percent: number, expected: number, tolerancePct: number): Pace {
  // The expected percent has one decimal: compare the gap rounded, so 34.2 − 24.2 is 10, not 10.000000000000002.
  const gap = Math.round((expected - percent) * 1e6) / 1e6;
  if (gap > tolerancePct) return 'behind';
  if (-gap > tolerancePct) return 'ahead';
  return 'on_pace';
}

/** One task as its trail stood at `at` (the events at or before it). */
export function taskAsOf(task: TrailTask, at: number): TaskAsOf {
  return replay(task, at).asOf;
}

type ByLevel = [number, number, number, number];

/** Counts an escalation into [level 1, 2, 3, 4 and above], as the ranking's SQL does; a level below 1 is not one. */
function countLevel(byLevel: ByLevel, level: number): void {
  if (level < LEVEL.reminder) return;
  const i = (Math.min(level, LEVEL.talk) - 1) as 0 | 1 | 2 | 3;
  byLevel[i] += 1;
}

function emptyFacts(code: string, name: string): DepartmentFacts {
  return {
    code,
    name,
    tasks: 0,
    reportsOnTime: 0,
    reportsLate: 0,
    reportsMissing: 0,
    completed: 0,
    completedOnTime: 0,
    overdueOpen: 0,
    escalations: [0, 0, 0, 0],
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCode = (a: { code: string }, b: { code: string }) => cmp(a.code, b.code);

/** The tasks that count for a department at an instant: started by then and not cancelled. */
const counts = (r: Replay) => r.asOf.status !== undefined && r.asOf.status !== 'cancelled';

function factsOf(replays: Replay[], names: Map<string, string>, at: number): DepartmentFacts[] {
  const facts = new Map<string, DepartmentFacts>();
  for (const r of replays) {
    if (!counts(r)) continue;
    const { status, leadDepartment: code } = r.asOf;
    let f = facts.get(code);
    if (!f) facts.set(code, (f = emptyFacts(code, names.get(code) ?? code)));
    f.tasks += 1;
    for (const o of r.checkpoints.values()) {
      if (o === 'onTime') f.reportsOnTime += 1;
      else if (o === 'late') f.reportsLate += 1;
      else if (o === 'missing') f.reportsMissing += 1;
    }
    if (status === 'completed') {
      f.completed += 1;
      if (r.submittedOnTime === true) f.completedOnTime += 1;
    }
    // As the ranking's SQL (current_deadline = deadlineAt − 1 < now): overdue from the instant the deadline
    // passes, the instant the light turns red for it; a completion submitted in time stops the count.
    if (
      status !== undefined &&
      isRunning(status) &&
      r.deadlineAt !== undefined &&
      r.deadlineAt <= at &&
      !(status === 'completion_review' && r.submittedOnTime === true)
    )
      f.overdueOpen += 1;
    for (const e of r.escalations) countLevel(f.escalations, e.level);
  }
  return [...facts.values()].sort(byCode);
}

/**
 * The ranking's facts per lead department as of `at`, as db/queries/ranking.ts gives them for "now": over the
 * tasks each department leads at `at` (a reassignment moves a task with its whole history, as in the SQL), started
 * by then and not cancelled. Only departments leading at least one such task appear, by code.
 */
export function departmentFactsAsOf(
  tasks: TrailTask[],
  departments: Array<{ code: string; name: string }>,
  at: number,
): DepartmentFacts[] {
  return factsOf(
    tasks.map((t) => replay(t, at)),
    namesOf(departments),
    at,
  );
}

const namesOf = (departments: Array<{ code: string; name: string }>) =>
  new Map(departments.map((d) => [d.code, d.name]));

/** The checkpoint periods a month's bulletin covers: the month, and its quarter when the month ends one. */
function periodsOf(month: string): Set<string> {
  const [year, m] = month.split('-') as [string, string];
  const n = Number(m);
  return new Set(n % 3 === 0 ? [month, `${year}-Q${n / 3}`] : [month]);
}

/** Rounded to 2 decimals (never −0). */
const round2 = (n: number) => Math.round(n * 100) / 100 || 0;
const rate = (onTime: number, due: number) => (due === 0 ? null : round2(onTime / due));

function lightCounts(replays: Replay[]): LightCounts {
  const c: LightCounts = { red: 0, yellow: 0, green: 0, completed: 0, cancelled: 0, notStarted: 0 };
  for (const { asOf } of replays) {
    if (asOf.status === undefined) c.notStarted += 1;
    else if (asOf.status === 'completed') c.completed += 1;
    else if (asOf.status === 'cancelled') c.cancelled += 1;
    // An open task always has a light here (green before its first light change, see replay); a suspended one
    // keeps the light it had, as the workflow keeps it.
    else c[asOf.light ?? 'green'] += 1;
  }
  return c;
}

/** 「督办1次、约谈1次」 from the window's escalations at level 3 and at level 4 or above. */
function severeEscalations(e: UnitRow['escalations']): string {
  const parts: string[] = [];
  if (e[2] > 0) parts.push(`督办${e[2]}次`);
  if (e[3] > 0) parts.push(`约谈${e[3]}次`);
  return parts.join('、');
}

/** Applies MENTION_RULE to one unit's row: praise, criticism, or neither (the two cannot both hold). */
function mentionOf(u: UnitRow): { praise?: UnitMention; criticism?: UnitMention } {
  const escalated = u.escalations.some((n) => n > 0);
  if (u.reports.due > 0 && u.reports.onTime === u.reports.due && !escalated)
    return {
      praise: { code: u.code, name: u.name, because: `本期${u.reports.due}项报送全部按时，无督办事项` },
    };
  const severe = severeEscalations(u.escalations);
  if (u.reports.missing > 0 || severe !== '') {
    const parts = [
      ...(u.reports.missing > 0 ? [`未报送${u.reports.missing}项`] : []),
      ...(severe ? [severe] : []),
    ];
    return { criticism: { code: u.code, name: u.name, because: `本期${parts.join('，')}` } };
  }
  return {};
}

/**
 * Every figure of the bulletin for `window`, as of its close. Units are the departments leading tasks at the
 * close; a task's whole record (its reports of the period, its escalations in the window) goes to the department
 * that leads it at the close, as the ranking does.
 */
export function bulletinFigures(input: {
  tasks: TrailTask[];
  departments: Array<{ code: string; name: string }>;
  window: BulletinWindow;
  /** Earlier months' windows of the same year, oldest first (for lightsByMonth); may be empty. */
  earlier: BulletinWindow[];
  rule: RankingRule;
}): BulletinFigures {
  const { tasks, window, rule } = input;
  const names = namesOf(input.departments);
  const nameOf = (code: string) => names.get(code) ?? code;
  const atClose = tasks.map((t) => replay(t, window.closesAt));
  const inWindow = (at: number) => window.opensAt < at && at <= window.closesAt;

  const factsAtClose = factsOf(atClose, names, window.closesAt);
  const scoreAtOpen = new Map(
    factsOf(
      tasks.map((t) => replay(t, window.opensAt)),
      names,
      window.opensAt,
    ).map((f) => [f.code, scoreDepartment(f, rule).score]),
  );
  const periods = periodsOf(window.period);

  const units: UnitRow[] = factsAtClose.map((f) => {
    const reports = { due: 0, onTime: 0, late: 0, missing: 0 };
    const escalations: ByLevel = [0, 0, 0, 0];
    for (const r of atClose) {
      if (!counts(r) || r.asOf.leadDepartment !== f.code) continue;
      for (const [period, o] of r.checkpoints) {
        if (!periods.has(period) || o === 'waived') continue;
        reports.due += 1;
        reports[o] += 1;
      }
      for (const e of r.escalations) if (inWindow(e.at)) countLevel(escalations, e.level);
    }
    const score = scoreDepartment(f, rule).score;
    const before = scoreAtOpen.get(f.code);
    return {
      code: f.code,
      name: f.name,
      tasks: f.tasks,
      reports,
      onTimeRate: rate(reports.onTime, reports.due),
      escalations,
      score,
      // A unit that led no task at the window's opening had no score then: it has no change to show (rather
      // than its whole score shown as a gain).
      scoreChange: before === undefined ? 0 : round2(score - before),
    };
  });

  const pace = { ahead: 0, onPace: 0, behind: 0 };
  for (const { asOf } of atClose) {
    if (asOf.pace === 'ahead') pace.ahead += 1;
    else if (asOf.pace === 'on_pace') pace.onPace += 1;
    else if (asOf.pace === 'behind') pace.behind += 1;
  }

  const reporting = { due: 0, onTime: 0, late: 0, missing: 0 };
  for (const u of units)
    for (const k of ['due', 'onTime', 'late', 'missing'] as const) reporting[k] += u.reports[k];

  const flagged: FlaggedItem[] = [];
  for (const { asOf } of atClose) {
    if (asOf.light !== 'red' && asOf.light !== 'yellow') continue;
    flagged.push({
      taskId: asOf.taskId,
      title: asOf.title,
      unit: asOf.leadDepartment,
      unitName: nameOf(asOf.leadDepartment),
      light: asOf.light,
      reasons: asOf.lightReasons,
      percent: asOf.percent,
      expectedPercent: asOf.expectedPercent,
    });
  }
  const lightOrder = { red: 0, yellow: 1 };
  flagged.sort(
    (a, b) => lightOrder[a.light] - lightOrder[b.light] || cmp(a.unit, b.unit) || cmp(a.taskId, b.taskId),
  );

  const completed: CompletedItem[] = [];
  for (const [i, task] of tasks.entries()) {
    let onTime = false;
    for (const e of task.events) {
      if (e.type === 'completion_submitted') onTime = e.data.onTime;
      if (e.type !== 'completion_approved' || !inWindow(e.at)) continue;
      const lead = atClose[i]!.asOf.leadDepartment;
      completed.push({
        taskId: task.id,
        title: task.title,
        unit: lead,
        unitName: nameOf(lead),
        at: e.at,
        onTime,
      });
    }
  }
  completed.sort((a, b) => a.at - b.at || cmp(a.taskId, b.taskId));

  const praise: UnitMention[] = [];
  const criticism: UnitMention[] = [];
  for (const u of units) {
    const m = mentionOf(u);
    if (m.praise) praise.push(m.praise);
    if (m.criticism) criticism.push(m.criticism);
  }

  const lights = lightCounts(atClose);
  return {
    window,
    totalTasks: tasks.length,
    lights,
    pace,
    reporting: { ...reporting, onTimeRate: rate(reporting.onTime, reporting.due) },
    units,
    flagged,
    completed,
    praise,
    criticism,
    lightsByMonth: [
      ...input.earlier.map((w) => ({
        period: w.period,
        lights: lightCounts(tasks.map((t) => replay(t, w.closesAt))),
      })),
      { period: window.period, lights },
    ],
  };
}
