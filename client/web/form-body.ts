// From a posted form to the API's request body (the same schemas and validators as the JSON API), and from
// a refusal's field back to the input it is about.
import type { InputField } from '../service/input-fields';
import { TASK_ACTIONS, type TaskActionName } from '../service/task-actions';

export type WebActionName = TaskActionName | 'start';
export type FormFields = Record<string, string | string[]>;

/** What the page says once an action is done, where the action's label does not say it well. */
const DONE: Partial<Record<WebActionName, string>> = {
  start: '任务已启动',
  acknowledge: '已签收',
  progress: '进度已报送',
  extensionRequest: '延期申请已提交',
  completion: '办结申请已提交',
  review: '审核意见已提交',
  extensionDecision: '延期申请已批复',
  suspend: '任务已暂停',
  resume: '任务已恢复',
  cancel: '任务已撤销',
  reassign: '责任单位已调整',
  instruction: '批示已发送',
};

/** The URL segment of each action (POST /tasks/:id/<segment>, the action's API path) and what the page says once it is done. */
export const WEB_ACTIONS: Record<string, { name: WebActionName; done: string }> = Object.fromEntries([
  ['start', { name: 'start', done: DONE.start! }],
  ...(Object.keys(TASK_ACTIONS) as TaskActionName[]).map((name) => [
    TASK_ACTIONS[name].path,
    { name, done: DONE[name] ?? `已${TASK_ACTIONS[name].summary.zh}` },
  ]),
]);

/** The fields of an action's form: its body's, as the schema declares them. */
export const fieldsOf = (action: WebActionName): readonly InputField[] =>
  action === 'start' ? [] : TASK_ACTIONS[action].fields;

/** The label a form shows for input `input` of `action` (a pair's inputs, `value.3`, show their field's). */
export function labelOf(action: WebActionName, input: string): string {
  const f = fieldsOf(action).find((f) => f.name === input || input.startsWith(`${f.flag}.`));
  return f?.title ?? input;
}

const one = (f: FormFields, name: string): string => {
  const v = f[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const many = (f: FormFields, name: string): string[] => {
  const v = f[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);
};
const optional = (f: FormFields, name: string) => one(f, name) || undefined;

/** The first value of field `name` of a posted form, trimmed; '' when absent. */
export const formField = (f: FormFields | undefined, name: string): string => (f ? one(f, name) : '');

/** A typed number; what cannot be read as one goes through as text, so the schema names the field. */
function number(s: string): number | string | undefined {
  if (s === '') return undefined;
  const n = Number(s.replace(/[,，\s]/g, ''));
  return Number.isFinite(n) ? n : s;
}

export interface ParsedForm {
  body: Record<string, unknown>;
  /** The form input a refusal's field (e.g. `values[1].value`) is about; undefined: the form as a whole. */
  inputOf(field: string | undefined): string | undefined;
}

/** The input names of a field of records: one per thing (`value.<targetIdx>`). */
const pairInputs = (form: FormFields, flag: string) =>
  Object.keys(form).filter((k) => k.startsWith(`${flag}.`) && /^\d+$/.test(k.slice(flag.length + 1)));

/** The value of one field from the posted form: empty optional inputs are absent, typed ones converted. */
function valueOf(f: InputField, form: FormFields, filled: string[]): unknown {
  switch (f.kind) {
    case 'number':
      return number(one(form, f.name));
    case 'boolean':
    case 'choice': {
      const v = one(form, f.name);
      if (f.kind === 'choice') return f.choices.find((c) => String(c.value) === v)?.value ?? (v || undefined);
      return v === 'true' ? true : v === 'false' ? false : undefined;
    }
    case 'list':
      return many(form, f.name).flatMap((v) => v.split(/[,，、\s]+/).filter(Boolean));
    case 'pairs': {
      const records: Array<Record<string, unknown>> = [];
      for (const name of pairInputs(form, f.flag)) {
        const v = number(one(form, name));
        if (v === undefined) continue;
        records.push({ [f.key]: Number(name.slice(f.flag.length + 1)), [f.value]: v });
        filled.push(name);
      }
      return records.length ? records : undefined;
    }
    default:
      // A required text goes through empty, so the refusal names it; an optional one left empty is absent.
      return f.required ? one(form, f.name) : optional(form, f.name);
  }
}

/** The request body of `action` from the posted `form`. */
export function formToBody(action: WebActionName, form: FormFields): ParsedForm {
  const inputs = new Set(Object.keys(form));
  const fields = fieldsOf(action);
  // A field of records is several inputs; the API's values[i] is the i-th filled one.
  const filled = new Map<string, string[]>();
  const entries = fields.map((f) => {
    const names: string[] = [];
    filled.set(f.name, names);
    return [f.name, valueOf(f, form, names)] as const;
  });
  const body = Object.fromEntries(
    [...entries, ['requestId', optional(form, 'requestId')] as const].filter(([, v]) => v !== undefined),
  );
  return {
    body,
    inputOf(field) {
      if (!field) return undefined;
      const base = field.replace(/\[\d+\].*$/, '');
      const item = /^[^[]+\[(\d+)\]/.exec(field);
      const pairs = fields.find((f) => f.name === base && f.kind === 'pairs');
      if (pairs) return item ? filled.get(base)?.[Number(item[1])] : undefined;
      return inputs.has(base) || fields.some((f) => f.name === base) ? base : undefined;
    },
  };
}

/** A refusal's message with the API field name replaced by the label the form shows. */
export function relabel(message: string, field: string | undefined, label: string | undefined): string {
  if (!field || !label || message.includes(label)) return message;
  return message.split(field).join(label);
}
