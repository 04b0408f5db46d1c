// Each page from its data: the whole page, and the self-refreshing parts the script polls. One function per
// view, used by the GET routes, the fragments and the form posts that re-render a page with errors.
import { createHash } from 'node:crypto';
import { listTaskMail } from '../../db/queries/task-mail';
import { boardFor } from '../service/board';
import { caughtMailFor, mailboxFor } from '../service/mailbox';
import { overdueFor } from '../service/overdue';
import { ranking } from '../service/ranking';
import { getTaskFor } from '../service/task-queries';
import type { WebContext } from './context';
import type { FormState } from './form';
import type { SafeHtml } from './html';
import { page } from './layout';
import { boardBody, boardLive, boardQueryString, boardTitle } from './pages/board';
import { mailBody, mailboxBody, mailboxLive } from './pages/mailbox';
import { overdueBody, overdueLive } from './pages/overdue';
import { rankingBody, rankingLive } from './pages/ranking';
import { taskBody, taskHead, taskTrail } from './pages/task';
import { taskActions } from './pages/task-forms';

/** The version of a live part: the page polls with it and gets 304 until the part changes. */
export const versionOf = (h: SafeHtml) =>
  `"${createHash('sha1').update(h.value).digest('base64url').slice(0, 20)}"`;

export async function boardLiveView(ctx: WebContext, query: unknown): Promise<SafeHtml> {
  return boardLive(ctx, await boardFor(ctx.deps, ctx.viewer, query));
}

export async function boardView(ctx: WebContext, query: unknown): Promise<SafeHtml> {
  const board = await boardFor(ctx.deps, ctx.viewer, query);
  const live = boardLive(ctx, board);
  const liveUrl = `/fragments/board${boardQueryString(board.filter)}`;
  return page(ctx, { title: boardTitle(ctx), body: boardBody(ctx, board, live, liveUrl, versionOf(live)) });
}

export async function overdueLiveView(ctx: WebContext): Promise<SafeHtml> {
  return overdueLive(ctx, (await overdueFor(ctx.deps, ctx.viewer)).items);
}

export async function overdueView(ctx: WebContext): Promise<SafeHtml> {
  const live = await overdueLiveView(ctx);
  return page(ctx, { title: '逾期事项', body: overdueBody(ctx, live, versionOf(live)) });
}

async function taskData(ctx: WebContext, id: string) {
  const detail = await getTaskFor(ctx.deps, ctx.viewer, id);
  return { detail, mails: await listTaskMail(ctx.deps.db, id) };
}

export async function taskPartView(ctx: WebContext, id: string, part: 'head' | 'trail'): Promise<SafeHtml> {
  const { detail, mails } = await taskData(ctx, id);
  return part === 'head' ? taskHead(ctx, detail) : taskTrail(ctx, detail, mails);
}

/** The task page; `st` re-renders one action form with what was typed and why it was refused. */
export async function taskView(
  ctx: WebContext,
  id: string,
  st?: FormState,
  flash?: string,
): Promise<SafeHtml> {
  const { detail, mails } = await taskData(ctx, id);
  const head = taskHead(ctx, detail);
  const trail = taskTrail(ctx, detail, mails);
  const body = taskBody(
    {
      head,
      headVersion: versionOf(head),
      trail,
      trailVersion: versionOf(trail),
      actions: taskActions(ctx, detail, st),
    },
    id,
  );
  return page(ctx, { title: detail.task.title, body, flash });
}

export async function rankingLiveView(ctx: WebContext): Promise<SafeHtml> {
  return rankingLive(ctx, await ranking(ctx.deps));
}

export async function rankingView(ctx: WebContext, st?: FormState, flash?: string): Promise<SafeHtml> {
  const r = await ranking(ctx.deps);
  const live = rankingLive(ctx, r);
  return page(ctx, { title: '考核排名', body: rankingBody(ctx, r, live, versionOf(live), st), flash });
}

export async function mailboxLiveView(ctx: WebContext): Promise<SafeHtml> {
  return mailboxLive(ctx, await mailboxFor(ctx.deps, ctx.viewer, { limit: 100 }));
}

export async function mailboxView(ctx: WebContext): Promise<SafeHtml> {
  const live = await mailboxLiveView(ctx);
  return page(ctx, { title: '邮件', body: mailboxBody(live, versionOf(live)) });
}

export async function mailView(ctx: WebContext, id: string): Promise<SafeHtml> {
  const m = await caughtMailFor(ctx.deps, ctx.viewer, id);
  return page(ctx, { title: m.subject ?? '邮件', body: mailBody(m) });
}
