// /api/health and /api/openapi.json: public, no token.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Db } from '../../../db/connect';
import { ServiceError } from '../../service/errors';
import * as res from '../responses';
import { responses } from './common';

export function metaRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'Liveness and database reachability (no token)',
        security: [],
        response: responses(res.healthSchema),
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw new ServiceError('unavailable', '数据库不可用', 'the database is unreachable', undefined, {
          cause: err,
        });
      }
      return { status: 'ok' as const, database: 'up' as const };
    },
  );

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
}
