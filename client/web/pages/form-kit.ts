// What the task page's action forms share: the shape of one form and the helpers that build them.
import type { TaskDetail } from '../../service/task-queries';
import { mayTake, TASK_ACTIONS, type TaskActionName } from '../../../workflows/actions';
import type { WebContext } from '../context';
import { field, type FormState } from '../form';
import type { SafeHtml } from '../html';

export interface Form {
  key: string;
  title: string;
  /** Shown open: the thing to do now. */
  primary?: boolean;
  render(st: FormState | undefined): SafeHtml;
}

export interface FormKit {
  ctx: WebContext;
  d: TaskDetail;
  /** POST /tasks/:id/<segment> */
  url(segment: string): string;
  /** Whether the viewer may take the action on the task as it stands (the workflow's table decides). */
  may(action: TaskActionName): boolean;
  /** A text area field of `form`. */
  text(
    form: string,
    name: string,
    label: string,
    required?: boolean,
  ): (st: FormState | undefined) => SafeHtml;
}

export function formKit(ctx: WebContext, d: TaskDetail): FormKit {
  return {
    ctx,
    d,
    url: (segment) => `/tasks/${encodeURIComponent(d.task.id)}/${segment}`,
    may: (action) => mayTake(TASK_ACTIONS[action], d.task, ctx.viewer),
    text:
      (form, name, label, required = true) =>
      (st) =>
        field({ form, name, label, type: 'textarea', required }, st),
  };
}
