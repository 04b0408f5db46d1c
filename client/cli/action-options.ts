// An action's fields as command-line options, and the parsed options back as the action's body. Every
// `task <verb>` is built from these two functions: a field the body's schema declares is an option here.
import { Option, type Command } from 'commander';
import type { InputField } from '../service/input-fields';
import { UsageError } from './output';

/** A number if it reads as one; otherwise the text itself, so validation names the field. */
const num = (s: string | undefined): unknown =>
  s === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** What the option's help says about its field. */
function help(f: InputField): string {
  const more: string[] = [];
  if (f.kind === 'date') more.push('YYYY-MM-DD');
  if (f.kind === 'enum') more.push(f.options.join(', '));
  if (f.kind === 'list') more.push('comma-separated');
  if (f.kind === 'pairs') more.push(`${f.key}=${f.value}, repeatable`);
  if (f.hint) more.push(f.hint);
  return more.length ? `${f.title} (${more.join('; ')})` : f.title;
}

const PLACEHOLDER: Partial<Record<InputField['kind'], string>> = {
  number: '<n>',
  date: '<date>',
  list: '<codes>',
  enum: '<value>',
};

/** Adds the options of `fields` to `cmd`: one per field, one switch per choice of a field with named choices. */
export function addFieldOptions(cmd: Command, fields: readonly InputField[]): Command {
  for (const f of fields) {
    if (f.kind === 'choice') {
      for (const c of f.choices) cmd.addOption(new Option(`--${c.flag}`, `${f.title}：${c.label}`));
    } else if (f.kind === 'boolean') {
      cmd.addOption(new Option(`--${f.flag}`, help(f)));
    } else if (f.kind === 'pairs') {
      cmd.addOption(new Option(`--${f.flag} <${f.key}=${f.value}>`, help(f)).argParser(collect));
    } else {
      const placeholder = f.departments ? '<code>' : (PLACEHOLDER[f.kind] ?? '<text>');
      const option = new Option(`--${f.flag} ${placeholder}`, help(f));
      cmd.addOption(f.required ? option.makeOptionMandatory() : option);
    }
  }
  return cmd;
}

/** The body `fields` make of the parsed options `opts` (commander's names: `--next-steps` is `nextSteps`). */
export function bodyFromOptions(
  fields: readonly InputField[],
  opts: Record<string, unknown>,
): Record<string, unknown> {
  const at = (flag: string) => opts[new Option(`--${flag}`).attributeName()];
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = at(f.flag);
    if (f.kind === 'choice') {
      const picked = f.choices.filter((c) => at(c.flag) === true);
      if (picked.length > 1 || (f.required && picked.length === 0))
        throw new UsageError(`say ${f.choices.map((c) => `--${c.flag}`).join(' or ')}`);
      body[f.name] = picked[0]?.value;
    } else if (f.kind === 'boolean') body[f.name] = raw === true ? true : undefined;
    else if (f.kind === 'number') body[f.name] = num(raw as string | undefined);
    else if (f.kind === 'list')
      body[f.name] =
        raw === undefined
          ? undefined
          : String(raw)
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean);
    else if (f.kind === 'pairs') {
      const given = (raw as string[] | undefined) ?? [];
      body[f.name] = given.length
        ? given.map((v) => {
            const m = /^(\d+)=(.+)$/.exec(v);
            if (!m) throw new UsageError(`--${f.flag} must be <${f.key}>=<${f.value}>, not '${v}'`);
            return { [f.key]: Number(m[1]), [f.value]: num(m[2]) };
          })
        : undefined;
    } else body[f.name] = raw;
  }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}
