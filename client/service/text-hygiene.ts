// What free text may hold — the one rule, used by the schemas every entry point validates with (API, forms,
// CLI). Characters that make text read differently from what it holds are refused, never stripped: what is
// stored is what was typed, and the refusal names the field and the character so a clerk can remove it.
//
//   every field  no C1 controls (U+0080–U+009F), no DEL, no bidirectional controls (U+202A–U+202E,
//                U+2066–U+2069, U+200E, U+200F, U+061C: they reverse text in pages and emails), no zero-width
//                characters (U+200B–U+200D, U+2060, U+FEFF), no lone surrogates and no NUL (Postgres cannot
//                store them: the read model would stall on such a state)
//   'line'       one line: no C0 control at all (tab and line breaks included), no U+2028/U+2029
//   'paragraphs' several lines: tab, LF and CR (CR LF and CR are stored as LF) allowed, other C0 refused

export type TextKind = 'line' | 'paragraphs';

/** Why a text is refused: the kind of character and its code point, in Chinese and English. */
export interface TextProblem {
  zh: string;
  en: string;
}

interface CharClass {
  pattern: RegExp;
  zh: string;
  en: string;
}

/* eslint-disable no-control-regex -- matching control characters is the point */
const BIDI: CharClass = {
  pattern: /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/,
  zh: '文字方向控制字符',
  en: 'a bidirectional control character',
};
const ZERO_WIDTH: CharClass = {
  pattern: /[\u200b-\u200d\u2060\ufeff]/,
  zh: '零宽字符',
  en: 'a zero-width character',
};
const C1: CharClass = { pattern: /[\u007f-\u009f]/, zh: '控制字符', en: 'a control character' };
const C0_IN_PARAGRAPHS: CharClass = {
  pattern: /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/,
  zh: '控制字符',
  en: 'a control character',
};
const C0_IN_LINE: CharClass = {
  pattern: /[\u0000-\u001f\u2028\u2029]/,
  zh: '换行符、制表符或控制字符（此处只能填一行）',
  en: 'a line break, tab or control character (one line only here)',
};
const LONE_SURROGATE: CharClass = {
  pattern: /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
  zh: '残缺的 Unicode 代理字符',
  en: 'a lone UTF-16 surrogate',
};
/* eslint-enable no-control-regex */

const CLASSES: Record<TextKind, CharClass[]> = {
  line: [C0_IN_LINE, C1, BIDI, ZERO_WIDTH, LONE_SURROGATE],
  paragraphs: [C0_IN_PARAGRAPHS, C1, BIDI, ZERO_WIDTH, LONE_SURROGATE],
};

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character a `kind` field may not hold, described; undefined when `text` is clean. */
export function textProblem(text: string, kind: TextKind): TextProblem | undefined {
  let first: { index: number; found: string; cls: CharClass } | undefined;
  for (const cls of CLASSES[kind]) {
    const m = cls.pattern.exec(text);
    if (m && (!first || m.index < first.index)) first = { index: m.index, found: m[0], cls };
  }
  if (!first) return undefined;
  const at = codePoint(first.found);
  const position = [...text.slice(0, first.index)].length + 1;
  return {
    zh: `${first.cls.zh}：第${position}个字符 ${at}，请删除后重新提交`,
    en: `contains ${first.cls.en} (${at}) at character ${position}`,
  };
}

/** Line endings of multi-line text as stored: LF (browsers post textareas with CR LF). */
export const normalizeLineEndings = (text: string) => text.replace(/\r\n?/g, '\n');
