// The bulletin drafter's activities: a month's window on the working-day calendar, and the draft itself.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../db/connect';
import {
  departmentNames,
  insertDraft,
  reportDueRule,
  tasksBehind,
  trailsUpTo,
  type Bulletin,
} from '../db/queries/bulletins';
import { bulletinFigures } from './bulletin-figures';
import type { BulletinWindow } from '../db/bulletin-figures';
import { rankingRuleOf } from '../db/ranking-rule';
import { planInstant } from '../workflows/clock';
import { nthWorkingDayOfMonth } from './calendar';

/**
 * How many times the draft waits for workflows still behind the close before it drafts without them (about
 * twenty minutes of retries). A workflow that never catches up must not hold every later bulletin back; the
 * draft then names the tasks it could not wait for.
 */
export const MAX_WAITS_FOR_LAGGING_TASKS = 40;

const shiftMonth = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};

/**
 * A month's window: it closes when the month's reports are due under every policy (the latest 报送 working day
 * of the next month, at the latest due time) and opens at the previous month's close (January: the year's start).
 */
export function windowOf(
  rule: { workingDay: number; time: string },
  planYear: number,
  period: string,
): BulletinWindow {
  const close = (month: string) =>
    planInstant(nthWorkingDayOfMonth(shiftMonth(month, 1), rule.workingDay), rule.time);
  const opensAt =
    period <= `${planYear}-01` ? planInstant(`${planYear}-01-01`) : close(shiftMonth(period, -1));
  return { period, opensAt, closesAt: close(period) };
}

export async function bulletinWindow(
  db: Db,
  input: { planYear: number; period: string },
): Promise<BulletinWindow> {
  return windowOf(await reportDueRule(db), input.planYear, input.period);
}

/**
 * Drafts the month's bulletin unless it has one; null when no task of the year had started by the close. Waits
 * (a retryable failure) while a running task's workflow has not yet handled a report due by the close.
 */
export async function draftBulletin(
  db: Db,
  input: { planYear: number; window: BulletinWindow },
): Promise<Bulletin | null> {
  const { planYear, window } = input;
  const closesAt = new Date(window.closesAt);
  const behind = await tasksBehind(db, planYear, closesAt);
  const attempt = Context.current().info.attempt;
  if (behind.length > 0 && attempt < MAX_WAITS_FOR_LAGGING_TASKS) {
    throw ApplicationFailure.retryable(
      `bulletin ${window.period}: waiting for ${behind.length} task(s) to reach the close (${behind.slice(0, 5).join(', ')})`,
      'TrailBehindClose',
    );
  }
  const trails = await trailsUpTo(db, planYear, closesAt);
  if (!trails.some((t) => t.events.some((e) => e.type === 'started'))) return null;
  const rule = await reportDueRule(db);
  const earlier: BulletinWindow[] = [];
  for (let m = `${planYear}-01`; m < window.period; m = shiftMonth(m, 1))
    earlier.push(windowOf(rule, planYear, m));
  const figures = bulletinFigures({
    tasks: trails,
    departments: await departmentNames(db),
    window,
    earlier,
    rule: (await rankingRuleOf(db)).rule,
  });
  if (behind.length > 0) {
    figures.lagging = behind;
    Context.current().log.warn('bulletin drafted without tasks behind its close', {
      period: window.period,
      behind,
    });
  }
  return insertDraft(db, figures, planYear);
}
