// 邮件: the embedded mail catcher's inbox (what the system actually delivered) and the outbox with each
// notification's delivery state; one message in full.
import type { CaughtMail, CaughtMailDetail } from '../../../db/queries/caught-mail';
import type { OutboxEntry } from '../../../db/queries/outbox';
import { MAIL_STATUS_LABEL } from '../../service/labels';
import { tableHead } from '../components';
import type { WebContext } from '../context';
import { realDateTime } from '../format';
import { html, type SafeHtml } from '../html';

const taskLink = (id: string | null) =>
  id ? html`<a href="/tasks/${encodeURIComponent(id)}">${id}</a>` : '—';

function caughtTable(caught: CaughtMail[]): SafeHtml {
  if (caught.length === 0) return html`<p class="empty">邮件接收器尚未收到邮件。</p>`;
  return html`<div class="table-wrap">
    <table class="table mail">
      ${tableHead(['收到时间', '主题', '收件人', '任务'])}
      <tbody>
        ${caught.map(
          (m) =>
            html`<tr data-mail="${m.id}">
              <td data-label="收到时间">${realDateTime(m.receivedAt)}</td>
              <td data-label="主题"><a href="/mail/${m.id}">${m.subject ?? '（无主题）'}</a></td>
              <td data-label="收件人">
                ${m.to ?? m.envelopeTo.join(', ')}${m.cc ? html`<div class="muted small">抄送 ${m.cc}</div>` : ''}
              </td>
              <td data-label="任务">${taskLink(m.taskId)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function outboxTable(outbox: OutboxEntry[]): SafeHtml {
  if (outbox.length === 0) return html`<p class="empty">发件箱为空。</p>`;
  return html`<div class="table-wrap">
    <table class="table outbox">
      ${tableHead(['生成时间', '主题', '收件人', '状态', '任务'])}
      <tbody>
        ${outbox.map(
          (m) =>
            html`<tr>
              <td data-label="生成时间">${realDateTime(m.createdAt)}</td>
              <td data-label="主题">${m.subject}</td>
              <td data-label="收件人">
                ${m.to.join(', ') || '—'}${m.missingRecipients.length ? html`<div class="muted small">缺少地址：${m.missingRecipients.join('、')}</div>` : ''}
              </td>
              <td data-label="状态">
                <span class="badge mail-${m.status}">${MAIL_STATUS_LABEL[m.status] ?? m.status}</span
                >${m.attempts > 1 ? html` <span class="muted small">尝试${m.attempts}次</span>` : ''}${m.lastError ? html`<div class="muted small">${m.lastError}</div>` : ''}
              </td>
              <td data-label="任务">${taskLink(m.taskId)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function mailboxLive(ctx: WebContext, box: { caught: CaughtMail[]; outbox: OutboxEntry[] }): SafeHtml {
  return html`${
      ctx.deps.settings.mailCatcher
        ? html`<section class="card">
            <h2>收件箱（内置邮件接收器）<span class="muted small">最近${box.caught.length}封</span></h2>
            ${caughtTable(box.caught)}
          </section>`
        : html`<p class="hint">邮件经 SMTP 发往真实邮箱，内置邮件接收器未启用；下面是发件记录。</p>`
    }
    <section class="card">
      <h2>发件箱<span class="muted small">最近${box.outbox.length}条</span></h2>
      ${outboxTable(box.outbox)}
    </section>`;
}

export function mailboxBody(live: SafeHtml, version: string): SafeHtml {
  return html`<div class="page-head">
      <div>
        <h1>邮件</h1>
        <p class="lede">提醒、催办、督办、约谈和交办通知的邮件及其投递状态</p>
      </div>
    </div>
    <div class="live" data-live="/fragments/mail" data-live-version="${version}">${live}</div>`;
}

export function mailBody(m: CaughtMailDetail): SafeHtml {
  const row = (k: string, v: string | null) =>
    v
      ? html`<div>
          <dt>${k}</dt>
          <dd>${v}</dd>
        </div>`
      : '';
  return html`<p class="crumbs"><a href="/mail">邮件</a> › ${m.subject ?? '（无主题）'}</p>
    <article class="card mail-detail">
      <h1>${m.subject ?? '（无主题）'}</h1>
      <dl class="facts">
        ${row('发件人', m.from)}${row('收件人', m.to)}${row('抄送', m.cc)}${row('收到时间', realDateTime(m.receivedAt))}${row('任务', m.taskId)}${row('幂等键', m.key)}${row('Message-ID', m.messageId)}
      </dl>
      <pre class="mail-text">${m.text ?? '（无纯文本正文）'}</pre>
    </article>`;
}
