// Shared zod pieces for the seed files, with messages an office clerk can act on.
import { z } from 'zod';
import { fieldPath, type Problem } from './errors';

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

export const text = () =>
  z
    .string({ error: required('text') })
    .trim()
    .min(1, 'must not be empty');

/** 'YYYY-MM-DD' that is a real calendar day. */
export const isoDate = () =>
  z
    .string({ error: required("a date 'YYYY-MM-DD'") })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'")
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    }, 'is not a calendar day');

export const departmentCode = () =>
  z
    .string({
      error: (issue) => (issue.input === null ? 'is not assigned' : required('a department code')(issue)),
    })
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be a department code (lower-case letters, digits, - or _)');

/**
 * Problems from a failed parse of a list of entries: the entry is named by `label(index)` (its id or code
 * when it has one), the field by the rest of the path.
 */
export function problemsOf(
  error: z.ZodError,
  label: (index: number) => string | undefined,
  listKey?: string,
): Problem[] {
  return error.issues.map((issue) => {
    const path = [...issue.path];
    if (listKey !== undefined && path[0] === listKey) path.shift();
    const index = path[0];
    if (typeof index === 'number') {
      return { entry: label(index), field: fieldPath(path.slice(1)) || undefined, message: issue.message };
    }
    return { field: fieldPath(path) || undefined, message: issue.message };
  });
}

/** The `key` of the index-th element of `list` when it is a string: the entry's name for messages. */
export function entryName(list: unknown, index: number, key: string, kind: string): string {
  const item = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const name = item && typeof item === 'object' ? item[key] : undefined;
  return typeof name === 'string' && name !== '' ? `${kind} ${name}` : `${kind} #${index + 1}`;
}
