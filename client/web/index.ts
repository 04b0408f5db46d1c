// The web dashboard (督办看板), served by the API's fastify app: server-rendered zh-CN pages, a small
// script that keeps them current, and form posts through the same service layer as the JSON API.
//
//   const app = await createApiServer(options);
//   await registerWeb(app, { ...options, mailCatcher: true });   // or: serveDashboard(...) in ./serve
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_HEADERS, setErrorPage, toServiceError } from '../api/errors';
import type { ServiceDeps } from '../service/deps';
import { ServiceError } from '../service/errors';
import { principalOfToken } from '../service/tokens';
import { registerAssets } from './assets';
import { contextOf, type WebDeps, type WebSettings } from './context';
import type { FormFields } from './form-body';
import { barePage, page } from './layout';
import { errorBody } from './pages/error';
import { actionRoutes } from './routes/actions';
import { bulletinRoutes } from './routes/bulletins';
import { exportRoutes } from './routes/exports';
import { pageRoutes } from './routes/pages';
import { sendPage } from './routes/reply';
import { sessionRoutes } from './routes/session';
import { fromOwnOrigin, LoginRequired, readCookie, SESSION_COOKIE } from './session';
import { DEFAULT_SIGN_IN_LIMIT, signInThrottle, type SignInLimit } from './sign-in-throttle';

const ASSETS = {
  'app.css': ['base', 'forms', 'badges', 'board', 'task', 'tables', 'responsive'].map((n) => `css/${n}.css`),
  'app.js': ['app.js'],
  'icon.svg': ['icon.svg'],
};

/** The service dependencies, the dashboard's settings, and the public URL when behind a proxy. */
export type WebOptions = ServiceDeps &
  Partial<WebSettings> & {
    publicUrl?: string;
    /** Failed sign-ins per (token, client address); default 10 per 15 minutes; false: none. */
    signInLimit?: SignInLimit | false;
  };

const gzipAsync = promisify(gzip);

// Every other method changes something, so it must show where it comes from (CSRF).
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Everything is served by the app itself; inline SVG needs no exception, bars and charts are SVG attributes.
// Frames: this site's own documents only (a 督查通报's page frames its document, which sends its own CSP).
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

function parseForm(text: string): FormFields {
  // No prototype: a field named __proto__ or constructor is a field like any other.
  const out: FormFields = Object.create(null) as FormFields;
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** What every HTML page carries: the CSP, no sniffing or framing, and no caching of one viewer's tasks. */
function pageHeaders(reply: FastifyReply): void {
  void reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin');
  // Pages show one viewer's tasks: never kept by a shared cache or the browser's back-forward store.
  if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
}

async function headersAndCompression(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const type = String(reply.getHeader('content-type') ?? '');
  if (type.startsWith('text/html')) pageHeaders(reply);
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
  if (
    body &&
    body.length > 1024 &&
    !reply.hasHeader('content-encoding') &&
    /^(text\/|application\/json)/.test(type) &&
    /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  ) {
    void reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
    reply.removeHeader('content-length');
    return gzipAsync(body);
  }
  return payload;
}

/** Browsers ask for HTML; scripts and other programs get the API's documented JSON error shape. */
const wantsPage = (req: FastifyRequest) => /\btext\/html\b/.test(String(req.headers.accept ?? ''));

/** Errors whose API wording would mislead on a form route. */
function formError(err: FastifyError): Error {
  if (err.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return err;
  return new ServiceError(
    'unsupported_media_type',
    '表单只接受 application/x-www-form-urlencoded 格式',
    'forms accept application/x-www-form-urlencoded only',
    undefined,
    { cause: err },
  );
}

async function renderError(deps: WebDeps, err: Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof LoginRequired) {
    if (req.url.startsWith('/fragments/') || req.url.startsWith('/export/'))
      return reply.code(401).type('text/plain; charset=utf-8').send('请先登录');
    return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
  }
  const e = toServiceError(err);
  if (e.statusCode >= 500) req.log.error({ err }, 'page failed');
  if (req.url.startsWith('/fragments/'))
    return reply.code(e.statusCode).type('text/plain; charset=utf-8').send(e.message);
  if (!wantsPage(req)) return reply.code(e.statusCode).headers(API_HEADERS).send(e.toBody());
  const body = errorBody(e.statusCode, e.message);
  try {
    if (req.principal)
      return sendPage(reply, page(await contextOf(req, deps), { title: '出错了', body }), e.statusCode);
  } catch {
    // fall through to the bare page: the error may be the database itself
  }
  return sendPage(reply, barePage({ deps }, '出错了', body), e.statusCode);
}

/** Registers the dashboard's pages, assets and form posts on `app` (the API server, not yet listening). */
export async function registerWeb(app: FastifyInstance, options: WebOptions): Promise<void> {
  await app.register(async (web) => {
    // Every page is public to the API's bearer check: the dashboard signs people in with its own cookie.
    web.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), public: true } as typeof route.config;
      route.schema = { ...route.schema, hide: true };
    });
    // Forms only: the API's JSON parser is not inherited, so a JSON body to a form route is a 415, never a
    // field that is not the string the form would have sent.
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, parseForm(body.toString())),
    );
    const deps: WebDeps = {
      db: options.db,
      temporal: options.temporal,
      taskQueue: options.taskQueue,
      clock: options.clock,
      assets: registerAssets(web, ASSETS),
      settings: {
        title: options.title ?? '重点任务督查督办',
        mailCatcher: options.mailCatcher ?? true,
        secureCookies: options.secureCookies ?? false,
      },
    };
    const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
    web.addHook('onRequest', async (req) => {
      const token = req.principal ? undefined : readCookie(req, SESSION_COOKIE);
      if (token) req.principal = await principalOfToken(deps.db, token);
      if (!SAFE_METHODS.has(req.method) && !fromOwnOrigin(req, publicOrigin))
        throw new ServiceError(
          'forbidden',
          '请求来源无法确认（来自其他网站，或缺少 Origin 和 Referer），已拒绝',
          'form post refused: its Origin (or, without one, its Referer) is not this site',
        );
    });
    web.addHook('onSend', headersAndCompression);
    web.setErrorHandler((err: FastifyError, req, reply) => renderError(deps, formError(err), req, reply));

    // Unknown paths outside /api/, and URLs the router refuses, get the site's own page (bare: the session hook
    // is this plugin's). They are answered from the root context, outside this plugin's onSend hook, so they
    // are given the page headers here.
    setErrorPage(app, (err, req, reply) => {
      pageHeaders(reply);
      return renderError(deps, err, req, reply);
    });

    sessionRoutes(web, deps, await signInThrottle(web, options.signInLimit ?? DEFAULT_SIGN_IN_LIMIT));
    pageRoutes(web, deps);
    // The quota counters are the API's (createApiServer): a task's writes are counted wherever they come from.
    actionRoutes(web, deps, app.taskWriteGate);
    exportRoutes(web, deps);
    bulletinRoutes(web, deps);
  });
}
