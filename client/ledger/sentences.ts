// Cutting report text into sentences and clauses without cutting inside quotes or brackets.
import { QUOTE_PAIRS } from './rules';

const OPENERS = new Map<string, string>([
  ...QUOTE_PAIRS.map(([o, c]) => [o, c] as [string, string]),
  ['(', ')'],
]);

/** Splits `text` after each of `ends` found outside quotes and brackets; the separators stay with the left part. */
export function splitTopLevel(text: string, ends: string): string[] {
  const parts: string[] = [];
  const stack: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const closer = OPENERS.get(ch);
    if (stack.length > 0 && ch === stack[stack.length - 1]) {
      stack.pop();
    } else if (closer !== undefined) {
      stack.push(closer);
    } else if (stack.length === 0 && ends.includes(ch)) {
      parts.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

/** Sentences, each with its closing 。!? (the last may have none). */
export function splitSentences(text: string): string[] {
  return splitTopLevel(text, '。!?');
}

/** Clauses of a sentence, each with its trailing , ; : or sentence end. */
export function splitClauses(sentence: string): string[] {
  return splitTopLevel(sentence, ',;:。!?');
}

/** Drops a trailing punctuation mark: "优化产业布局。" → "优化产业布局". */
export function stripEndPunctuation(text: string): string {
  return text.replace(/[,;:。!?、]+$/, '');
}

/** The same text with everything inside quotes replaced by '※' (same length), so figures in names are not read. */
export function maskQuoted(text: string): string {
  let out = '';
  let closer: string | undefined;
  for (const ch of text) {
    if (closer !== undefined) {
      if (ch === closer) {
        closer = undefined;
        out += ch;
      } else {
        out += '※'.repeat(ch.length);
      }
      continue;
    }
    const pair = QUOTE_PAIRS.find(([open]) => open === ch);
    if (pair) closer = pair[1];
    out += ch;
  }
  return out;
}
