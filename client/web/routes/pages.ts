// GET routes of the dashboard: the pages, and the fragments their script polls to stay current.
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../service/input';
import { taskPageQuery } from '../../service/schemas';
import { contextOf, type WebDeps } from '../context';
import { WEB_ACTIONS } from '../form-body';
import * as views from '../views';
import { sendFragment, sendPage } from './reply';

type Id = { Params: { id: string } };

export function pageRoutes(app: FastifyInstance, deps: WebDeps): void {
  const ctx = (req: Parameters<typeof contextOf>[0]) => contextOf(req, deps);

  app.get('/', async (req, reply) => sendPage(reply, await views.boardView(await ctx(req), req.query)));
  app.get('/fragments/board', async (req, reply) =>
    sendFragment(req, reply, await views.boardLiveView(await ctx(req), req.query)),
  );

  app.get('/overdue', async (req, reply) => sendPage(reply, await views.overdueView(await ctx(req))));
  app.get('/fragments/overdue', async (req, reply) =>
    sendFragment(req, reply, await views.overdueLiveView(await ctx(req))),
  );

  // ?page=2 and on: older reports and trail, a page at a time (a bad page number is a 400 naming it).
  app.get<Id & { Querystring: { done?: string; page?: string } }>('/tasks/:id', async (req, reply) => {
    const done = req.query.done ? WEB_ACTIONS[req.query.done]?.done : undefined;
    const { page } = parseInput(taskPageQuery, req.query);
    return sendPage(reply, await views.taskView(await ctx(req), req.params.id, undefined, done, page));
  });
  app.get<Id>('/fragments/tasks/:id/head', async (req, reply) =>
    sendFragment(req, reply, await views.taskPartView(await ctx(req), req.params.id, 'head')),
  );
  app.get<Id>('/fragments/tasks/:id/trail', async (req, reply) =>
    sendFragment(req, reply, await views.taskPartView(await ctx(req), req.params.id, 'trail')),
  );

  app.get<{ Querystring: { done?: string } }>('/ranking', async (req, reply) =>
    sendPage(
      reply,
      await views.rankingView(await ctx(req), undefined, req.query.done ? '计分规则已保存' : undefined),
    ),
  );
  app.get('/fragments/ranking', async (req, reply) =>
    sendFragment(req, reply, await views.rankingLiveView(await ctx(req))),
  );

  app.get('/mail', async (req, reply) => sendPage(reply, await views.mailboxView(await ctx(req))));
  app.get('/fragments/mail', async (req, reply) =>
    sendFragment(req, reply, await views.mailboxLiveView(await ctx(req))),
  );
  app.get<Id>('/mail/:id', async (req, reply) =>
    sendPage(reply, await views.mailView(await ctx(req), req.params.id)),
  );
}
