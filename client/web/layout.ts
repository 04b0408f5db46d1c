// The page shell: header with the plan date (督办日) and navigation, the main area, the footer.
import type { WebContext } from './context';
import { isoDate, zhDate, zhWeekday } from './format';
import { html, type Html, type SafeHtml } from './html';

interface NavItem {
  href: string;
  label: string;
}

function navItems(ctx: WebContext): NavItem[] {
  const home =
    ctx.viewer.role === 'office' ? '督查总览' : ctx.viewer.role === 'department' ? '本单位任务' : '分管任务';
  const items = [
    { href: '/', label: home },
    { href: '/overdue', label: '逾期事项' },
    { href: '/ranking', label: '考核排名' },
    { href: '/bulletins', label: '督查通报' },
  ];
  if (ctx.viewer.role === 'office') items.push({ href: '/mail', label: '邮件' });
  return items;
}

/** How fast the plan clock runs, in words: 演示时钟：每秒推进6小时. `speed` is plan seconds per real second. */
function speedNote(speed: number): string {
  if (speed <= 1.0001) return '';
  const round = (n: number) => Math.round(n * 10) / 10;
  if (speed >= 86_400) return `演示时钟：每秒推进${round(speed / 86_400)}天`;
  if (speed >= 3_600) return `演示时钟：每秒推进${round(speed / 3_600)}小时`;
  return `演示时钟：${Math.round(speed)}倍速`;
}

function planClock(ctx: WebContext): SafeHtml {
  const note = speedNote(ctx.clock.speed);
  return html`<div
    class="plan-date"
    data-plan-clock
    data-plan-epoch="${ctx.clock.planEpochMs}"
    data-real-epoch="${ctx.clock.realEpochMs}"
    data-speed="${ctx.clock.speed}"
    data-server-now="${Date.now()}"
    title="${note || '督办日：系统按此日期计算时限、报送节点和督办'}"
  >
    <span class="plan-label">督办日</span>
    <time datetime="${isoDate(ctx.planNow)}" data-plan-date>${zhDate(ctx.planNow)}</time>
    <span class="plan-weekday" data-plan-weekday>${zhWeekday(ctx.planNow)}</span>
    ${note ? html`<span class="plan-speed">${note}</span>` : ''}
  </div>`;
}

export interface PageOptions {
  title: string;
  body: Html;
  /** A short confirmation shown at the top (after an action). */
  flash?: string;
}

/** A whole HTML document for a signed-in viewer. */
export function page(ctx: WebContext, opts: PageOptions): SafeHtml {
  const { assets, settings } = ctx.deps;
  const current = (href: string) =>
    href === '/' ? ctx.path === '/' || ctx.path.startsWith('/tasks/') : ctx.path.startsWith(href);
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · 督办</title>
        <link rel="icon" href="${assets.url('icon.svg')}" type="image/svg+xml" />
        <link rel="stylesheet" href="${assets.url('app.css')}" />
        <script src="${assets.url('app.js')}" defer></script>
      </head>
      <body>
        <header class="topbar">
          <div class="topbar-inner">
            <a class="brand" href="/"
              ><img src="${assets.url('icon.svg')}" alt="" width="28" height="28" /><span class="brand-name"
                >督办</span
              ><span class="brand-org">${settings.title}</span></a
            >
            ${planClock(ctx)}
            <nav class="nav" aria-label="主导航">
              ${navItems(ctx).map(
                (i) =>
                  html`<a href="${i.href}" ${current(i.href) ? html` aria-current="page"` : ''}
                    >${i.label}</a
                  >`,
              )}
            </nav>
            <div class="who">
              <span class="who-name" data-viewer>${ctx.viewerName}</span>
              <form method="post" action="/logout"><button type="submit" class="link">退出</button></form>
            </div>
          </div>
        </header>
        <main class="page" id="main">
          ${opts.flash ? html`<p class="flash" role="status">${opts.flash}</p>` : ''} ${opts.body}
        </main>
        <footer class="footer">督办 · 重点任务督查督办系统 · 数据每隔数秒自动刷新</footer>
        <div class="live-lost" data-live-lost hidden role="alert">
          登录已失效或服务器暂时不可用，<a href="/login">请重新登录</a>
        </div>
      </body>
    </html>`;
}

/** A page for nobody signed in yet (the sign-in form) or for an error before sign-in. */
export function barePage(ctx: Pick<WebContext, 'deps'>, title: string, body: Html): SafeHtml {
  const { assets, settings } = ctx.deps;
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · 督办</title>
        <link rel="icon" href="${assets.url('icon.svg')}" type="image/svg+xml" />
        <link rel="stylesheet" href="${assets.url('app.css')}" />
      </head>
      <body class="bare">
        <header class="topbar">
          <div class="topbar-inner">
            <span class="brand"
              ><img src="${assets.url('icon.svg')}" alt="" width="28" height="28" /><span class="brand-name"
                >督办</span
              ><span class="brand-org">${settings.title}</span></span
            >
          </div>
        </header>
        <main class="page page-narrow" id="main">${body}</main>
      </body>
    </html>`;
}
