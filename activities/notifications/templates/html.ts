// Safe HTML by construction, for the emails and the dashboard alike: the `html` tag escapes every
// interpolated value unless it is already SafeHtml, so a task title, a narrative or anything else from the
// report, the departments or the trail can never open a tag or an attribute.

/** Markup that is already safe to emit as is (built by `html`, `join`, `multiline`, or `raw` on constants). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Html = SafeHtml | string | number | null | undefined | false | readonly Html[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);

/** Trusted markup: only for constants written in this code base. */
export const raw = (s: string): SafeHtml => new SafeHtml(s);

function render(v: Html): string {
  if (v instanceof SafeHtml) return v.value;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** The template tag: `html\`<p>${text}</p>\`` escapes `text`; nested `html` results and arrays pass through. */
export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Joins parts with a separator (itself escaped unless SafeHtml). */
export const join = (parts: readonly Html[], sep: Html = ''): SafeHtml =>
  new SafeHtml(parts.map(render).join(render(sep)));

/** Plain text whose line breaks become <br>, everything else escaped. */
export function multiline(text: string): SafeHtml {
  return new SafeHtml(text.split('\n').map(escapeHtml).join('<br>\n'));
}
