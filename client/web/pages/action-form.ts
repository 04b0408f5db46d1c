// One action's form, built from its body's fields (client/service/input-fields.ts): a text box per line of text,
// a text area per paragraph, radios for named choices, the directory for department codes, a number per target
// for a field of records. What a page knows beyond the schema (today's values, hints, an introduction) comes from
// the action's dressing (form-dressing.ts); an action without one still gets its form.
import { randomUUID } from 'node:crypto';
import type { InputField } from '../../service/input-fields';
import { TASK_ACTIONS, type TaskActionName } from '../../service/task-actions';
import type { TaskDetail } from '../../service/task-queries';
import type { WebContext } from '../context';
import { actionForm, choice, field, type FormState } from '../form';
import { num } from '../format';
import { html, type SafeHtml } from '../html';
import type { FieldDressing, FormDressing } from './form-dressing';
import type { Form } from './task-forms';

/** One input of a field of records: the thing it is about (a target) and what the form shows. */
interface PairInput {
  key: number;
  label: string;
  value: string;
  hint: string;
}

/** The things a field of records has one input for, by the name its schema gives them (`x-each`). */
const EACH: Record<string, (d: TaskDetail) => PairInput[]> = {
  target: (d) =>
    d.targets.map((t) => ({
      key: t.idx,
      label: `${t.metric}（${t.unit}）`,
      value: t.achieved === null ? '' : String(t.achieved),
      hint: `目标 ${t.comparator === '=' ? '' : t.comparator}${num(t.value)}${t.unit}${t.tentative ? '（力争）' : ''}`,
    })),
};

const NUMBER_ATTRS = { step: 'any', inputmode: 'decimal' };

function input(
  form: string,
  f: InputField,
  dress: FieldDressing,
  ctx: WebContext,
  d: TaskDetail,
  st: FormState | undefined,
): SafeHtml {
  const common = { form, name: f.name, label: f.title, required: f.required, ...dress };
  const directory = (): Array<[string, string]> => [...ctx.names];
  switch (f.kind) {
    case 'paragraphs':
      return field({ ...common, type: 'textarea' }, st);
    case 'number':
      return field({ ...common, type: 'number', attrs: { ...NUMBER_ATTRS, ...dress.attrs } }, st);
    case 'date':
      return field({ ...common, type: 'date' }, st);
    case 'enum':
      return field(
        {
          ...common,
          type: 'select',
          options: [['', '请选择'], ...f.options.map((o): [string, string] => [o, o])],
        },
        st,
      );
    case 'boolean':
    case 'choice': {
      const options: Array<[string, string]> =
        f.kind === 'choice'
          ? f.choices.map((c) => [String(c.value), c.label])
          : [
              ['true', '是'],
              ['false', '否'],
            ];
      return choice({ form, name: f.name, label: f.title, options, value: dress.value }, st);
    }
    case 'list': {
      if (!f.departments) return field(common, st);
      const given = st?.form === form ? st.values[f.name] : undefined;
      const checked = given === undefined ? (dress.values ?? []) : [given].flat();
      return html`<fieldset class="field">
        <legend>${f.title}</legend>
        <div class="checks">
          ${directory().map(
            ([code, name]) =>
              html`<label class="inline"
                ><input
                  type="checkbox"
                  name="${f.name}"
                  value="${code}"
                  ${checked.includes(code) ? html` checked` : ''}
                />
                ${name}</label
              >`,
          )}
        </div>
      </fieldset>`;
    }
    case 'pairs':
      return html`${(EACH[f.each]?.(d) ?? []).map((p) =>
        field(
          {
            form,
            name: `${f.flag}.${p.key}`,
            label: p.label,
            type: 'number',
            value: p.value,
            attrs: { min: 0, ...NUMBER_ATTRS },
            hint: p.hint,
          },
          st,
        ),
      )}`;
    default:
      return f.departments
        ? field({ ...common, type: 'select', options: [['', '请选择'], ...directory()] }, st)
        : field(common, st);
  }
}

/** Short inputs sit side by side; text areas, radios and check lists take the whole width. */
const isShort = (f: InputField) =>
  ['line', 'number', 'date', 'enum', 'pairs'].includes(f.kind) && !(f.kind === 'line' && f.departments);

/** The form of `name` for task `d`, dressed by `dressing`. */
export function actionFormOf(
  ctx: WebContext,
  d: TaskDetail,
  name: TaskActionName,
  dressing: FormDressing = {},
): Form {
  const spec = TASK_ACTIONS[name];
  const form = spec.path;
  const dress = dressing.fields?.(d, ctx) ?? {};
  const render = (st: FormState | undefined): SafeHtml => {
    const parts: SafeHtml[] = [];
    let row: SafeHtml[] = [];
    const endRow = () => {
      if (row.length) parts.push(html`<div class="grid-fields">${row}</div>`);
      row = [];
    };
    for (const f of spec.fields) {
      const one = input(form, f, dress[f.name] ?? {}, ctx, d, st);
      if (isShort(f)) row.push(one);
      else {
        endRow();
        parts.push(one);
      }
    }
    endRow();
    return actionForm(
      {
        form,
        action: `/tasks/${encodeURIComponent(d.task.id)}/${form}`,
        submit: dressing.submit ?? spec.summary.zh,
        requestId: randomUUID(),
        ...(dressing.confirm ? { confirm: dressing.confirm, danger: true } : {}),
      },
      st,
      html`${dressing.intro?.(d, ctx) ?? ''}${parts}`,
    );
  };
  return {
    key: form,
    title: (typeof dressing.title === 'function' ? dressing.title(ctx) : dressing.title) ?? spec.summary.zh,
    ...(dressing.primary ? { primary: true } : {}),
    render,
  };
}
