// Sending HTML: whole pages, and live fragments answered with 304 while they have not changed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../html';
import { versionOf } from '../views';

export function sendPage(reply: FastifyReply, body: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body.value);
}

/** A live part: 304 when the page already shows this version, else the new HTML and its version. */
export function sendFragment(req: FastifyRequest, reply: FastifyReply, body: SafeHtml): FastifyReply {
  const version = versionOf(body);
  void reply.header('etag', version).header('cache-control', 'no-store');
  if (req.headers['if-none-match'] === version) return reply.code(304).send();
  return reply.type('text/html; charset=utf-8').send(body.value);
}
