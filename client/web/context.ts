// What every page needs to know about the request: who is looking, the department names, the plan instant.
import type { FastifyRequest } from 'fastify';
import { listDepartments } from '../../db/queries/departments';
import { planAt } from '../../workflows/clock';
import type { ClockSpec } from '../../workflows/domain';
import type { ServiceDeps } from '../service/deps';
import type { Principal } from '../service/principal';
import type { Assets } from './assets';
import { viewerOf } from './session';

export interface WebSettings {
  /** The product line under the brand, e.g. the office's name. */
  title: string;
  /** Whether the embedded mail catcher is in use (the mailbox page shows what it caught). */
  mailCatcher: boolean;
  /** Mark the session cookie Secure (served over https). */
  secureCookies: boolean;
}

export interface WebDeps extends ServiceDeps {
  assets: Assets;
  settings: WebSettings;
}

export interface WebContext {
  deps: WebDeps;
  viewer: Principal;
  /** How the viewer is named in the header: the department's or leader's name, or 督查室. */
  viewerName: string;
  /** Department code → name. */
  names: Map<string, string>;
  planNow: number;
  clock: ClockSpec;
  /** The request path, for the navigation's current page. */
  path: string;
}

/** The context of a page request; throws LoginRequired when nobody is signed in. */
export async function contextOf(req: FastifyRequest, deps: WebDeps): Promise<WebContext> {
  const viewer = viewerOf(req);
  const names = new Map((await listDepartments(deps.db)).map((d) => [d.code, d.name]));
  // The office is 督查室 whatever its token's label (a label such as "duban up (simulator)" is for the trail).
  const viewerName =
    viewer.role === 'department'
      ? (names.get(viewer.department ?? '') ?? viewer.department ?? '')
      : viewer.role === 'leader'
        ? (viewer.label ?? viewer.leaderEmail ?? '分管领导')
        : '督查室';
  return {
    deps,
    viewer,
    viewerName,
    names,
    planNow: planAt(deps.clock, Date.now()),
    clock: deps.clock,
    path: req.url.split('?')[0] ?? '/',
  };
}

/** A department's name for its code (the code itself when unknown). */
export const deptName = (ctx: WebContext, code: string) => ctx.names.get(code) ?? code;
