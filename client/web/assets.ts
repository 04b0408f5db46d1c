// The dashboard's static files (stylesheet, script, icon), served by the app itself: the machines are
// offline, so nothing comes from a CDN. Read once at start; each URL carries a content hash, so a file can
// be cached for a year and a new version is fetched the moment it changes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const DIR = path.join(__dirname, 'static');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  hash: string;
}

export interface Assets {
  /** The URL of a static file, with its content hash. */
  url(name: string): string;
}

/**
 * Serves each bundle at /static/<name>: the concatenation of its source files under client/web/static
 * (the stylesheet is kept in small files by topic and sent as one). Returns the URL builder for pages.
 */
export function registerAssets(app: FastifyInstance, bundles: Record<string, readonly string[]>): Assets {
  const files = new Map<string, Asset>();
  for (const [name, sources] of Object.entries(bundles)) {
    const body = Buffer.concat(sources.map((s) => readFileSync(path.join(DIR, s))));
    files.set(name, {
      body,
      gzip: gzipSync(body, { level: 9 }),
      type: TYPES[path.extname(name)] ?? 'application/octet-stream',
      hash: createHash('sha256').update(body).digest('hex').slice(0, 12),
    });
  }
  app.get<{ Params: { name: string }; Querystring: { v?: string } }>(
    '/static/:name',
    { config: { public: true }, schema: { hide: true } },
    (req, reply) => {
      const file = files.get(req.params.name);
      if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个文件');
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (gzip) void reply.header('content-encoding', 'gzip');
      return reply
        .type(file.type)
        .header('x-content-type-options', 'nosniff')
        .header(
          'cache-control',
          req.query.v === file.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
        .header('etag', `"${file.hash}"`)
        .header('vary', 'accept-encoding')
        .send(gzip ? file.gzip : file.body);
    },
  );
  return {
    url(name) {
      const file = files.get(name);
      if (!file) throw new Error(`no static file ${name}`);
      return `/static/${name}?v=${file.hash}`;
    },
  };
}
