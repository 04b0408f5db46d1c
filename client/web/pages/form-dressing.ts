// What the task page knows about an action's form beyond its fields: the form's title and button, whether it
// is the thing to do now, an introduction (the request being decided), today's values and hints. Optional
// throughout: an action with no entry here is offered with its fields as its body's schema declares them.
import type { TaskActionName } from '../../service/task-actions';
import type { TaskDetail } from '../../service/task-queries';
import { periodLabel } from '../../service/labels';
import type { WebContext } from '../context';
import { zhDate } from '../format';
import { html, type Html, type SafeHtml } from '../html';

/** One field's value when the form is first shown, its hint, extra attributes, and what follows it. */
export interface FieldDressing {
  /** The label, when the form says more than the field's title (a unit). */
  label?: string;
  value?: string;
  /** The values checked when the form is first shown (a list of departments). */
  values?: string[];
  hint?: Html;
  attrs?: Record<string, string | number>;
}

export interface FormDressing {
  /** The form's heading; default: the action's label. */
  title?: string | ((ctx: WebContext) => string);
  /** The button; default: the action's label. */
  submit?: string;
  /** Shown open: the thing to do now. */
  primary?: boolean;
  /** Asked before it is sent (the button is then marked dangerous). */
  confirm?: string;
  /** Offered only when this holds (beyond who may take the action). */
  offered?(d: TaskDetail): boolean;
  intro?(d: TaskDetail, ctx: WebContext): SafeHtml;
  fields?(d: TaskDetail, ctx: WebContext): Record<string, FieldDressing>;
}

/** The checkpoints open for a report now, oldest first. */
const openPeriods = (d: TaskDetail, now: number) =>
  (d.state?.checkpoints ?? []).filter(
    (c) => (c.status === 'pending' || c.status === 'missing') && Date.parse(c.startsAt) <= now,
  );

export const FORM_DRESSING: Partial<Record<TaskActionName, FormDressing>> = {
  acknowledge: { submit: '签收', primary: true },
  progress: {
    submit: '报送进度',
    primary: true,
    // The period field offers the open periods (its `list`).
    intro: (d, ctx) =>
      html`<datalist id="periods-open">
        ${openPeriods(d, ctx.planNow).map((c) => html`<option value="${c.period}">${periodLabel(c.period)}</option>`)}
      </datalist>`,
    fields: (d, ctx) => {
      const open = openPeriods(d, ctx.planNow);
      return {
        period: {
          value: open[0]?.period ?? '',
          attrs: { list: 'periods-open', autocomplete: 'off', placeholder: '如 2023-03 或 2023-Q1' },
          hint: open.length
            ? `待报：${open.map((c) => periodLabel(c.period)).join('、')}；留空则报最早未报的一期`
            : '本期进度已报送；留空则补充最近一期',
        },
        percent: {
          label: '完成百分比（%）',
          value: String(d.state?.percent ?? ''),
          attrs: { min: 0, max: 100 },
        },
      };
    },
  },
  completion: { title: '办结申请' },
  extensionRequest: {
    submit: '提交延期申请',
    offered: (d) => !d.state?.extensionRequest,
    fields: (d) => ({ newDeadline: { hint: `当前时限 ${zhDate(d.state?.deadline ?? d.task.deadline)}` } }),
  },
  review: {
    submit: '提交审核意见',
    primary: true,
    intro: (d) =>
      d.state?.completion
        ? html`<p class="ev-text"><span class="ev-key">办结情况：</span>${d.state.completion.summary}</p>`
        : html``,
  },
  extensionDecision: {
    submit: '提交批复',
    primary: true,
    offered: (d) => Boolean(d.state?.extensionRequest),
    intro: (d) =>
      html`<p class="ev-text">
        申请延期至
        <b>${zhDate(d.state!.extensionRequest!.requestedDeadline)}</b>：${d.state!.extensionRequest!.reason}
      </p>`,
    fields: (d) => ({ newDeadline: { value: d.state?.extensionRequest?.requestedDeadline ?? '' } }),
  },
  resume: { intro: () => html`<p class="hint">恢复后，完成时限和报送节点按暂停时长顺延。</p>` },
  reassign: {
    submit: '调整',
    fields: (d) => ({
      leadDepartment: { value: d.task.leadDepartment },
      coDepartments: { values: [...d.task.coDepartments] },
    }),
  },
  cancel: { confirm: '撤销后任务不再督办，确定撤销吗？' },
  instruction: {
    title: (ctx) => (ctx.viewer.role === 'leader' ? '领导批示' : '批示'),
    submit: '发送批示',
  },
};
