// The office's forms (start, review, extension decision, suspend, resume, reassign, cancel) and the
// instruction (批示) that the office and the leader in charge may give.
import { randomUUID } from 'node:crypto';
import { GRADES } from '../../../workflows/domain';
import { actionForm, choice, field } from '../form';
import { zhDate } from '../format';
import { html } from '../html';
import type { Form, FormKit } from './form-kit';

export function officeForms({ ctx, d, url, text, may }: FormKit): Form[] {
  const s = d.state;
  const status = d.task.status;
  const forms: Form[] = [];
  if (ctx.viewer.role !== 'office') return forms;
  if (status === 'draft')
    forms.push({
      key: 'start',
      title: '启动任务',
      primary: true,
      render: (st) =>
        actionForm(
          { form: 'start', action: url('start'), submit: '启动任务', requestId: randomUUID() },
          st,
          html`<p class="hint">启动后向牵头单位发送交办通知，开始计算签收和报送时限。</p>`,
        ),
    });
  if (may('review'))
    forms.push({
      key: 'review',
      title: '审核办结',
      primary: true,
      render: (st) =>
        actionForm(
          { form: 'review', action: url('review'), submit: '提交审核意见', requestId: randomUUID() },
          st,
          html`${s?.completion ? html`<p class="ev-text"><span class="ev-key">办结情况：</span>${s.completion.summary}</p>` : ''}
          ${choice(
            {
              form: 'review',
              name: 'decision',
              label: '审核结论',
              options: [
                ['approve', '同意办结销号'],
                ['reject', '退回整改'],
              ],
            },
            st,
          )}
          ${field({ form: 'review', name: 'grade', label: '评定等次（同意办结时必选）', type: 'select', options: [['', '请选择'], ...GRADES.map((g): [string, string] => [g, g])] }, st)}
          ${text('review', 'comment', '审核意见（退回时必填）', false)(st)}`,
        ),
    });
  if (may('extensionDecision') && s?.extensionRequest)
    forms.push({
      key: 'extension-decision',
      title: '批复延期',
      primary: true,
      render: (st) =>
        actionForm(
          {
            form: 'extension-decision',
            action: url('extension-decision'),
            submit: '提交批复',
            requestId: randomUUID(),
          },
          st,
          html`<p class="ev-text">
              申请延期至
              <b>${zhDate(s.extensionRequest!.requestedDeadline)}</b>：${s.extensionRequest!.reason}
            </p>
            ${choice(
              {
                form: 'extension-decision',
                name: 'approve',
                label: '批复结论',
                options: [
                  ['true', '同意延期'],
                  ['false', '不予延期'],
                ],
              },
              st,
            )}
            ${field({ form: 'extension-decision', name: 'newDeadline', label: '批准的完成时限', type: 'date', value: s.extensionRequest!.requestedDeadline }, st)}
            ${text('extension-decision', 'comment', '批复意见', false)(st)}`,
        ),
    });
  if (may('resume'))
    forms.push({
      key: 'resume',
      title: '恢复任务',
      render: (st) =>
        actionForm(
          { form: 'resume', action: url('resume'), submit: '恢复任务', requestId: randomUUID() },
          st,
          html`<p class="hint">恢复后，完成时限和报送节点按暂停时长顺延。</p>`,
        ),
    });
  if (may('suspend'))
    forms.push({
      key: 'suspend',
      title: '暂停任务',
      render: (st) =>
        actionForm(
          { form: 'suspend', action: url('suspend'), submit: '暂停任务', requestId: randomUUID() },
          st,
          text('suspend', 'reason', '暂停理由')(st),
        ),
    });
  if (may('reassign')) {
    const options: Array<[string, string]> = [...ctx.names].map(([code, name]) => [code, name]);
    forms.push({
      key: 'reassign',
      title: '调整责任单位',
      render: (st) =>
        actionForm(
          { form: 'reassign', action: url('reassign'), submit: '调整', requestId: randomUUID() },
          st,
          html`${field({ form: 'reassign', name: 'leadDepartment', label: '牵头单位', type: 'select', required: true, value: d.task.leadDepartment, options }, st)}
            <fieldset class="field">
              <legend>配合单位</legend>
              <div class="checks">
                ${options.map(([code, name]) => html`<label class="inline"><input type="checkbox" name="coDepartments" value="${code}" ${d.task.coDepartments.includes(code) ? html` checked` : ''} /> ${name}</label>`)}
              </div>
            </fieldset>
            ${text('reassign', 'reason', '调整理由', false)(st)}`,
        ),
    });
  }
  if (may('cancel')) {
    forms.push({
      key: 'cancel',
      title: '撤销任务',
      render: (st) =>
        actionForm(
          {
            form: 'cancel',
            action: url('cancel'),
            submit: '撤销任务',
            requestId: randomUUID(),
            danger: true,
            confirm: '撤销后任务不再督办，确定撤销吗？',
          },
          st,
          text('cancel', 'reason', '撤销理由')(st),
        ),
    });
  }
  return forms;
}

export function instructionForms({ ctx, url, text, may }: FormKit): Form[] {
  const v = ctx.viewer;
  const forms: Form[] = [];
  if (may('instruction'))
    forms.push({
      key: 'instruction',
      title: v.role === 'leader' ? '领导批示' : '批示',
      render: (st) =>
        actionForm(
          { form: 'instruction', action: url('instruction'), submit: '发送批示', requestId: randomUUID() },
          st,
          text('instruction', 'text', '批示内容')(st),
        ),
    });
  return forms;
}
