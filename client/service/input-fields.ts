// An action's input as fields: what the CLI turns into options and the dashboard into a form. Read from the
// body's schema (its JSON Schema, with the `x-` keys schemas.ts sets), so neither surface writes an action's
// fields a second time: a new action with a body gets its `task <verb>` options and its form by itself.
import { z } from 'zod';

/** One of a field's named choices: its value, what a clerk reads, and the CLI's switch (`--approve`). */
export interface Choice {
  value: string | boolean;
  label: string;
  flag: string;
}

interface FieldBase {
  /** The body's key. */
  name: string;
  /** What a clerk reads (the key itself when the schema gives no title). */
  title: string;
  /** More about it: format, default, when it is required. */
  hint?: string;
  required: boolean;
  /** The CLI's option, `--<flag>`. */
  flag: string;
  /** Its values are department codes (the form offers the directory). */
  departments: boolean;
}

/** What a field holds, and so how it is asked for. */
export type FieldKind =
  | { kind: 'line' | 'paragraphs' | 'number' | 'date' | 'boolean' | 'list' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'choice'; choices: Choice[] }
  /** A list of key/value records, one per thing of a kind (`each`): the achieved value per target. */
  | { kind: 'pairs'; each: string; key: string; value: string };

export type InputField = FieldBase & FieldKind;

interface Property {
  type?: string;
  format?: string;
  enum?: string[];
  title?: string;
  description?: string;
  items?: Property & { properties?: Record<string, Property> };
  'x-multiline'?: boolean;
  'x-choices'?: Array<{ value: string | boolean; label: string; flag?: string }>;
  'x-flag'?: string;
  'x-each'?: string;
  'x-departments'?: boolean;
}

/** The fields of an action's body, in the schema's order; the envelope's `requestId` is not one. */
export function inputFields(body: z.ZodType): InputField[] {
  const schema = z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Property>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => name !== 'requestId')
    .map(([name, p]) => {
      const base: FieldBase = {
        name,
        title: p.title ?? name,
        ...(p.description ? { hint: p.description } : {}),
        required: (schema.required ?? []).includes(name),
        flag: p['x-flag'] ?? kebab(name),
        departments: p['x-departments'] === true,
      };
      return { ...base, ...kindOf(name, p) };
    });
}

function kindOf(name: string, p: Property): FieldKind {
  const choices = p['x-choices'];
  if (choices)
    return { kind: 'choice', choices: choices.map((c) => ({ ...c, flag: c.flag ?? String(c.value) })) };
  if (p.type === 'string') {
    if (p.enum) return { kind: 'enum', options: p.enum };
    if (p.format === 'date') return { kind: 'date' };
    return { kind: p['x-multiline'] ? 'paragraphs' : 'line' };
  }
  if (p.type === 'number' || p.type === 'integer') return { kind: 'number' };
  if (p.type === 'boolean') return { kind: 'boolean' };
  if (p.type === 'array' && p.items?.type === 'string') return { kind: 'list' };
  const keys = Object.keys(p.items?.properties ?? {});
  if (p.type === 'array' && p['x-each'] && keys.length === 2)
    return { kind: 'pairs', each: p['x-each'], key: keys[0]!, value: keys[1]! };
  // Found when the action table is loaded: a body the CLI and the forms cannot offer is a programming error.
  throw new Error(
    `input field '${name}': no CLI option or form field for this schema (${JSON.stringify(p)})`,
  );
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
