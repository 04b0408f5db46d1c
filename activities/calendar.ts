// Chinese working-day calendar (statutory holidays and 调休 make-up days, from the chinese-days table).
// Runs in activities and in the starter, never in workflow code: a table update must not change a replay.
import { findWorkday } from 'chinese-days';
import { planDate, planInstant, endOfPlanDay } from '../workflows/clock';
import type { CheckpointState, EscalationPolicy } from '../workflows/domain';
import type { LadderInput, ScheduleInput, TaskSchedule } from '../workflows/machine/ports';

// chinese-days walks the calendar a day at a time through dayjs (about 20 µs a call), and a task's schedule asks
// it about a hundred times: 2.4 ms of CPU per start, the largest part of what a start costs its caller. The
// answer depends only on (date, n) and the table, which is fixed for the process, so it is kept. Bounded: a
// year's dates times the few distances that policies use fit many times over; past the bound it starts again.
const WORKDAY_MEMO_LIMIT = 100_000;
const workdayMemo = new Map<string, string>();

/** The date `n` working days after `date` (n = 0: `date` itself if it is a working day, else the next one). */
export function addWorkingDays(date: string, n: number): string {
  const key = `${date}|${n}`;
  let out = workdayMemo.get(key);
  if (out === undefined) {
    out = findWorkday(n, date);
    if (workdayMemo.size >= WORKDAY_MEMO_LIMIT) workdayMemo.clear();
    workdayMemo.set(key, out);
  }
  return out;
}

/** The n-th (1-based) working day of a month given as 'YYYY-MM'. */
export function nthWorkingDayOfMonth(month: string, n: number): string {
  return addWorkingDays(addWorkingDays(`${month}-01`, 0), n - 1);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

interface Period {
  period: string;
  firstMonth: string;
  lastMonth: string;
}

/** Reporting periods covering [start, deadline]: calendar months, or quarters named 'YYYY-Qn'. */
export function periodsBetween(
  startDate: string,
  deadline: string,
  cadence: 'monthly' | 'quarterly',
): Period[] {
  const out: Period[] = [];
  let month = startDate.slice(0, 7);
  const last = deadline.slice(0, 7);
  while (month <= last) {
    if (cadence === 'monthly') {
      out.push({ period: month, firstMonth: month, lastMonth: month });
      month = nextMonth(month);
    } else {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const q = Math.floor((m - 1) / 3);
      const firstMonth = `${y}-${String(q * 3 + 1).padStart(2, '0')}`;
      const lastMonth = `${y}-${String(q * 3 + 3).padStart(2, '0')}`;
      out.push({ period: `${y}-Q${q + 1}`, firstMonth, lastMonth });
      month = nextMonth(lastMonth);
    }
  }
  return out;
}

/** Instants of a ladder's steps from `startAt` (plus `repeats` repeats of the top step), each on a working day. */
export function ladderInstants(input: LadderInput): number[] {
  const { policy } = input;
  const time = policy.dueTime;
  const out: number[] = [];
  let date = planDate(input.startAt);
  if (!input.repeatsOnly) {
    for (const step of policy.steps) {
      // "N working days after" counts from the calendar day of the previous step, working or not.
      if (step.afterWorkingDays === 0) {
        out.push(out.length === 0 ? input.startAt : planInstant(date, time));
        continue;
      }
      date = addWorkingDays(date, step.afterWorkingDays);
      out.push(planInstant(date, time));
    }
  }
  // Bounded: a century of repeats at most, however long the outage was.
  for (
    let i = 0;
    i < input.repeats || (input.until !== undefined && (out.at(-1) ?? 0) <= input.until && i < 10_000);
    i++
  ) {
    date = addWorkingDays(date, policy.repeatEveryWorkingDays);
    out.push(planInstant(date, time));
  }
  return out;
}

/** Acknowledgement due instant, checkpoints with their ladders, the deadline and the near-deadline instant. */
export function planSchedule(input: ScheduleInput): TaskSchedule {
  const { policy } = input;
  const startDate = planDate(input.startAt);
  const ackDueAt = planInstant(addWorkingDays(startDate, Math.max(1, policy.ackWorkingDays)), policy.dueTime);
  const checkpoints: CheckpointState[] = periodsBetween(startDate, input.deadline, input.cadence)
    .filter((p) => input.after === undefined || p.period > input.after)
    .map((p) => {
      const dueAt = planInstant(
        nthWorkingDayOfMonth(nextMonth(p.lastMonth), policy.reportDueWorkingDay),
        policy.dueTime,
      );
      return {
        period: p.period,
        startsAt: Math.max(input.startAt, planInstant(`${p.firstMonth}-01`)),
        dueAt,
        status: 'pending' as const,
        ladder: ladderInstants({ startAt: dueAt, policy, repeats: 0 }),
      };
    });
  const deadlineAt = endOfPlanDay(input.deadline);
  return {
    ackDueAt,
    ackLadder: ladderInstants({ startAt: ackDueAt, policy, repeats: 0 }),
    checkpoints,
    deadlineAt,
    nearDeadlineAt: planInstant(addWorkingDays(input.deadline, -policy.nearDeadlineWorkingDays)),
    // A task started after its deadline (started overdue on purpose) climbs from its start, one step at a
    // time, not with every step of a climb it never had at once.
    overdueLadder: ladderInstants({
      startAt: Math.max(deadlineAt, input.startAt),
      policy,
      repeats: input.overdueRepeats ?? 12,
    }),
  };
}

export type { EscalationPolicy };
