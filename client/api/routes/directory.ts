// /api/departments, /api/ranking and its rule, /api/me.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listDepartments } from '../../../db/queries/departments';
import type { ServiceDeps } from '../../service/deps';
import {
  currentRankingRule,
  ranking,
  RANKING_RULE_TEXT,
  rankingRuleSchema,
  setRankingRule,
} from '../../service/ranking';
import { principal } from '../auth';
import * as res from '../responses';
import { responses } from './common';

export function directoryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/me',
    { schema: { tags: ['meta'], summary: 'Who the token is', response: responses(res.meSchema) } },
    (req) => {
      const p = principal(req);
      return {
        tokenId: p.tokenId,
        role: p.role,
        department: p.department,
        leaderEmail: p.leaderEmail,
        label: p.label,
      };
    },
  );

  r.get(
    '/api/departments',
    {
      schema: {
        tags: ['directory'],
        summary: 'The department directory (责任单位)',
        response: responses(res.departmentsSchema),
      },
    },
    async () => ({ items: await listDepartments(deps.db) }),
  );

  r.get(
    '/api/ranking',
    {
      schema: {
        tags: ['directory'],
        summary: 'Departments ranked by on-time reporting, on-time completion and escalation deductions',
        description: RANKING_RULE_TEXT.en,
        response: responses(res.rankingSchema),
      },
    },
    () => ranking(deps),
  );

  r.get(
    '/api/ranking/rule',
    {
      schema: {
        tags: ['directory'],
        summary: 'The scoring rule of the ranking',
        response: responses(res.rankingRuleResponseSchema),
      },
    },
    async () => ({ ...(await currentRankingRule(deps)), description: RANKING_RULE_TEXT }),
  );

  r.put(
    '/api/ranking/rule',
    {
      schema: {
        tags: ['office'],
        summary: 'Replace the scoring rule — office',
        body: rankingRuleSchema,
        response: responses(res.rankingRuleResponseSchema),
      },
    },
    async (req) => ({ rule: await setRankingRule(deps, principal(req), req.body), isDefault: false }),
  );
}
