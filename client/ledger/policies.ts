// seeds/policies.yaml: escalation policies by name. Each spec is checked here, field by field, before anything is
// loaded: the spec is frozen into every workflow started from it, so a typo must never get that far.
import { z } from 'zod';
import { RECIPIENTS, TOP_LEVEL, type EscalationPolicy } from '../../workflows/domain';
import { LedgerFileError, type Problem } from './errors';
import { entryName, problemsOf, text } from './validation';

const count = (what: string, min: number, max: number) =>
  z
    .number({ error: (i) => (i.input === undefined ? 'is required' : `must be a whole number of ${what}`) })
    .int(`must be a whole number of ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const step = z.strictObject({
  level: z.number({ error: 'must be a level number' }).int('must be a level number'),
  afterWorkingDays: count('working days', 0, 60),
  notify: z
    .array(z.enum(RECIPIENTS, { error: `must be one of ${RECIPIENTS.join(', ')}` }), {
      error: 'must be a list of recipients',
    })
    .min(1, 'must name at least one recipient'),
});

/** The fields of EscalationPolicy but its name, each with its range; unknown keys are refused. */
const spec = z.strictObject({
  ackWorkingDays: count('working days', 0, 30),
  reportDueWorkingDay: count('working days', 1, 23),
  dueTime: z
    .string({ error: "must be a time 'HH:MM'" })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time 'HH:MM' (00:00–23:59)"),
  // The level of a step is its place on the ladder: the first is level 1, each next one level up.
  steps: z
    .array(step, { error: 'must be a list of ladder steps' })
    .min(1, 'must have at least one step')
    .max(TOP_LEVEL, `must have at most ${TOP_LEVEL} steps (levels 1–${TOP_LEVEL})`)
    .superRefine(
      (steps, ctx) =>
        steps.forEach((s, i) => {
          const level = (s as { level?: unknown } | undefined)?.level;
          if (typeof level === 'number' && level !== i + 1)
            ctx.addIssue({
              code: 'custom',
              path: [i, 'level'],
              message: `must be ${i + 1}: the ladder climbs one level per step, from 1`,
            });
        }),
      // Checked even when another field of a step is wrong, so one load lists every problem.
      { when: (payload) => Array.isArray(payload.value) },
    ),
  repeatEveryWorkingDays: count('working days', 1, 60),
  progressTolerancePct: count('percentage points', 0, 100),
  nearDeadlineWorkingDays: count('working days', 0, 250),
}) satisfies z.ZodType<Omit<EscalationPolicy, 'name'>>;

const policy = z.strictObject({ name: text(), spec });

export type Policy = z.infer<typeof policy>;

/** Validates the parsed policies file: a list of `{ name, spec }` with unique names and well-formed specs. */
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
