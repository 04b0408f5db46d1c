// From a posted form to the API's request body (the same schemas and validators as the JSON API), and from
// a refusal's field back to the input it is about.
import type { TaskActionName } from '../service/task-actions';

export type WebActionName = TaskActionName | 'start';
export type FormFields = Record<string, string | string[]>;

/** The URL segment of each action (POST /tasks/:id/<segment>) and what the page says once it is done. */
export const WEB_ACTIONS: Record<string, { name: WebActionName; done: string }> = {
  start: { name: 'start', done: '任务已启动' },
  acknowledge: { name: 'acknowledge', done: '已签收' },
  progress: { name: 'progress', done: '进度已报送' },
  'extension-request': { name: 'extensionRequest', done: '延期申请已提交' },
  completion: { name: 'completion', done: '办结申请已提交' },
  review: { name: 'review', done: '审核意见已提交' },
  'extension-decision': { name: 'extensionDecision', done: '延期申请已批复' },
  suspend: { name: 'suspend', done: '任务已暂停' },
  resume: { name: 'resume', done: '任务已恢复' },
  cancel: { name: 'cancel', done: '任务已撤销' },
  reassign: { name: 'reassign', done: '责任单位已调整' },
  instruction: { name: 'instruction', done: '批示已发送' },
};

export const FIELD_LABEL: Record<string, string> = {
  period: '报告期',
  percent: '完成百分比',
  narrative: '进展情况',
  problems: '存在问题',
  nextSteps: '下一步措施',
  newDeadline: '新的完成时限',
  reason: '理由',
  summary: '办结情况',
  note: '签收意见',
  decision: '审核结论',
  grade: '评定等次',
  comment: '意见',
  approve: '批复结论',
  text: '批示内容',
  leadDepartment: '牵头单位',
  coDepartments: '配合单位',
};

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

/** The request body of `action` from the posted `form`. */
export function formToBody(action: WebActionName, form: FormFields): ParsedForm {
  const requestId = optional(form, 'requestId');
  const inputs = new Set(Object.keys(form));
  let body: Record<string, unknown> = {};
  // Target values are inputs named value.<targetIdx>; the API's values[i] is the i-th filled one.
  const valueInputs: string[] = [];
  switch (action) {
    case 'acknowledge':
      body = { note: optional(form, 'note') };
      break;
    case 'progress': {
      const values: Array<{ targetIdx: number; value: unknown }> = [];
      for (const name of Object.keys(form).filter((k) => /^value\.\d+$/.test(k))) {
        const v = number(one(form, name));
        if (v === undefined) continue;
        values.push({ targetIdx: Number(name.slice(6)), value: v });
        valueInputs.push(name);
      }
      body = {
        period: optional(form, 'period'),
        percent: number(one(form, 'percent')),
        values: values.length ? values : undefined,
        narrative: one(form, 'narrative'),
        problems: optional(form, 'problems'),
        nextSteps: optional(form, 'nextSteps'),
      };
      break;
    }
    case 'extensionRequest':
      body = { newDeadline: one(form, 'newDeadline'), reason: one(form, 'reason') };
      break;
    case 'completion':
      body = { summary: one(form, 'summary') };
      break;
    case 'review':
      body = {
        decision: one(form, 'decision') || undefined,
        grade: optional(form, 'grade'),
        comment: optional(form, 'comment'),
      };
      break;
    case 'extensionDecision': {
      const approve = one(form, 'approve');
      body = {
        approve: approve === 'true' ? true : approve === 'false' ? false : undefined,
        newDeadline: approve === 'true' ? optional(form, 'newDeadline') : undefined,
        comment: optional(form, 'comment'),
      };
      break;
    }
    case 'suspend':
    case 'cancel':
      body = { reason: one(form, 'reason') };
      break;
    case 'reassign':
      body = {
        leadDepartment: one(form, 'leadDepartment'),
        coDepartments: many(form, 'coDepartments'),
        reason: optional(form, 'reason'),
      };
      break;
    case 'instruction':
      body = { text: one(form, 'text') };
      break;
    case 'resume':
    case 'start':
      break;
  }
  body = Object.fromEntries(Object.entries({ ...body, requestId }).filter(([, v]) => v !== undefined));
  return {
    body,
    inputOf(field) {
      if (!field) return undefined;
      const value = /^values\[(\d+)\]/.exec(field);
      if (value) return valueInputs[Number(value[1])];
      const base = field.replace(/\[\d+\].*$/, '');
      return inputs.has(base) || FIELD_LABEL[base] ? base : undefined;
    },
  };
}

/** A refusal's message with the API field name replaced by the label the form shows. */
export function relabel(message: string, field: string | undefined, label: string | undefined): string {
  if (!field || !label || message.includes(label)) return message;
  return message.split(field).join(label);
}
