// 督查通报: the list (the office sees drafts too; units and leaders issued ones only), one bulletin with its
// document framed from /bulletins/:year/:number/document and its PDF and .docx to download, and the office's
// forms on it: the 按语 and the praise and criticism lists of a draft, issuing it, opening a correction of an
// issued one. Everything goes through the service (client/service/bulletins.ts), which decides who sees what.
// The routes are in ../routes/bulletins.ts.
import { randomUUID } from 'node:crypto';
import type { Bulletin } from '../../../db/queries/bulletins';
import type { UnitMention } from '../../../db/bulletin-figures';
import { bulletinTitle, periodParts } from '../../bulletin/wording';
import { getBulletin, listBulletins } from '../../service/bulletins';
import { tableHead } from '../components';
import { deptName, type WebContext } from '../context';
import { actionForm, errorOf, field, type FormState } from '../form';
import { realDateTime, zhDate } from '../format';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';

type Listed = Awaited<ReturnType<typeof listBulletins>>['items'][number];
export type Ref = Pick<Bulletin, 'planYear' | 'number'>;

/** 2023年第6期 */
const issueLabel = (b: Ref) => `${b.planYear}年第${b.number}期`;
/** 2023-06 → 2023年6月 */
const monthText = (period: string) => {
  const { year, month } = periodParts(period);
  return `${year}年${month}月`;
};
export const pathOf = (b: Ref) => `/bulletins/${b.planYear}/${b.number}`;

function statusBadges(b: Pick<Bulletin, 'status' | 'corrects'>): SafeHtml {
  return html`<span class="badge status ${b.status === 'issued' ? 'status-completed' : 'status-draft'}"
      >${b.status === 'issued' ? '已印发' : '草稿'}</span
    >${b.corrects === null ? '' : html` <span class="badge">更正第${b.corrects}期</span>`}`;
}

function downloads(b: Ref): SafeHtml {
  return html`<a href="${pathOf(b)}/document.pdf" download>PDF</a> ·
    <a href="${pathOf(b)}/document.docx" download>Word</a>`;
}

// ---- the list ----------------------------------------------------------------------------------------------

export function bulletinListBody(ctx: WebContext, items: Listed[]): SafeHtml {
  const office = ctx.viewer.role === 'office';
  const table = items.length
    ? html`<div class="table-wrap">
        <table class="table bulletins">
          ${tableHead(['期号', '月份', '状态', '截止', '印发时间', '文件'])}
          <tbody>
            ${items.map(
              (b) =>
                html`<tr data-bulletin="${b.planYear}-${b.number}">
                  <td data-label="期号">
                    <a href="${pathOf(b)}"><b>${issueLabel(b)}</b></a>
                  </td>
                  <td data-label="月份">${monthText(b.period)}</td>
                  <td data-label="状态">${statusBadges(b)}</td>
                  <td data-label="截止">${zhDate(b.closesAt)}</td>
                  <td data-label="印发时间">
                    ${b.issuedAt ? realDateTime(b.issuedAt) : html`<span class="muted">未印发</span>`}
                  </td>
                  <td data-label="文件"><a href="${pathOf(b)}">查看</a> · ${downloads(b)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    : html`<p class="empty">
        ${office ? '尚无督查通报。每月报送截止后，系统自动起草当月通报。' : '尚无已印发的督查通报。'}
      </p>`;
  return html`<div class="page-head">
      <div>
        <h1>督查通报</h1>
        <p class="lede">
          ${
            office
              ? '每月重点任务推进情况的通报：系统按月起草，督查室审定按语和表扬、批评名单后印发，邮件发送各单位和分管领导'
              : '督查室每月印发的重点任务推进情况通报'
          }
        </p>
      </div>
    </div>
    <section class="card">${table}</section>`;
}

// ---- one bulletin --------------------------------------------------------------------------------------------

/** The office's praise and criticism lists as the form shows them: one unit a line, `代码 理由`. */
const mentionLines = (list: UnitMention[]) => list.map((m) => `${m.code} ${m.because}`).join('\n');

export const LIST_LABEL = { praise: '表扬单位', criticism: '通报批评单位' } as const;
export type ListName = keyof typeof LIST_LABEL;
const MAX_BECAUSE = 500;

/**
 * One textarea of units, a unit a line as `代码 理由` (the unit may also be named by its full name, and a colon or
 * comma may separate it from the reason). Blank lines are skipped; a line is numbered as the textarea shows it.
 */
export function parseMentions(
  text: string,
  names: ReadonlyMap<string, string>,
): { mentions: UnitMention[] } | { error: string } {
  const byName = new Map([...names].map(([code, name]) => [name, code]));
  const mentions: UnitMention[] = [];
  const lineOf = new Map<string, number>();
  const lines = text.split(/\r\n|\r|\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const n = i + 1;
    const m = /^([^\s:：,，、]+)[\s:：,，、]+(.+)$/u.exec(line);
    if (!m) return { error: `第${n}行「${line}」缺少理由：每行写一个单位，格式为「单位代码 理由」` };
    const given = m[1]!;
    const because = m[2]!.trim();
    const code = names.has(given) ? given : byName.get(given);
    if (code === undefined) return { error: `第${n}行：单位代码「${given}」不存在` };
    const name = names.get(code)!;
    const first = lineOf.get(code);
    if (first !== undefined) return { error: `第${n}行：${name}已在第${first}行列出` };
    if ([...because].length > MAX_BECAUSE) return { error: `第${n}行：理由不能超过${MAX_BECAUSE}字` };
    lineOf.set(code, n);
    mentions.push({ code, name, because });
  }
  return { mentions };
}

function facts(ctx: WebContext, b: Bulletin): SafeHtml {
  const row = (k: string, v: SafeHtml | string, key = '') =>
    html`<div${key ? html` data-fact="${key}"` : ''}>
      <dt>${k}</dt>
      <dd>${v}</dd>
    </div>`;
  const issued = b.status === 'issued';
  return html`<section class="card" id="facts">
    <dl class="facts">
      ${row('月份', monthText(b.period))} ${row('截止', zhDate(b.closesAt))} ${row('状态', statusBadges(b))}
      ${row('起草时间', realDateTime(b.draftedAt))}
      ${issued ? row('印发时间', realDateTime(b.issuedAt!)) : ''}
      ${issued ? row('印发人', b.issuedBy ?? '—', 'issued-by') : ''}
      ${row('表扬', b.praise.length ? b.praise.map((m) => deptName(ctx, m.code)).join('、') : '—')}
      ${row('通报批评', b.criticism.length ? b.criticism.map((m) => deptName(ctx, m.code)).join('、') : '—')}
    </dl>
    ${
      issued && b.contentHash
        ? html`<p class="small">
            内容校验码（SHA-256）：<code data-content-hash>${b.contentHash}</code>
            <span class="muted">印发时对通报内容及PDF、Word文件计算，可用于核对收到的文件是否为原件</span>
          </p>`
        : ''
    }
  </section>`;
}

function editForm(ctx: WebContext, b: Bulletin, st: FormState | undefined): SafeHtml {
  const form = 'bulletin-edit';
  const example = b.figures.units[0]?.code ?? [...ctx.names.keys()][0] ?? 'jtj';
  const hint = html`每行一个单位，格式为「单位代码 理由」，如「${example} 本期报送全部按时」；留空表示不列。`;
  return actionForm(
    { form, action: `${pathOf(b)}/edit`, submit: '保存修改', requestId: randomUUID() },
    st,
    html`${field(
        {
          form,
          name: 'remark',
          label: '督查室按语',
          type: 'textarea',
          value: b.remark,
          hint: '印在通报末尾「督查室按语」一节，每行一段。',
        },
        st,
      )}
      ${field(
        {
          form,
          name: 'praise',
          label: LIST_LABEL.praise,
          type: 'textarea',
          value: mentionLines(b.praise),
          hint,
        },
        st,
      )}
      ${field(
        {
          form,
          name: 'criticism',
          label: LIST_LABEL.criticism,
          type: 'textarea',
          value: mentionLines(b.criticism),
          hint,
        },
        st,
      )}
      <details class="codes">
        <summary class="small">单位代码一览</summary>
        <p class="small">${[...ctx.names].map(([code, name]) => `${code} ${name}`).join('；')}</p>
      </details>`,
  );
}

function issueForm(b: Bulletin, st: FormState | undefined): SafeHtml {
  const form = 'bulletin-issue';
  const error = errorOf(st, form, 'confirm');
  return actionForm(
    {
      form,
      action: `${pathOf(b)}/issue`,
      submit: '印发',
      requestId: randomUUID(),
      confirm: `确认印发督查通报${issueLabel(b)}？印发后将发送邮件给各单位和分管领导，且不能撤回。`,
      danger: true,
    },
    st,
    html`<p>
        印发后，通报内容和PDF、Word文件即被固定并计算校验码，随即通过邮件发送各单位和分管领导。印发不能撤回；如需更正，只能另行印发更正通报。
      </p>
      <div class="field${error ? ' has-error' : ''}">
        <label class="inline"
          ><input
            type="checkbox"
            name="confirm"
            value="yes"
            ${error ? html` aria-invalid="true" aria-describedby="f-${form}-confirm-error" autofocus` : ''}
          />
          我已核对通报内容，确认印发</label
        >
        ${
          error
            ? html`<p class="field-error" id="f-${form}-confirm-error" data-error-for="confirm">${error}</p>`
            : ''
        }
      </div>`,
  );
}

function correctForm(b: Bulletin, st: FormState | undefined): SafeHtml {
  return actionForm(
    {
      form: 'bulletin-correct',
      action: `${pathOf(b)}/correct`,
      submit: '更正',
      requestId: randomUUID(),
    },
    st,
    html`<p>
      已印发的通报不能修改。更正将以本通报的内容另起一期草稿（注明「本期为第${b.number}期的更正」），修改后再印发。
    </p>`,
  );
}

/** The office's forms on `b`: [key, summary, form]. */
function formsFor(
  ctx: WebContext,
  b: Bulletin,
  st: FormState | undefined,
): Array<[string, string, SafeHtml]> {
  if (ctx.viewer.role !== 'office') return [];
  if (b.status === 'draft')
    return [
      ['bulletin-edit', '修改按语和表扬、批评名单', editForm(ctx, b, st)],
      ['bulletin-issue', '印发', issueForm(b, st)],
    ];
  return [['bulletin-correct', '更正', correctForm(b, st)]];
}

function actions(ctx: WebContext, b: Bulletin, st: FormState | undefined): SafeHtml {
  const forms = formsFor(ctx, b, st);
  // A refusal of a form this page no longer offers (e.g. an edit of a bulletin issued meanwhile) is shown here.
  const orphan =
    st && !forms.some(([key]) => key === st.form) ? (st.formError ?? Object.values(st.errors)[0]) : undefined;
  if (forms.length === 0 && !orphan) return html``;
  return html`<section class="card actions" id="actions" aria-labelledby="actions-title">
    <h2 id="actions-title">办理</h2>
    ${orphan ? html`<p class="form-error" role="alert" data-form-error>${orphan}</p>` : ''}
    ${forms.map(
      ([key, summary, form]) =>
        html`<details class="action" data-action="${key}" ${st?.form === key ? html` open` : ''}>
          <summary>${summary}</summary>
          ${form}
        </details>`,
    )}
  </section>`;
}

export function bulletinBody(ctx: WebContext, b: Bulletin, st?: FormState): SafeHtml {
  return html`<p class="crumbs"><a href="/bulletins">督查通报</a> › ${issueLabel(b)}</p>
    <div class="page-head">
      <div>
        <h1>督查通报 ${issueLabel(b)} ${statusBadges(b)}</h1>
        <p class="lede">${bulletinTitle(b)}</p>
      </div>
      <div class="exports">
        <a class="button secondary" href="${pathOf(b)}/document.pdf" download>下载PDF</a>
        <a class="button secondary" href="${pathOf(b)}/document.docx" download>下载Word</a>
      </div>
    </div>
    ${facts(ctx, b)} ${actions(ctx, b, st)}
    <section class="card" id="document">
      <h2>
        通报正文${b.status === 'draft' ? html` <span class="muted small">草稿，以印发时为准</span>` : ''}
      </h2>
      <iframe
        class="bulletin-document"
        src="${pathOf(b)}/document"
        title="督查通报${issueLabel(b)}正文"
        width="100%"
        height="1100"
      ></iframe>
    </section>`;
}

// ---- views --------------------------------------------------------------------------------------------------------

export async function bulletinListView(ctx: WebContext): Promise<SafeHtml> {
  const { items } = await listBulletins(ctx.deps, ctx.viewer);
  return page(ctx, { title: '督查通报', body: bulletinListBody(ctx, items) });
}

export async function bulletinView(
  ctx: WebContext,
  ref: Ref,
  st?: FormState,
  flash?: string,
): Promise<SafeHtml> {
  const b = await getBulletin(ctx.deps, ctx.viewer, ref.planYear, ref.number);
  return page(ctx, { title: `督查通报${issueLabel(b)}`, body: bulletinBody(ctx, b, st), flash });
}
