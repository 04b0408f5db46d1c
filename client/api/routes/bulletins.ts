// /api/bulletins: the 督查通报 listed, read and downloaded (the office sees drafts; units and leaders issued ones
// only), and the office's edits, issue and correction.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bulletinListSchema, bulletinSchema } from '../../bulletin/bulletin-schema';
import {
  bulletinDocument,
  bulletinEditBody,
  correctBulletin,
  editBulletin,
  getBulletin,
  issueBulletin,
  listBulletins,
  type DocumentFormat,
} from '../../service/bulletins';
import { attachment } from '../../service/export';
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
  const ref = z.strictObject({ year: whole('plan year', 9999), number: whole('第N期', 999) });

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
        params: ref,
        response: responses(bulletinSchema),
      },
    },
    (req) => getBulletin(deps, principal(req), req.params.year, req.params.number),
  );

  r.patch(
    '/api/bulletins/:year/:number',
    {
      schema: {
        tags: ['office'],
        summary: 'Edit a draft bulletin: its 按语 and its praise and criticism lists — office',
        params: ref,
        body: bulletinEditBody,
        response: responses(bulletinSchema),
      },
    },
    (req) => editBulletin(deps, principal(req), req.params.year, req.params.number, req.body),
  );

  r.post(
    '/api/bulletins/:year/:number/issue',
    {
      schema: {
        tags: ['office'],
        summary:
          'Issue a bulletin: documents frozen with a hash, mailed once to each unit and leader — office',
        description: 'Issuing an issued bulletin changes nothing and mails nobody again.',
        params: ref,
        response: responses(bulletinSchema),
      },
    },
    (req) => issueBulletin(deps, principal(req), req.params.year, req.params.number),
  );

  r.post(
    '/api/bulletins/:year/:number/correct',
    {
      schema: {
        tags: ['office'],
        summary: 'Open a correction of an issued bulletin: a draft under the next number naming it — office',
        params: ref,
        response: responses(bulletinSchema),
      },
    },
    (req) => correctBulletin(deps, principal(req), req.params.year, req.params.number),
  );

  for (const format of ['pdf', 'docx', 'html'] as DocumentFormat[]) {
    r.get(
      `/api/bulletins/:year/:number/document.${format}`,
      {
        schema: {
          tags: ['bulletins'],
          summary: `The bulletin as ${format.toUpperCase()} (an issued one as issued; a draft as it stands)`,
          params: ref,
          response: responses(z.custom<Buffer>().describe(`the ${format} document`)),
        },
      },
      async (req, reply) => {
        const doc = await bulletinDocument(deps, principal(req), req.params.year, req.params.number, format);
        return reply
          .header('content-type', doc.contentType)
          .header('content-disposition', format === 'html' ? 'inline' : attachment(doc.filename))
          .header('cache-control', 'no-store')
          .send(doc.body);
      },
    );
  }
}
