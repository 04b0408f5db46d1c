// Report text as it comes out of a PDF or a web page, made into one line per paragraph.
import { PAGE_NUMBER_LINE, PARAGRAPH_END, LEAD_MAX_CHARS, PART_HEADING, SECTION_MARKERS } from './rules';

/**
 * Normalises widths (NFKC: "，（一）１．" → ",(一)1."), drops page-number lines and spaces between Chinese
 * characters, and rejoins paragraphs that a page break cut in the middle of a sentence or a figure
 * ("粮食生 / 产", "720亿元以 / 上"). Returns the paragraphs.
 */
export function normalizeReport(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .split(/\r\n?|\n/)
    .map(cleanLine)
    .filter((line) => line !== '' && !PAGE_NUMBER_LINE.test(line));
  const paragraphs: string[] = [];
  let open: string | undefined;
  for (const line of lines) {
    if (open === undefined) {
      open = line;
    } else {
      open = rejoin(open, line);
    }
    if (!isCutByPageBreak(open)) {
      paragraphs.push(open);
      open = undefined;
    }
  }
  if (open !== undefined) paragraphs.push(open);
  return paragraphs;
}

// Spaces inside Chinese text are extraction noise; between two Latin words or figures they mean something.
function cleanLine(line: string): string {
  return line.trim().replace(/\s+/g, (space, at: number, all: string) => {
    const before = all.charAt(at - 1);
    const after = all.charAt(at + space.length);
    return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? ' ' : '';
  });
}

/**
 * A line that does not close its paragraph but has punctuation inside was cut by a page break. Headings end
 * without punctuation too, but they have none inside (the title, "重点工作"), or open with a marker and
 * have no full stop ("(一)实施十项工程,打造…").
 */
export function isCutByPageBreak(line: string): boolean {
  if (PARAGRAPH_END.test(line)) return false;
  const heading = PART_HEADING.test(line) || SECTION_MARKERS.some((m) => m.test(line));
  // "(六)高标推进乡村振兴。保障粮食安全,…粮食生" opens with a marker but is a paragraph: it has a full stop.
  return heading ? line.includes('。') : /[。,;:、]/.test(line);
}

/**
 * Joins a cut line with its continuation. When the cut fell right after a short heading-like sentence
 * ("完善要素保障。改进土地供给方式 / 推进全域土地综合整治…"), its full stop was lost with the break: put it back.
 */
export function rejoin(cut: string, next: string): string {
  const tail = cut.slice(lastSentenceEnd(cut) + 1);
  const lostFullStop =
    tail.length >= 2 &&
    tail.length <= LEAD_MAX_CHARS &&
    tail.length < cut.length &&
    !/[,;:、\d]/.test(tail) &&
    firstClauseLength(next) >= 8;
  return cut + (lostFullStop ? '。' : '') + next;
}

function lastSentenceEnd(text: string): number {
  return Math.max(text.lastIndexOf('。'), text.lastIndexOf('!'), text.lastIndexOf('?'));
}

function firstClauseLength(text: string): number {
  const m = /[,;:。!?]/.exec(text);
  return m ? m.index : text.length;
}
