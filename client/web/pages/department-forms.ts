// The department's forms: acknowledge (签收), progress report (进度反馈) with a value per target,
// completion (办结申请) and extension request (申请延期). Lead-only actions are offered to the lead only.
import { randomUUID } from 'node:crypto';
import { periodLabel } from '../../service/labels';
import { actionForm, field } from '../form';
import { num, zhDate } from '../format';
import { html } from '../html';
import type { Form, FormKit } from './form-kit';

function progressForm({ ctx, d, url }: FormKit): Form['render'] {
  const s = d.state!;
  const open = s.checkpoints.filter(
    (c) => (c.status === 'pending' || c.status === 'missing') && Date.parse(c.startsAt) <= ctx.planNow,
  );
  const f = 'progress';
  return (st) =>
    actionForm(
      { form: f, action: url('progress'), submit: '报送进度', requestId: randomUUID() },
      st,
      html`<div class="grid-fields">
          ${field(
            {
              form: f,
              name: 'period',
              label: '报告期',
              value: open[0]?.period ?? '',
              attrs: { list: 'periods-open', autocomplete: 'off', placeholder: '如 2023-03 或 2023-Q1' },
              hint: open.length
                ? `待报：${open.map((c) => periodLabel(c.period)).join('、')}；留空则报最早未报的一期`
                : '本期进度已报送；留空则补充最近一期',
            },
            st,
          )}
          <datalist id="periods-open">
            ${open.map((c) => html`<option value="${c.period}">${periodLabel(c.period)}</option>`)}
          </datalist>
          ${field(
            {
              form: f,
              name: 'percent',
              label: '完成百分比（%）',
              type: 'number',
              required: true,
              value: String(s.percent),
              attrs: { min: 0, max: 100, step: 'any', inputmode: 'decimal' },
            },
            st,
          )}
          ${d.targets.map((t) =>
            field(
              {
                form: f,
                name: `value.${t.idx}`,
                label: `${t.metric}（${t.unit}）`,
                type: 'number',
                value: t.achieved === null ? '' : String(t.achieved),
                attrs: { min: 0, step: 'any', inputmode: 'decimal' },
                hint: `目标 ${t.comparator === '=' ? '' : t.comparator}${num(t.value)}${t.unit}${t.tentative ? '（力争）' : ''}`,
              },
              st,
            ),
          )}
        </div>
        ${field({ form: f, name: 'narrative', label: '进展情况', type: 'textarea', required: true }, st)}
        ${field({ form: f, name: 'problems', label: '存在问题', type: 'textarea' }, st)}
        ${field({ form: f, name: 'nextSteps', label: '下一步措施', type: 'textarea' }, st)}`,
    );
}

/** The forms of a department that leads or co-handles the task. */
export function departmentForms(kit: FormKit): Form[] {
  const { ctx, d, url, text, may } = kit;
  const s = d.state;
  const forms: Form[] = [];
  if (!s || ctx.viewer.role !== 'department') return forms;
  if (may('acknowledge'))
    forms.push({
      key: 'acknowledge',
      title: '签收任务',
      primary: true,
      render: (st) =>
        actionForm(
          { form: 'acknowledge', action: url('acknowledge'), submit: '签收', requestId: randomUUID() },
          st,
          text('acknowledge', 'note', '签收意见', false)(st),
        ),
    });
  if (may('progress'))
    forms.push({ key: 'progress', title: '报送进度', primary: true, render: progressForm(kit) });
  if (may('completion'))
    forms.push({
      key: 'completion',
      title: '办结申请',
      render: (st) =>
        actionForm(
          {
            form: 'completion',
            action: url('completion'),
            submit: '提交办结申请',
            requestId: randomUUID(),
          },
          st,
          text('completion', 'summary', '办结情况')(st),
        ),
    });
  if (may('extensionRequest') && !s.extensionRequest)
    forms.push({
      key: 'extension-request',
      title: '申请延期',
      render: (st) =>
        actionForm(
          {
            form: 'extension-request',
            action: url('extension-request'),
            submit: '提交延期申请',
            requestId: randomUUID(),
          },
          st,
          html`${field({ form: 'extension-request', name: 'newDeadline', label: '新的完成时限', type: 'date', required: true, hint: `当前时限 ${zhDate(s.deadline)}` }, st)}
          ${text('extension-request', 'reason', '延期理由')(st)}`,
        ),
    });
  return forms;
}
