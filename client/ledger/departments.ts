// seeds/departments.yaml: the responsible departments, the office, and who to write to at each level.
import { z } from 'zod';
import { LedgerFileError, type Problem } from './errors';
import { departmentCode, entryName, problemsOf, text } from './validation';

const person = z.strictObject({
  name: text(),
  email: z.email({ error: 'must be an email address' }),
  phone: z.string().optional(),
  /** The leader's post (常务副市长 …), for people reading the file; not stored. */
  title: z.string().optional(),
});

const department = z.strictObject({
  code: departmentCode(),
  name: text(),
  /** 'office' is the supervision office (督查室); 'enterprise' a state-owned company with duties (供电公司). */
  kind: z.enum(['department', 'office', 'enterprise']).default('department'),
  contact: person,
  head: person,
  leader: person,
});

const file = z.strictObject({ departments: z.array(department).min(1, 'must list at least one department') });

export type Department = z.infer<typeof department>;

/** Validates the parsed departments file: shape, unique codes, exactly one office. */
export function parseDepartments(path: string, data: unknown): Department[] {
  const parsed = file.safeParse(data);
  const list = (data as { departments?: unknown } | null)?.departments;
  if (!parsed.success) {
    throw new LedgerFileError(
      path,
      problemsOf(parsed.error, (i) => entryName(list, i, 'code', 'department'), 'departments'),
    );
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const d of parsed.data.departments) {
    if (seen.has(d.code))
      problems.push({ entry: `department ${d.code}`, field: 'code', message: 'is listed twice' });
    seen.add(d.code);
  }
  if (problems.length > 0) throw new LedgerFileError(path, problems);
  return parsed.data.departments;
}
