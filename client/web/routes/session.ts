// Sign in and out: POST /login checks the token and keeps it in the session cookie; POST /logout drops it.
import type { FastifyInstance } from 'fastify';
import { principalOfToken } from '../../service/tokens';
import type { WebDeps } from '../context';
import { formField, type FormFields } from '../form-body';
import { barePage } from '../layout';
import { loginBody } from '../pages/login';
import { clearSession, safeNext, setSession } from '../session';
import type { SignInThrottle } from '../sign-in-throttle';
import { sendPage } from './reply';

export function sessionRoutes(app: FastifyInstance, deps: WebDeps, throttle: SignInThrottle): void {
  const form = (next: string, error?: string) => barePage({ deps }, '登录', loginBody({ next, error }));
  const secure = deps.settings.secureCookies;

  app.get<{ Querystring: { next?: string } }>('/login', (req, reply) =>
    sendPage(reply, form(safeNext(req.query.next))),
  );

  // Not in the general per-address limit: failed sign-ins are throttled per (token, address) instead.
  app.post<{ Body: FormFields | undefined }>(
    '/login',
    { config: { rateLimit: false } },
    async (req, reply) => {
      const next = safeNext(formField(req.body, 'next'));
      const token = formField(req.body, 'token');
      if (!token) return sendPage(reply, form(next, '请输入令牌'), 400);
      const refused = await throttle.refusal(req);
      if (refused) {
        void reply.header('retry-after', refused.retryAfterS);
        return sendPage(reply, form(next, refused.error.message), refused.error.statusCode);
      }
      const principal = await principalOfToken(deps.db, token);
      if (!principal) {
        await throttle.failed(req);
        return sendPage(reply, form(next, '令牌无效或已吊销，请向督查室确认'), 401);
      }
      setSession(reply, token, secure);
      return reply.redirect(next, 303);
    },
  );

  app.post('/logout', (_req, reply) => {
    clearSession(reply, secure);
    return reply.redirect('/login', 303);
  });
}
