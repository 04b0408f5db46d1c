// Sign in and out: POST /login checks the token and keeps it in the session cookie; POST /logout drops it.
import type { FastifyInstance } from 'fastify';
import { principalOfToken } from '../../service/tokens';
import type { WebDeps } from '../context';
import type { FormFields } from '../form-body';
import { barePage } from '../layout';
import { loginBody } from '../pages/login';
import { clearSession, safeNext, setSession } from '../session';
import { sendPage } from './reply';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

export function sessionRoutes(app: FastifyInstance, deps: WebDeps): void {
  const form = (next: string, error?: string) => barePage({ deps }, '登录', loginBody({ next, error }));
  const secure = deps.settings.secureCookies;

  app.get<{ Querystring: { next?: string } }>('/login', (req, reply) =>
    sendPage(reply, form(safeNext(req.query.next))),
  );

  app.post<{ Body: FormFields | undefined }>('/login', async (req, reply) => {
    const body = req.body ?? {};
    const next = safeNext(first(body.next));
    const token = first(body.token);
    if (!token) return sendPage(reply, form(next, '请输入令牌'), 400);
    const principal = await principalOfToken(deps.db, token);
    if (!principal) return sendPage(reply, form(next, '令牌无效或已吊销，请向督查室确认'), 401);
    setSession(reply, token, secure);
    return reply.redirect(next, 303);
  });

  app.post('/logout', (_req, reply) => {
    clearSession(reply, secure);
    return reply.redirect('/login', 303);
  });
}
