// The department ranking's rule (排名规则) and its scoring: pure, over the facts db/queries/ranking.ts gives
// (for now) and the bulletin's trail fold gives (as of a month's close). The rule is data (settings key
// 'ranking_rule'), so the office can weigh things its own way; a stored rule that no longer parses gives way to
// the default.
import { z } from 'zod';
import type { Db } from './connect';
import { getStoredRankingRule, type DepartmentFacts } from './queries/ranking';

const points = z.number().min(0).max(1000);

export const rankingRuleSchema = z.strictObject({
  /** Points for a perfect record in each part; a department's part is weight × its rate. */
  weights: z.strictObject({ reporting: points, completion: points }),
  /** Share of a report's credit a late report earns (0: none, 1: as if on time). */
  lateReportCredit: z.number().min(0).max(1),
  /** Points deducted per escalation of a task the department leads, by level. */
  deductions: z.strictObject({ level1: points, level2: points, level3: points, level4: points }),
  /** The deductions are capped here. */
  maxDeduction: points,
});
export type RankingRule = z.output<typeof rankingRuleSchema>;

export const DEFAULT_RANKING_RULE: RankingRule = Object.freeze({
  weights: { reporting: 60, completion: 40 },
  lateReportCredit: 0.5,
  deductions: { level1: 0.5, level2: 1, level3: 2, level4: 5 },
  maxDeduction: 30,
});

export const RANKING_RULE_TEXT = {
  zh:
    '得分 = 按时报送分 + 按时办结分 − 督办扣分。按时报送分 = weights.reporting × (按时报送数 + lateReportCredit × 逾期报送数) ÷ 已到期报送节点数；' +
    '按时办结分 = weights.completion × 按时办结数 ÷ (已办结数 + 逾期未办结数)；尚无到期事项的部分按满分计。' +
    '督办扣分 = 各级督办次数 × deductions.levelN 之和，不超过 maxDeduction。只统计本单位牵头的任务（已撤销的除外）。',
  en:
    'score = reporting + completion − deductions. reporting = weights.reporting × (on-time reports + lateReportCredit × late reports) ÷ checkpoints due; ' +
    'completion = weights.completion × completed on time ÷ (completed + overdue open); a part with nothing due yet scores in full. ' +
    'deductions = Σ escalations at level N × deductions.levelN, capped at maxDeduction. Only tasks the department leads count (cancelled ones excluded).',
};

export interface RankedDepartment {
  rank: number;
  code: string;
  name: string;
  score: number;
  tasks: number;
  reporting: {
    due: number;
    onTime: number;
    late: number;
    missing: number;
    onTimeRate: number | null;
    points: number;
  };
  completion: {
    due: number;
    completed: number;
    onTime: number;
    overdueOpen: number;
    onTimeRate: number | null;
    points: number;
  };
  escalations: { level1: number; level2: number; level3: number; level4: number; deduction: number };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Scores one department's facts under `rule` (pure). */
export function scoreDepartment(f: DepartmentFacts, rule: RankingRule): Omit<RankedDepartment, 'rank'> {
  const reportsDue = f.reportsOnTime + f.reportsLate + f.reportsMissing;
  const reportCredit =
    reportsDue === 0 ? 1 : (f.reportsOnTime + rule.lateReportCredit * f.reportsLate) / reportsDue;
  const completionDue = f.completed + f.overdueOpen;
  const completionRate = completionDue === 0 ? 1 : f.completedOnTime / completionDue;
  const [l1, l2, l3, l4] = f.escalations;
  const d = rule.deductions;
  const deduction = Math.min(
    rule.maxDeduction,
    l1 * d.level1 + l2 * d.level2 + l3 * d.level3 + l4 * d.level4,
  );
  const reportingPoints = rule.weights.reporting * reportCredit;
  const completionPoints = rule.weights.completion * completionRate;
  return {
    code: f.code,
    name: f.name,
    score: round(reportingPoints + completionPoints - deduction),
    tasks: f.tasks,
    reporting: {
      due: reportsDue,
      onTime: f.reportsOnTime,
      late: f.reportsLate,
      missing: f.reportsMissing,
      onTimeRate: reportsDue === 0 ? null : round(f.reportsOnTime / reportsDue),
      points: round(reportingPoints),
    },
    completion: {
      due: completionDue,
      completed: f.completed,
      onTime: f.completedOnTime,
      overdueOpen: f.overdueOpen,
      onTimeRate: completionDue === 0 ? null : round(completionRate),
      points: round(completionPoints),
    },
    escalations: { level1: l1, level2: l2, level3: l3, level4: l4, deduction: round(deduction) },
  };
}

/** Highest score first; equal scores share a rank (1, 2, 2, 4), then code order. */
export function rankDepartments(facts: DepartmentFacts[], rule: RankingRule): RankedDepartment[] {
  const scored = facts.map((f) => scoreDepartment(f, rule));
  scored.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  return scored.map((s) => ({ rank: scored.findIndex((o) => o.score === s.score) + 1, ...s }));
}

/** The stored rule, or the default when none is stored (or the stored one no longer parses). */
export async function rankingRuleOf(db: Db): Promise<{ rule: RankingRule; isDefault: boolean }> {
  const stored = await getStoredRankingRule(db);
  const parsed = stored === undefined ? undefined : rankingRuleSchema.safeParse(stored);
  return parsed?.success
    ? { rule: parsed.data, isDefault: false }
    : { rule: DEFAULT_RANKING_RULE, isDefault: true };
}
