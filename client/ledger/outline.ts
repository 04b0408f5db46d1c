// The plan part of a report as a tree: headline targets, sections, items and their sub-items.
import { parseChineseNumeral } from './numerals';
import { HEADLINE_LEAD, NUMBERED_ITEM, PART_HEADING, PLAN_PART_TITLE, SECTION_MARKERS } from './rules';
import { splitSentences, splitTopLevel, stripEndPunctuation } from './sentences';
import { isLeadSentence, itemOf, ordinalItems, titleOf, type OutlineItem } from './items';

export type { OutlineItem } from './items';

export interface OutlineSection {
  number: number;
  /** As written, marker included: "(一)实施十项工程,打造…". */
  heading: string;
  items: OutlineItem[];
}

export interface Outline {
  planYear: number;
  headline?: { label: string; clauses: string[] };
  sections: OutlineSection[];
}

export class OutlineError extends Error {
  override name = 'OutlineError';
}

/** Finds the plan part in a report's paragraphs and reads its structure. */
export function parseOutline(paragraphs: string[], options: { planYear?: number } = {}): Outline {
  const start = paragraphs.findIndex((p) => PART_HEADING.test(p) && PLAN_PART_TITLE.test(p));
  if (start < 0) {
    throw new OutlineError(
      `no plan part: no heading like "二、2023年目标任务和重点工作" (${PLAN_PART_TITLE.source})`,
    );
  }
  const heading = paragraphs[start] as string;
  const after = paragraphs.slice(start + 1);
  const end = after.findIndex((p) => PART_HEADING.test(p));
  const body = end < 0 ? after : after.slice(0, end);
  const year = options.planYear ?? Number(/(\d{4})年/.exec(heading)?.[1] ?? NaN);
  if (!Number.isInteger(year)) {
    throw new OutlineError(`the plan part heading "${heading}" names no year: pass --year`);
  }

  const marker = SECTION_MARKERS.find((m) => body.some((p) => m.test(p)));
  const firstSection = marker ? body.findIndex((p) => marker.test(p)) : body.length;
  return {
    planYear: year,
    headline: headlineOf(body.slice(0, firstSection)),
    sections: marker ? sectionsOf(body.slice(firstSection), marker) : [],
  };
}

function headlineOf(paragraphs: string[]): Outline['headline'] {
  for (const sentence of paragraphs.flatMap(splitSentences)) {
    const m = HEADLINE_LEAD.exec(sentence);
    if (!m) continue;
    const list = stripEndPunctuation(sentence.slice(m.index + m[0].length));
    const clauses = splitTopLevel(list, ',;').map(stripEndPunctuation).filter(Boolean);
    return { label: m[1] as string, clauses };
  }
  return undefined;
}

function sectionsOf(paragraphs: string[], marker: RegExp): OutlineSection[] {
  const numbersSections = marker === SECTION_MARKERS[1];
  return groupParagraphs(paragraphs, (p) => marker.test(p)).map(([head = '', ...rest]) => {
    const m = marker.exec(head) as RegExpExecArray;
    const [title = '', ...bodyStart] = splitSentences(head.slice(m[0].length));
    const body = [bodyStart.join(''), ...rest].filter((p) => p.trim() !== '');
    const section = {
      title: stripEndPunctuation(title.trim()),
      whole: [head, ...rest].join('\n'),
      numbersSections,
    };
    return {
      number: parseSectionNumber(m[1] as string),
      heading: m[0].trim() + section.title,
      items: itemsOf(body, section),
    };
  });
}

function parseSectionNumber(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : (parseChineseNumeral(text) as number);
}

/**
 * A section's items: numbered paragraphs ("1.…"), else paragraphs opening with a lead sentence
 * ("优化产业布局。…"), else ordinals in the running text ("一是…二是…"), else the section is one item.
 */
function itemsOf(
  body: string[],
  section: { title: string; whole: string; numbersSections: boolean },
): OutlineItem[] {
  const numbered = section.numbersSections ? [] : groupParagraphs(body, (p) => NUMBERED_ITEM.test(p));
  if (numbered.length > 0) {
    return numbered.map((paragraphs) => {
      const text = paragraphs.join('\n');
      return itemOf(text, titleOf(text.replace(NUMBERED_ITEM, '')));
    });
  }
  const led = groupParagraphs(body, (p) => isLeadSentence(splitSentences(p)[0] ?? ''));
  if (led.length > 0) {
    return led.map((paragraphs) => {
      const text = paragraphs.join('\n');
      return itemOf(text, stripEndPunctuation(splitSentences(text)[0]?.trim() ?? ''));
    });
  }
  const ordinals = ordinalItems(body.join('\n'));
  if (ordinals.length > 0) return ordinals;
  // A section without items is one task: "1.扩大有效投资。全年实施重点项目200个…".
  return [{ title: section.title, text: section.whole.trim(), children: [] }];
}

/** Groups paragraphs into items that start where `starts` says; paragraphs before the first item are preamble. */
function groupParagraphs(paragraphs: string[], starts: (p: string) => boolean): string[][] {
  const groups: string[][] = [];
  for (const p of paragraphs) {
    if (starts(p)) groups.push([p]);
    else groups[groups.length - 1]?.push(p);
  }
  return groups;
}
