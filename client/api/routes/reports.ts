// Read endpoints for the dashboard's views: /api/board, /api/overdue, /api/mail, /api/export/ledger.{xlsx,csv}.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardFor, boardQuery } from '../../service/board';
import type { ServiceDeps } from '../../service/deps';
import { attachment, exportLedger, type ExportFormat } from '../../service/export';
import { caughtMailFor, mailboxFor } from '../../service/mailbox';
import { overdueFor } from '../../service/overdue';
import { principal } from '../auth';
import { responses } from './common';

const loose = z.custom<unknown>();
const mailQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
  taskId: z.string().max(100).optional(),
});

export function reportRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/board',
    {
      schema: {
        tags: ['tasks'],
        summary: 'The supervision board (督查总览): light counts and the tasks by report section',
        description:
          'The tasks the caller may see with targets, light reasons and 序时进度 (expectedPercent). ' +
          '`light=none` selects tasks not started, `light=completed` and `light=cancelled` the closed ones ' +
          '(closed tasks carry no light and are counted apart); counts ignore the light filter.',
        querystring: boardQuery,
        response: responses(loose.describe('Board (client/service/board.ts)')),
      },
    },
    (req) => boardFor(deps, principal(req), req.query),
  );

  r.get(
    '/api/overdue',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Overdue items (逾期事项), most late first, with level and the last email',
        response: responses(loose.describe('{ planNow, items: OverdueTask[] } (client/service/overdue.ts)')),
      },
    },
    (req) => overdueFor(deps, principal(req)),
  );

  r.get(
    '/api/mail',
    {
      schema: {
        tags: ['office'],
        summary: "The mail catcher's messages and the outbox, newest first — office",
        querystring: mailQuery,
        response: responses(loose.describe('{ caught: CaughtMail[], outbox: OutboxEntry[] }')),
      },
    },
    (req) => mailboxFor(deps, principal(req), req.query),
  );

  r.get(
    '/api/mail/:id',
    {
      schema: {
        tags: ['office'],
        summary: 'One caught message with its text and headers — office',
        params: z.strictObject({ id: z.string().describe('catcher id or Message-ID') }),
        response: responses(loose.describe('CaughtMailDetail')),
      },
    },
    (req) => caughtMailFor(deps, principal(req), req.params.id),
  );

  for (const format of ['xlsx', 'csv'] as ExportFormat[]) {
    r.get(
      `/api/export/ledger.${format}`,
      {
        schema: {
          tags: ['tasks'],
          summary: `The ledger (台账) as ${format === 'xlsx' ? 'an Excel workbook' : 'CSV (UTF-8 with BOM)'}`,
          description: 'The caller’s tasks, filtered like /api/board.',
          querystring: boardQuery,
          response: responses(z.custom<Buffer>().describe(`the ${format} file`)),
        },
      },
      async (req, reply) => {
        const file = await exportLedger(deps, principal(req), req.query, format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachment(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.body);
      },
    );
  }
}
