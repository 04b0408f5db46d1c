// Each page from its data: the whole page, and the self-refreshing parts the script polls. One function per
// view, used by the GET routes, the fragments and the form posts that re-render a page with errors.
import { createHash } from 'node:crypto';
import { progressSeries } from '../../db/queries/task-history';
import { listTaskMail } from '../../db/queries/task-mail';
import type { TaskDetail } from '../service/task-queries';
import { boardFor } from '../service/board';
import { caughtMailFor, mailboxFor } from '../service/mailbox';
import { overdueFor } from '../service/overdue';
import { ranking } from '../service/ranking';
import { PAGE_SIZE } from '../service/schemas';
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

/** The task with page `trailPage` (1: the newest) of its reports and trail, both paged alike. */
function taskDetail(ctx: WebContext, id: string, trailPage: number) {
  const limit = PAGE_SIZE.default;
  const offset = (trailPage - 1) * limit;
  return getTaskFor(ctx.deps, ctx.viewer, id, {
    reportsLimit: limit,
    reportsOffset: offset,
    eventsLimit: limit,
    eventsOffset: offset,
  });
}

async function head(ctx: WebContext, detail: TaskDetail) {
  return taskHead(ctx, detail, await progressSeries(ctx.deps.db, detail.task.id));
}

async function trail(ctx: WebContext, detail: TaskDetail, trailPage: number) {
  return taskTrail(ctx, detail, await listTaskMail(ctx.deps.db, detail.task.id), trailPage);
}

/** A live part of the task page; it is polled on the newest page only. */
export async function taskPartView(ctx: WebContext, id: string, part: 'head' | 'trail'): Promise<SafeHtml> {
  const detail = await taskDetail(ctx, id, 1);
  return part === 'head' ? head(ctx, detail) : trail(ctx, detail, 1);
}

/**
 * The task page, with page `trailPage` of its reports and trail (1: the newest); `st` re-renders one action form
 * with what was typed and why it was refused.
 */
export async function taskView(
  ctx: WebContext,
  id: string,
  st?: FormState,
  flash?: string,
  trailPage = 1,
): Promise<SafeHtml> {
  const detail = await taskDetail(ctx, id, trailPage);
  const [headHtml, trailHtml] = await Promise.all([head(ctx, detail), trail(ctx, detail, trailPage)]);
  const body = taskBody(
    {
      head: headHtml,
      headVersion: versionOf(headHtml),
      trail: trailHtml,
      // An older page stays as it is: new entries would shift it under the reader.
      trailVersion: trailPage === 1 ? versionOf(trailHtml) : undefined,
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
