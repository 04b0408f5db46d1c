// The department ranking (排名) for callers: now, by the office's rule (db/ranking-rule.ts), and changing the rule.
import { rankingFacts, storeRankingRule } from '../../db/queries/ranking';
import {
  rankDepartments,
  rankingRuleOf,
  rankingRuleSchema,
  type RankedDepartment,
  type RankingRule,
} from '../../db/ranking-rule';
import { planAt } from '../../workflows/clock';
import { requireRole } from './access';
import type { ServiceDeps } from './deps';
import { parseInput } from './input';
import type { Principal } from './principal';

export {
  DEFAULT_RANKING_RULE,
  RANKING_RULE_TEXT,
  rankDepartments,
  rankingRuleSchema,
  scoreDepartment,
  type RankedDepartment,
  type RankingRule,
} from '../../db/ranking-rule';

export async function currentRankingRule(
  deps: Pick<ServiceDeps, 'db'>,
): Promise<{ rule: RankingRule; isDefault: boolean }> {
  return rankingRuleOf(deps.db);
}

export interface Ranking {
  planNow: string;
  rule: RankingRule;
  departments: RankedDepartment[];
}

export async function ranking(deps: Pick<ServiceDeps, 'db' | 'clock'>): Promise<Ranking> {
  const planNow = new Date(planAt(deps.clock, Date.now()));
  const [{ rule }, facts] = await Promise.all([currentRankingRule(deps), rankingFacts(deps.db, planNow)]);
  return { planNow: planNow.toISOString(), rule, departments: rankDepartments(facts, rule) };
}

/** Replaces the ranking rule (office only). */
export async function setRankingRule(
  deps: Pick<ServiceDeps, 'db'>,
  p: Principal,
  raw: unknown,
): Promise<RankingRule> {
  requireRole(p, ['office'], { zh: '修改排名规则', en: 'change the ranking rule' });
  const rule = parseInput(rankingRuleSchema, raw);
  await storeRankingRule(deps.db, rule);
  return rule;
}
