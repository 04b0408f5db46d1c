// The actions a viewer may take on a task, as forms: only what the role and the status allow (the workflow's
// action table decides), each built from its body's fields (action-form.ts) and dressed (form-dressing.ts).
import { randomUUID } from 'node:crypto';
import { mayTake, TASK_ACTIONS as WORKFLOW_ACTIONS } from '../../../workflows/actions';
import { TASK_ACTIONS, type TaskActionName } from '../../service/task-actions';
import type { TaskDetail } from '../../service/task-queries';
import type { WebContext } from '../context';
import { actionForm, type FormState } from '../form';
import { html, type SafeHtml } from '../html';
import { actionFormOf } from './action-form';
import { FORM_DRESSING } from './form-dressing';

/** A rendered action form: its key (the action's path), heading, and whether it is shown open. */
export interface Form {
  key: string;
  title: string;
  /** Shown open: the thing to do now. */
  primary?: boolean;
  render(st: FormState | undefined): SafeHtml;
}

/** Starting a drafted task is no Update (there is no workflow yet): the office's one form outside the table. */
function startForm(d: TaskDetail): Form {
  return {
    key: 'start',
    title: '启动任务',
    primary: true,
    render: (st) =>
      actionForm(
        {
          form: 'start',
          action: `/tasks/${encodeURIComponent(d.task.id)}/start`,
          submit: '启动任务',
          requestId: randomUUID(),
        },
        st,
        html`<p class="hint">启动后向牵头单位发送交办通知，开始计算签收和报送时限。</p>`,
      ),
  };
}

/** The forms `ctx.viewer` is offered on `d`, in the table's order. */
export function formsFor(ctx: WebContext, d: TaskDetail): Form[] {
  const forms: Form[] = [];
  if (ctx.viewer.role === 'office' && d.task.status === 'draft') forms.push(startForm(d));
  // A task not started has no workflow to take an action.
  if (!d.state) return forms;
  for (const name of Object.keys(TASK_ACTIONS) as TaskActionName[]) {
    const dressing = FORM_DRESSING[name];
    if (!mayTake(WORKFLOW_ACTIONS[name], d.task, ctx.viewer)) continue;
    if (dressing?.offered && !dressing.offered(d)) continue;
    forms.push(actionFormOf(ctx, d, name, dressing));
  }
  return forms;
}

/** The action section of the task page; `st` re-renders one form with what was typed and its errors. */
export function taskActions(ctx: WebContext, d: TaskDetail, st?: FormState): SafeHtml {
  const forms = formsFor(ctx, d);
  if (forms.length === 0) return html``;
  return html`<section class="card actions" id="actions" aria-labelledby="actions-title">
    <h2 id="actions-title">办理</h2>
    ${forms.map(
      (f) =>
        html`<details
          class="action"
          data-action="${f.key}"
          ${f.primary || st?.form === f.key ? html` open` : ''}
        >
          <summary>${f.title}</summary>
          ${f.render(st)}
        </details>`,
    )}
  </section>`;
}
