// The one layout every notice shares: salutation, paragraphs, the task's facts, what to do and where,
// the escalation history and the signature. Kind templates supply wording; this renders text and HTML.
import { planDate } from '../../../workflows/clock';
import type { Notice } from '../../../workflows/domain';
import { bodyText, oneLine, truncate } from '../text-safety';
import { html, multiline } from './html';
import { dateCn, historySubject, instantCn, levelCn } from './wording';

/** What a template knows: the notice and the catalog facts, already cleaned of control characters. */
export interface MessageContext {
  notice: Notice;
  task: {
    id: string;
    title: string;
    /** The sentence of the government work report the task comes from. */
    source: string;
    sectionPath: string[];
    /** 'YYYY-MM-DD': the current deadline. */
    deadline: string;
    leadDepartment: string;
    coDepartments: string[];
    /** How often progress is reported: '月' or '季度'. */
    cadence: string;
  };
  /** Who the message is written to, for the salutation: '交通运输局局长张三'. */
  addressees: string;
  /** The sender's display name, for the signature. */
  sender: string;
  /** The task's page on the dashboard. */
  taskUrl: string;
}

/** A kind template's wording. */
export interface Letter {
  /** The bracketed tag that opens the subject: '催办'. */
  tag: string;
  /** The subject after the tag: '关于“道路畅达工程”2023年6月进度报告逾期的通知'. */
  subject: string;
  paragraphs: string[];
  /** Free text quoted as written: a rejection reason, an instruction, a decision. */
  quote?: { label: string; text: string };
  /** What to do; the link to the task page follows it. */
  action: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The title as a subject quotes it: “道路畅达工程”, capped so a subject stays readable. */
export function quotedTitle(ctx: MessageContext): string {
  return `“${truncate(oneLine(ctx.task.title), 60)}”`;
}

interface HistoryLine {
  when: string;
  level: string;
  about: string;
  current: boolean;
}

function historyLines(notice: Notice): HistoryLine[] {
  return notice.history.map((h) => ({
    when: instantCn(h.at),
    level: levelCn(h.level),
    about: historySubject(h.reason, h.period),
    current:
      h.level === notice.level &&
      h.reason === notice.reason &&
      h.period === notice.period &&
      h.at === notice.planAt,
  }));
}

function facts(ctx: MessageContext): Array<[string, string]> {
  return [
    ['任务名称', ctx.task.title],
    ['任务编号', ctx.task.id],
    ...(ctx.task.sectionPath.length
      ? [['所属部分', ctx.task.sectionPath.join(' / ')] as [string, string]]
      : []),
    ['任务来源', ctx.task.source],
    ['牵头单位', ctx.task.leadDepartment],
    ...(ctx.task.coDepartments.length
      ? [['配合单位', ctx.task.coDepartments.join('、')] as [string, string]]
      : []),
    ['办结时限', dateCn(ctx.task.deadline)],
  ];
}

// Two ideographic spaces: the customary first-line indent of a Chinese paragraph.
const INDENT = '\u3000\u3000';

const footnote = (key: string) => `本邮件由督办系统自动发送，请勿直接回复。编号：${key}`;

function renderText(ctx: MessageContext, letter: Letter, history: HistoryLine[], signedOn: string): string {
  const lines: string[] = [`${ctx.addressees}：`, ''];
  for (const p of letter.paragraphs) lines.push(`${INDENT}${p}`, '');
  for (const [label, value] of facts(ctx)) lines.push(`${label}：${value}`);
  lines.push('');
  if (letter.quote) lines.push(`${letter.quote.label}：`, letter.quote.text, '');
  lines.push(letter.action, `办理入口：${ctx.taskUrl}`, '');
  lines.push(history.length ? '督办记录：' : '督办记录：暂无。');
  history.forEach((h, i) =>
    lines.push(`  ${i + 1}. ${h.when}  ${h.level}  ${h.about}${h.current ? '（本次）' : ''}`),
  );
  lines.push('', ctx.sender, signedOn, '', `（${footnote(ctx.notice.key)}）`);
  return `${lines.join('\n')}\n`;
}

const th = (v: string) => html`<th align="left" style="padding:2px 12px 2px 0;vertical-align:top">${v}</th>`;
const td = (v: string | number) => html`<td style="padding:2px 12px 2px 0;vertical-align:top">${v}</td>`;

function renderHtml(
  ctx: MessageContext,
  subject: string,
  letter: Letter,
  history: HistoryLine[],
  signedOn: string,
): string {
  const factRows = facts(ctx).map(
    ([k, v]) =>
      html`<tr>
        ${th(k)}${td(v)}
      </tr> `,
  );
  const historyRows = history.map((h, i) => {
    const row = [td(i + 1), td(h.when), td(h.level), td(`${h.about}${h.current ? '（本次）' : ''}`)];
    return h.current
      ? html`<tr style="font-weight:bold">
          ${row}
        </tr> `
      : html`<tr>
          ${row}
        </tr> `;
  });
  const quote = letter.quote
    ? html`<p><strong>${letter.quote.label}：</strong></p>
        <blockquote style="margin:0 0 0 1em;padding-left:1em;border-left:3px solid #c00">
          ${multiline(letter.quote.text)}
        </blockquote>`
    : '';
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>${subject}</title>
      </head>
      <body
        style="font-family:'Microsoft YaHei','PingFang SC',sans-serif;font-size:15px;line-height:1.7;color:#222"
      >
        <p>${ctx.addressees}：</p>
        ${letter.paragraphs.map((p) => html`<p style="text-indent:2em">${p}</p> `)}
        <table style="border-collapse:collapse;margin:8px 0">
          ${factRows}
        </table>
        ${quote}
        <p>${letter.action}</p>
        <p>办理入口：<a href="${ctx.taskUrl}">${ctx.taskUrl}</a></p>
        <p><strong>督办记录：</strong>${history.length ? '' : '暂无。'}</p>
        ${
          history.length
            ? html`<table style="border-collapse:collapse">
                ${historyRows}
              </table>`
            : ''
        }
        <p style="margin-top:2em">${ctx.sender}<br />${signedOn}</p>
        <p style="color:#888;font-size:12px">${footnote(ctx.notice.key)}</p>
      </body>
    </html> `.value;
}

/** Renders a letter: a one-line subject, a plain-text body and an HTML body with every value escaped. */
export function renderLetter(ctx: MessageContext, letter: Letter): RenderedMessage {
  const subject = oneLine(`【${letter.tag}】${letter.subject}`, 250);
  const clean: Letter = {
    ...letter,
    paragraphs: letter.paragraphs.map((p) => bodyText(p)),
    quote: letter.quote && { label: letter.quote.label, text: bodyText(letter.quote.text) },
  };
  const history = historyLines(ctx.notice);
  const signedOn = dateCn(planDate(ctx.notice.planAt));
  return {
    subject,
    text: renderText(ctx, clean, history, signedOn),
    html: renderHtml(ctx, subject, clean, history, signedOn),
  };
}
