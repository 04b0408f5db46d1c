// One item of a section and its sub-items ("完善要素保障。改进土地供给方式。…拓展融资渠道。…").
import { findQuantities } from './quantities';
import {
  LEAD_MAX_CHARS,
  LEAD_MAX_CLAUSE_CHARS,
  LEAD_MIN_CHARS,
  ORDINAL_ITEM,
  PARALLEL_MIN_RUN,
  PARALLEL_PREFIX_CHARS,
  TITLE_MAX_CHARS,
} from './rules';
import { splitClauses, splitSentences, stripEndPunctuation } from './sentences';

export interface OutlineItem {
  title: string;
  /** The item's own verbatim text (its sub-items' text excluded). */
  text: string;
  children: OutlineItem[];
}

/**
 * Builds an item from its full text; `title` comes from its first sentence, which is never a sub-item.
 * Sub-items are ordinals ("一是…二是…"), else lead sentences and runs of parallel sentences.
 */
export function itemOf(text: string, title: string): OutlineItem {
  const [first = '', ...rest] = splitSentences(text);
  if (rest.length === 0) return { title, text: text.trim(), children: [] };
  const restText = rest.join('');
  const ordinals = ordinalItems(restText);
  if (ordinals.length >= 2) {
    const own = first + restText.slice(0, ordinalStarts(restText)[0]);
    return { title, text: own.trim(), children: ordinals };
  }
  const starts = subItemStarts(rest);
  if (starts.size === 0) return { title, text: text.trim(), children: [] };
  const at = [...starts.keys()].sort((a, b) => a - b);
  const own = [first, ...rest.slice(0, at[0])].join('');
  const children = at.map((from, i) => ({
    title: starts.get(from) as string,
    text: rest
      .slice(from, at[i + 1] ?? rest.length)
      .join('')
      .trim(),
    children: [],
  }));
  return { title, text: own.trim(), children };
}

/** "一是道路畅达工程。…二是…" → one item per ordinal, titled by its first sentence, marker kept in the text. */
export function ordinalItems(text: string): OutlineItem[] {
  const starts = ordinalStarts(text);
  return starts.map((from, i) => {
    const chunk = text.slice(from, starts[i + 1] ?? text.length).trim();
    const content = chunk.replace(/^[一二三四五六七八九十]{1,3}是/, '');
    return itemOf(chunk, titleOf(content));
  });
}

function ordinalStarts(text: string): number[] {
  return [...text.matchAll(ORDINAL_ITEM)].map((m) => m.index + (m[1] ?? '').length);
}

/** A title from an item's first sentence: the sentence when it is a lead sentence, else its first clause. */
export function titleOf(content: string): string {
  const first = (splitSentences(content)[0] ?? '').trim();
  const sentence = stripEndPunctuation(first);
  const title = isLeadSentence(first) ? sentence : stripEndPunctuation(splitClauses(sentence)[0] ?? '');
  return title.length <= TITLE_MAX_CHARS ? title : `${title.slice(0, TITLE_MAX_CHARS - 1)}…`;
}

/**
 * A lead sentence: short, without a figure, one clause (≤ LEAD_MAX_CHARS) or two short ones
 * ("注重规划引领,优化空间形态。"), closed by a full stop.
 */
export function isLeadSentence(sentence: string): boolean {
  const s = sentence.trim();
  if (!/[。!]$/.test(s)) return false;
  const body = stripEndPunctuation(s);
  if (/\d/.test(body) || findQuantities(body).length > 0) return false;
  const clauses = body.split(',');
  if (clauses.length === 1) return body.length >= LEAD_MIN_CHARS && body.length <= LEAD_MAX_CHARS;
  return clauses.length === 2 && clauses.every((c) => c.length >= 2 && c.length <= LEAD_MAX_CLAUSE_CHARS);
}

/** Where sub-items start among an item's sentences (after its first), with their titles. */
function subItemStarts(sentences: string[]): Map<number, string> {
  const starts = new Map<number, string>();
  sentences.forEach((s, i) => {
    if (isLeadSentence(s)) starts.set(i, stripEndPunctuation(s.trim()));
  });
  // Parallel sentences (排比): "抢抓光电信息产业风口,…。抢抓新能源产业风口,…。抢抓…"
  const prefix = (s: string) => s.trim().slice(0, PARALLEL_PREFIX_CHARS);
  const firstClause = (s: string) => stripEndPunctuation(splitClauses(s.trim())[0] ?? '');
  for (let i = 0; i < sentences.length;) {
    let j = i + 1;
    while (j < sentences.length && prefix(sentences[j] as string) === prefix(sentences[i] as string)) j++;
    const run = sentences.slice(i, j);
    if (run.length >= PARALLEL_MIN_RUN && run.every((s) => firstClause(s).length <= LEAD_MAX_CHARS)) {
      run.forEach((s, k) => {
        if (!starts.has(i + k)) starts.set(i + k, firstClause(s));
      });
    }
    i = j;
  }
  return starts;
}
