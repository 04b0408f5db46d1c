// How the office writes dates, periods and escalation levels (zh-CN, plan time in UTC+8).
import { planDate, PLAN_OFFSET_MS } from '../../../workflows/clock';
import type { LadderReason } from '../../../workflows/domain';

const QUARTERS = ['一', '二', '三', '四'];

/** '2023-07-07' → '2023年7月7日'. */
export function dateCn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** A plan instant as '2023年7月7日', with '18:00' when it is not midnight. */
export function instantCn(ms: number): string {
  const time = new Date(ms + PLAN_OFFSET_MS).toISOString().slice(11, 16);
  return time === '00:00' ? dateCn(planDate(ms)) : `${dateCn(planDate(ms))}${time}`;
}

/** Whole plan days from `from` to `to` (calendar days, at least 0). */
export function daysBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 86_400_000));
}

/** '2023-06' → '2023年6月', '2023-Q2' → '2023年第二季度'; other periods are returned as they are. */
export function periodCn(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}年第${QUARTERS[Number(quarter[2]) - 1]}季度`;
  return period;
}

/** The deadline date of an overdue period ('2023-12-31' or '2023-12-31-r1') and its rejection round. */
export function overdueRound(period: string): { deadline: string; round: number } {
  const m = /^(\d{4}-\d{2}-\d{2})(?:-r(\d+))?$/.exec(period);
  return m ? { deadline: m[1]!, round: Number(m[2] ?? 0) } : { deadline: period, round: 0 };
}

/** What is late, for a subject: '2023年6月进度报告逾期', '逾期未签收', '逾期未办结'. */
export function lateWhat(reason: LadderReason | undefined, period: string | undefined): string {
  if (reason === 'ack') return '逾期未签收';
  if (reason === 'overdue')
    return overdueRound(period ?? '').round > 0 ? '退回整改后逾期未办结' : '逾期未办结';
  return `${periodCn(period ?? '')}进度报告逾期`;
}

/** The thing that was due, for a sentence: '任务签收', '2023年6月进度报告', '办结'. */
export function dueItem(reason: LadderReason | undefined, period: string | undefined): string {
  if (reason === 'ack') return '任务签收';
  if (reason === 'overdue') return '任务办结';
  return `${periodCn(period ?? '')}进度报告`;
}

export const LEVEL_CN: Record<number, string> = { 1: '提醒', 2: '催办', 3: '督办', 4: '约谈' };
const LEVEL_ORDINAL = ['', '一级', '二级', '三级', '四级'];

/** '二级 催办'. */
export function levelCn(level: number): string {
  return `${LEVEL_ORDINAL[level] ?? `${level}级`} ${LEVEL_CN[level] ?? '督办'}`;
}

/** What an escalation was about, for the history: '签收', '2023年6月进度报告', '办结（期限2023年12月31日）'. */
export function historySubject(reason: LadderReason, period: string): string {
  if (reason === 'ack') return '签收';
  if (reason === 'report') return `${periodCn(period)}进度报告`;
  const { deadline, round } = overdueRound(period);
  return `办结（期限${dateCn(deadline)}${round > 0 ? `，第${round}次退回整改后` : ''}）`;
}
