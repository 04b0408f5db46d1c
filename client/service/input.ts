// Turns a schema failure into a 400 that names the field, in Chinese and English.
import type { z } from 'zod';
import { ServiceError } from './errors';

type Issue = z.core.$ZodIssue;

/** `values[0].value` style: how the field is named in every error. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

const TYPE_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The bilingual refusal for one issue; `root` is the input, to tell a missing field from a wrong one. */
export function describeIssue(issue: Issue, root: unknown): ServiceError {
  let field = fieldName(issue.path);
  const name = field || '请求内容';
  const nameEn = field || 'the request body';
  let zh: string;
  let en: string;
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(root, issue.path) === undefined && issue.path.length > 0) {
        zh = `缺少必填字段（${field}）`;
        en = `${field} is required`;
      } else {
        zh = `${name}的类型不对，应为${TYPE_ZH[issue.expected] ?? issue.expected}`;
        en = `${nameEn}: expected ${issue.expected}`;
      }
      break;
    case 'too_big':
      zh =
        issue.origin === 'string'
          ? `${name}不能超过${String(issue.maximum)}个字符`
          : issue.origin === 'array'
            ? `${name}最多${String(issue.maximum)}项`
            : `${name}不能大于${String(issue.maximum)}`;
      en = `${nameEn}: ${issue.message}`;
      break;
    case 'too_small':
      zh =
        issue.origin === 'string'
          ? Number(issue.minimum) <= 1
            ? `${name}不能为空`
            : `${name}至少${String(issue.minimum)}个字符`
          : issue.origin === 'array'
            ? `${name}至少${String(issue.minimum)}项`
            : `${name}不能小于${String(issue.minimum)}`;
      en = `${nameEn}: ${issue.message}`;
      break;
    case 'invalid_value':
      zh = `${name}的取值无效，可选：${issue.values.map(String).join('、')}`;
      en = `${nameEn}: must be one of ${issue.values.map(String).join(', ')}`;
      break;
    case 'invalid_format':
      zh = `${name}的格式不对${issue.format === 'regex' ? '' : `（${issue.format}）`}`;
      en = `${nameEn}: ${issue.message}`;
      break;
    case 'unrecognized_keys':
      field = fieldName([...issue.path, issue.keys[0] ?? '']);
      zh = `不认识的字段：${issue.keys.join('、')}`;
      en = `unknown field(s): ${issue.keys.join(', ')}`;
      break;
    case 'custom':
      // Text hygiene (client/service/text-hygiene.ts) says which character; other refinements only that one is wrong.
      zh =
        typeof issue.params?.zh === 'string'
          ? `${name}含有${issue.params.zh}`
          : `${name}含有不允许的字符（控制字符或残缺的 Unicode 代理字符）`;
      en = `${nameEn}: ${issue.message}`;
      break;
    default:
      zh = `${name}无效`;
      en = `${nameEn}: ${issue.message}`;
  }
  return new ServiceError('bad_request', zh, en, field || undefined);
}

/** Parses `raw` with `schema`, or throws a 400 ServiceError naming the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw describeIssue(result.error.issues[0]!, raw);
}
