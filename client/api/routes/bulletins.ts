// /api/bulletins: the 督查通报, listed and read (the office sees drafts; units and leaders issued ones only).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bulletinListSchema, bulletinSchema } from '../../bulletin/bulletin-schema';
import { getBulletin, listBulletins } from '../../service/bulletins';
import type { ServiceDeps } from '../../service/deps';
import { principal } from '../auth';
import { responses } from './common';

const whole = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .describe(what);

export function bulletinRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/bulletins',
    {
      schema: {
        tags: ['bulletins'],
        summary: 'The 督查通报, newest first (the office sees drafts too)',
        response: responses(bulletinListSchema),
      },
    },
    (req) => listBulletins(deps, principal(req)),
  );

  r.get(
    '/api/bulletins/:year/:number',
    {
      schema: {
        tags: ['bulletins'],
        summary: 'One 督查通报 with its figures, by plan year and number (第N期)',
        params: z.strictObject({ year: whole('plan year', 9999), number: whole('第N期', 999) }),
        response: responses(bulletinSchema),
      },
    },
    (req) => getBulletin(deps, principal(req), req.params.year, req.params.number),
  );
}
