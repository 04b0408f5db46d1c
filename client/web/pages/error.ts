// The error page: what went wrong, in Chinese, and the way back.
import { html, type SafeHtml } from '../html';

export function errorBody(status: number, message: string): SafeHtml {
  const title =
    status === 404 ? '没有找到' : status === 403 ? '无权查看' : status >= 500 ? '出错了' : '请求有误';
  return html`<section class="card error-page" data-status="${status}">
    <h1>${title}</h1>
    <p>${message}</p>
    <p><a class="button secondary" href="/">返回首页</a></p>
  </section>`;
}
