// The text rule on its own (client/service/text-hygiene.ts): which characters each kind of field refuses.
import { normalizeLineEndings, textProblem } from '../../client/service/text-hygiene';

const CLASSES: Record<string, string[]> = {
  bidi: [
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200e',
    '\u200f',
    '\u061c',
  ],
  'zero-width': ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'],
  C1: ['\u0080', '\u0085', '\u009b', '\u009f', '\u007f'],
  C0: ['\u0000', '\u0001', '\u0007', '\u000b', '\u000c', '\u001b', '\u001f'],
  'lone surrogate': ['\ud800', '\udfff'],
};

test.each(Object.entries(CLASSES))('%s characters are refused in every kind of field', (_name, chars) => {
  for (const ch of chars) {
    for (const kind of ['line', 'paragraphs'] as const) {
      const problem = textProblem(`已完成${ch}80%`, kind);
      expect([kind, ch.codePointAt(0), problem]).toEqual([kind, ch.codePointAt(0), expect.anything()]);
      expect(problem!.en).toContain(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      expect(problem!.en).toContain('at character 4');
    }
  }
});

test('line breaks and tabs: allowed in paragraphs, refused in one-line fields', () => {
  for (const ch of ['\n', '\r\n', '\r', '\t']) {
    expect(textProblem(`第一段${ch}第二段`, 'paragraphs')).toBeUndefined();
    expect(textProblem(`第一段${ch}第二段`, 'line')!.zh).toContain('只能填一行');
  }
  expect(textProblem('a\u2028b', 'line')).toBeDefined();
  expect(normalizeLineEndings('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
});

test('ordinary text passes: Chinese, full-width forms, emoji, combining marks, variation selectors', () => {
  for (const s of [
    '已实施城乡交通项目20个，完成投入11亿元',
    '（一）「重点」',
    '👍🏽',
    'e\u0301',
    '葛\udb40\udd00',
    "'; DROP TABLE tasks; --",
  ])
    expect([s, textProblem(s, 'line')]).toEqual([s, undefined]);
});
