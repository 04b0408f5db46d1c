// Downloads of the ledger (台账) for the signed-in viewer, filtered like the board.
import type { FastifyInstance } from 'fastify';
import { attachment, exportLedger, type ExportFormat } from '../../service/export';
import type { WebDeps } from '../context';
import { viewerOf } from '../session';

export function exportRoutes(app: FastifyInstance, deps: WebDeps): void {
  for (const format of ['xlsx', 'csv'] as ExportFormat[]) {
    app.get(`/export/ledger.${format}`, async (req, reply) => {
      const file = await exportLedger(deps, viewerOf(req), req.query, format);
      return reply
        .type(file.contentType)
        .header('content-disposition', attachment(file.fileName))
        .header('cache-control', 'no-store')
        .send(file.body);
    });
  }
}
