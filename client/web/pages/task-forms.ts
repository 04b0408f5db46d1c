// The actions a viewer may take on a task, as forms: only what the role and the status allow. The forms
// themselves are in department-forms.ts and office-forms.ts.
import type { TaskDetail } from '../../service/task-queries';
import type { WebContext } from '../context';
import type { FormState } from '../form';
import { html, type SafeHtml } from '../html';
import { departmentForms } from './department-forms';
import { formKit } from './form-kit';
import { instructionForms, officeForms } from './office-forms';

/** The action section of the task page; `st` re-renders one form with what was typed and its errors. */
export function taskActions(ctx: WebContext, d: TaskDetail, st?: FormState): SafeHtml {
  const kit = formKit(ctx, d);
  const forms = [...departmentForms(kit), ...officeForms(kit), ...instructionForms(kit)];
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
