// The sign-in form: paste the token the office issued (`duban token create`; `duban up` prints demo tokens).
import { html, type SafeHtml } from '../html';

export function loginBody(opts: { next: string; error?: string }): SafeHtml {
  return html`<section class="card login">
    <h1>登录督办系统</h1>
    <p class="lede">
      督查室、责任单位和分管领导凭督查室发放的令牌登录。登录状态保存在本浏览器中，关闭浏览器即失效。
    </p>
    <form method="post" action="/login" novalidate data-form="login">
      <input type="hidden" name="next" value="${opts.next}" />
      <div class="field${opts.error ? ' has-error' : ''}">
        <label for="f-login-token">令牌<span class="req" aria-hidden="true">*</span></label>
        <input
          id="f-login-token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          aria-required="true"
          placeholder="dbn_…"
          ${opts.error ? html` aria-invalid="true" aria-describedby="f-login-token-error" autofocus` : ''}
        />
        ${opts.error ? html`<p class="field-error" id="f-login-token-error" data-error-for="token">${opts.error}</p>` : ''}
        <p class="hint">
          令牌由督查室用 <code>duban token create</code> 发放；演示环境启动时（<code>npm start</code
          >）会在终端打印督查室和交通运输局的令牌。
        </p>
      </div>
      <div class="form-actions"><button type="submit" class="button">登录</button></div>
    </form>
  </section>`;
}
