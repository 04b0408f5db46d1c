// Quantitative targets in a task's text: metric phrase, value, unit, comparator, kind, tentative.
import { targetKind } from '../../workflows/rules/target-kind';
import { findQuantities, type Quantity } from './quantities';
import {
  ACTION_VERBS,
  BEFORE_AT_LEAST,
  BEFORE_AT_MOST,
  BEFORE_REACH,
  DECLINE_WORDS,
  ENUMERATION_SEPARATORS,
  GROWTH_WORDS,
  METRIC_NOISE_PATTERN,
  METRIC_NOISE_PREFIXES,
  RESPECTIVELY,
  TENTATIVE_WORDS,
} from './rules';
import { maskQuoted, splitClauses, splitSentences, stripEndPunctuation } from './sentences';
import type { Comparator, LedgerTarget } from './types';

/** A target before its words are read: the metric text and the figure. */
interface Draft {
  metric: string;
  q: Quantity;
  /** The text right before the figure: its last words say ≥/≤ and growth. */
  before: string;
  /** For "55个城乡交通项目": the counted noun. */
  noun?: string;
}

const byLength = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length);
const VERBS = byLength(ACTION_VERBS);
const TRAILING = byLength([...BEFORE_AT_MOST, ...BEFORE_AT_LEAST, ...BEFORE_REACH]);
const LEADING = byLength([...TENTATIVE_WORDS, ...METRIC_NOISE_PREFIXES]);

/** All targets of a task's text, in reading order. */
export function extractTargets(text: string): LedgerTarget[] {
  const targets: LedgerTarget[] = [];
  for (const sentence of splitSentences(text)) {
    for (const clause of splitClauses(sentence)) targets.push(...clauseTargets(stripEndPunctuation(clause)));
  }
  return targets;
}

function clauseTargets(clause: string): LedgerTarget[] {
  const quantities = findQuantities(clause);
  if (quantities.length === 0) return [];
  // 力争/争取 reach as far as the clause: "力争新增贷款120亿元以上、专项债20亿元以上".
  const tentative = TENTATIVE_WORDS.some((w) => clause.includes(w));
  const drafts = respectively(clause, quantities) ?? enumeration(clause);
  return drafts.map((d) => finish(d, tentative));
}

/** "A和B分别提高到50%和60%" pairs metrics and figures; undefined when the counts differ. */
function respectively(clause: string, quantities: Quantity[]): Draft[] | undefined {
  const at = clause.indexOf(RESPECTIVELY);
  if (at < 0) return undefined;
  const figures = quantities.filter((q) => q.start > at);
  const names = clause
    .slice(0, at)
    .split(ENUMERATION_SEPARATORS)
    .filter((_, i) => i % 2 === 0);
  if (figures.length < 2 || names.length !== figures.length) return undefined;
  const first = figures[0] as Quantity;
  const before = clause.slice(at + RESPECTIVELY.length, first.start);
  return figures.map((q, i) => ({ metric: (names[i] ?? '') + growthWordOf(before, q), q, before }));
}

/** Splits "新增A 3家、B 15家" into items and lets later items share the first one's verb. */
function enumeration(clause: string): Draft[] {
  const items = splitEnumeration(clause);
  const all: Draft[] = [];
  let verb = '';
  let body = '';
  items.forEach((item, k) => {
    const drafts = itemDrafts(item);
    if (k === 0) {
      const head = cleanMetric(drafts[0]?.metric ?? item);
      verb = verbAt(head);
      body = head.slice(verb.length);
    } else if (verb) {
      for (const d of drafts) {
        const core = cleanMetric(d.metric);
        if (!verbAt(core)) d.metric = verb + sharedPrefix(body, core) + core;
      }
    }
    all.push(...drafts);
  });
  borrowHeads(all);
  return all;
}

function splitEnumeration(clause: string): string[] {
  const masked = maskQuoted(clause);
  const cuts: number[] = [];
  const pattern = new RegExp(ENUMERATION_SEPARATORS.source, 'g');
  for (const m of masked.matchAll(pattern)) cuts.push(m.index);
  const parts: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(clause.slice(from, cut));
    from = cut;
  }
  parts.push(clause.slice(from));
  // A part without a figure of its own belongs to the next one ("A、B、C等9条道路").
  const items: string[] = [];
  let pending = '';
  for (const part of parts) {
    if (findQuantities(part).length === 0) {
      pending += part;
      continue;
    }
    items.push(pending + part);
    pending = '';
  }
  if (pending) {
    if (items.length > 0) items[items.length - 1] += pending;
    else items.push(pending);
  }
  return items.map((item, i) =>
    i === 0 ? item : item.replace(new RegExp(`^${ENUMERATION_SEPARATORS.source}`), ''),
  );
}

/**
 * One item: a figure at the end or before a new verb is a target of the text before it ("完成技改投资180亿元");
 * a counted figure followed by a noun counts that noun ("实施55个城乡交通项目"); any other figure followed by
 * more words qualifies them ("20亿元以上大项目20个").
 */
function itemDrafts(item: string): Draft[] {
  const drafts: Draft[] = [];
  let segment = 0;
  let consumed = -1;
  for (const q of findQuantities(item)) {
    if (q.start < consumed) continue;
    const rest = item.slice(q.end);
    if (rest === '' || verbAt(rest)) {
      const before = item.slice(segment, q.start);
      drafts.push({ metric: before, q, before });
      segment = q.end;
    } else if (q.counts) {
      const before = item.slice(segment, q.start);
      const noun = rest.replace(/^的/, '');
      drafts.push({ metric: numberFirstPrefix(before) + noun, q, before, noun });
      consumed = item.length;
    }
  }
  // "投入30亿元实施55个城乡交通项目": a bare verb takes the noun of the action it pays for.
  drafts.forEach((d, i) => {
    const next = drafts[i + 1];
    if (next?.noun && VERBS.includes(cleanMetric(d.metric))) d.metric = next.noun + cleanMetric(d.metric);
  });
  return drafts;
}

/** The words before a counted figure: a list of examples ending in 等 is dropped, its verb kept. */
function numberFirstPrefix(before: string): string {
  const cleaned = cleanMetric(before);
  return cleaned.includes('等') ? verbAt(cleaned) : cleaned;
}

/** "建设9个110千伏和2个35千伏输变电工程": a noun that is only a figure borrows the next one's head. */
function borrowHeads(drafts: Draft[]): void {
  drafts.forEach((d, i) => {
    if (d.noun === undefined || !isOnlyFigure(d.noun)) return;
    const next = drafts.slice(i + 1).find((n) => n.noun !== undefined && !isOnlyFigure(n.noun));
    const lead = next?.noun ? findQuantities(next.noun)[0] : undefined;
    if (next?.noun && lead?.start === 0) d.metric += next.noun.slice(lead.end);
  });
}

function isOnlyFigure(text: string): boolean {
  const qs = findQuantities(text);
  return qs.length === 1 && qs[0]?.start === 0 && qs[0].end === text.length;
}

/** "超10亿元企业" after "产值超50亿元企业" shares "产值": the first two characters line the items up. */
function sharedPrefix(body: string, core: string): string {
  const shape = (s: string) => s.replace(/[\d.零〇一二两三四五六七八九十百千]/g, '0');
  const key = shape(core).slice(0, 2);
  if (key.length < 2) return '';
  const at = shape(body).indexOf(key);
  return at > 0 ? body.slice(0, at) : '';
}

function verbAt(text: string): string {
  return VERBS.find((v) => text.startsWith(v)) ?? '';
}

function growthWordOf(before: string, q: Quantity): string {
  if (q.unit !== '%') return '';
  return [...GROWTH_WORDS, ...DECLINE_WORDS].find((w) => before.trim().endsWith(w)) ?? '';
}

/** Strips what is not the metric: leading 力争/全年, trailing 达/突破/提高到, punctuation. */
function cleanMetric(text: string): string {
  let s = text.trim().replace(/^[、,;:和及]+/, '');
  for (let changed = true; changed;) {
    changed = false;
    const lead =
      LEADING.find((w) => s.startsWith(w) && s.length > w.length) ?? METRIC_NOISE_PATTERN.exec(s)?.[0];
    if (lead) {
      s = s.slice(lead.length);
      changed = true;
    }
    const trail = TRAILING.find((w) => s.endsWith(w) && s.length > w.length);
    if (trail) {
      s = s.slice(0, -trail.length);
      changed = true;
    }
  }
  return s.replace(/的$/, '').trim();
}

function finish(d: Draft, tentative: boolean): LedgerTarget {
  const before = d.before.trim();
  let comparator: Comparator = '=';
  if (d.q.after === '≥' || d.q.after === '≤') comparator = d.q.after;
  else if (d.q.upper !== undefined) comparator = '≥';
  else if (BEFORE_AT_MOST.some((w) => before.endsWith(w))) comparator = '≤';
  else if (BEFORE_AT_LEAST.some((w) => before.endsWith(w))) comparator = '≥';
  const metric = cleanMetric(d.metric);
  // The growth word stays at the end of the metric: that is how a stored row says 'growth' (see kind.ts).
  const growth = targetKind(metric, d.q.unit) === 'growth';
  const decline = growth && DECLINE_WORDS.some((w) => metric.endsWith(w));
  // A fall of 3% or more is growth of −3% or less.
  const value = decline ? -d.q.value : d.q.value;
  if (decline && comparator !== '=') comparator = comparator === '≥' ? '≤' : '≥';
  const target: LedgerTarget = {
    metric,
    value,
    unit: d.q.unit,
    comparator,
    tentative: tentative || d.q.upper !== undefined,
    kind: growth ? 'growth' : 'absolute',
  };
  if (d.q.upper !== undefined) target.upper = decline ? -d.q.upper : d.q.upper;
  return target;
}
