// Form fields with their error shown next to them. Forms post without the browser's own validation
// (novalidate): the server's validators speak Chinese and name the field, so their message is the one shown.
import { html, type Html, type SafeHtml } from './html';

/** A re-rendered form: what was typed, and the refusal — on a field or on the form as a whole. */
export interface FormState {
  form: string;
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  formError?: string;
}

export interface FieldSpec {
  form: string;
  name: string;
  label: string;
  type?: 'text' | 'number' | 'date' | 'textarea' | 'select' | 'password';
  required?: boolean;
  hint?: Html;
  /** The value shown when the form is first rendered. */
  value?: string;
  options?: Array<[string, string]>;
  attrs?: Record<string, string | number>;
}

const idOf = (form: string, name: string) => `f-${form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The value to show: what was typed when the form comes back, else the default. */
export function valueOf(st: FormState | undefined, form: string, name: string, fallback = ''): string {
  const v = st?.form === form ? st.values[name] : undefined;
  return v === undefined ? fallback : Array.isArray(v) ? (v[0] ?? '') : v;
}

export function errorOf(st: FormState | undefined, form: string, name: string): string | undefined {
  return st?.form === form ? st.errors[name] : undefined;
}

function attrs(a: Record<string, string | number> | undefined): SafeHtml {
  return html`${Object.entries(a ?? {}).map(([k, v]) => html` ${k}="${v}"`)}`;
}

export function field(f: FieldSpec, st: FormState | undefined): SafeHtml {
  const id = idOf(f.form, f.name);
  const error = errorOf(st, f.form, f.name);
  const value = valueOf(st, f.form, f.name, f.value ?? '');
  const described = [error ? `${id}-error` : '', f.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}"
  name="${f.name}"${f.required ? html` required aria-required="true"` : ''}${error ? html` aria-invalid="true" autofocus` : ''}${described ? html` aria-describedby="${described}"` : ''}${attrs(f.attrs)}`;
  const control =
    f.type === 'textarea'
      ? html`<textarea ${common} rows="3">${value}</textarea>`
      : f.type === 'select'
        ? html`<select ${common}>
            ${(f.options ?? []).map(
              ([v, label]) =>
                html`<option value="${v}" ${v === value ? html` selected` : ''}>${label}</option>`,
            )}
          </select>`
        : html`<input ${common} type="${f.type ?? 'text'}" value="${value}" />`;
  return html`<div class="field${error ? ' has-error' : ''}">
    <label for="${id}"
      >${f.label}${f.required ? html`<span class="req" aria-hidden="true">*</span>` : ''}</label
    >
    ${control}
    ${error ? html`<p class="field-error" id="${id}-error" data-error-for="${f.name}">${error}</p>` : ''}
    ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
  </div>`;
}

/** Radio buttons as one field. */
export function choice(
  f: { form: string; name: string; label: string; options: Array<[string, string]>; value?: string },
  st: FormState | undefined,
): SafeHtml {
  const error = errorOf(st, f.form, f.name);
  const value = valueOf(st, f.form, f.name, f.value ?? '');
  const id = idOf(f.form, f.name);
  return html`<fieldset
    class="field choice${error ? ' has-error' : ''}"
    ${error ? html` aria-describedby="${id}-error"` : ''}
  >
    <legend>${f.label}</legend>
    ${f.options.map(
      ([v, label]) =>
        html`<label class="inline"
          ><input type="radio" name="${f.name}" value="${v}" ${v === value ? html` checked` : ''} />
          ${label}</label
        >`,
    )}
    ${error ? html`<p class="field-error" id="${id}-error" data-error-for="${f.name}">${error}</p>` : ''}
  </fieldset>`;
}

/** A form posting to `action`, with a fresh request id (a resubmitted form changes nothing twice). */
export function actionForm(
  f: { form: string; action: string; submit: string; requestId: string; confirm?: string; danger?: boolean },
  st: FormState | undefined,
  body: Html,
): SafeHtml {
  const formError = st?.form === f.form ? st.formError : undefined;
  return html`<form
    class="action-form"
    method="post"
    action="${f.action}"
    novalidate
    data-form="${f.form}"
    ${f.confirm ? html` data-confirm="${f.confirm}"` : ''}
  >
    <input type="hidden" name="requestId" value="${f.requestId}" />
    ${formError ? html`<p class="form-error" role="alert" data-form-error>${formError}</p>` : ''} ${body}
    <div class="form-actions">
      <button type="submit" class="button${f.danger ? ' danger' : ''}">${f.submit}</button>
    </div>
  </form>`;
}
