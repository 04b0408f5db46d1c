// seeds/policies.yaml: escalation policies by name; the spec is stored as jsonb and read by the workflow.
import { z } from 'zod';
import { LedgerFileError, type Problem } from './errors';
import { entryName, problemsOf, text } from './validation';

const policy = z.strictObject({
  name: text(),
  spec: z.record(z.string(), z.unknown(), { error: 'must be a mapping of settings' }),
});

export type Policy = z.infer<typeof policy>;

/** Validates the parsed policies file: a list of `{ name, spec }` with unique names. */
export function parsePolicies(path: string, data: unknown): Policy[] {
  const parsed = z.array(policy, { error: 'must be a list of { name, spec }' }).safeParse(data);
  if (!parsed.success) {
    throw new LedgerFileError(
      path,
      problemsOf(parsed.error, (i) => entryName(data, i, 'name', 'policy')),
    );
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const p of parsed.data) {
    if (seen.has(p.name))
      problems.push({ entry: `policy ${p.name}`, field: 'name', message: 'is listed twice' });
    seen.add(p.name);
  }
  if (problems.length > 0) throw new LedgerFileError(path, problems);
  return parsed.data;
}
