// Neutralises what a task title, a narrative or a department record could smuggle into a message:
// CR/LF and other control characters in headers (header injection), runaway lengths, malformed addresses.

// C0/C1 controls, DEL, and the Unicode line/paragraph separators that some clients treat as line breaks.
// eslint-disable-next-line no-control-regex
const LINE_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_EXCEPT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Cuts `text` to at most `max` characters (code points, so no broken surrogate pairs), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** One header-safe line: every control character becomes a space, runs of spaces collapse, length capped. */
export function oneLine(text: string, max = 200): string {
  return truncate(text.replace(LINE_BREAKERS, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** Body text: line endings normalised to LF, other control characters dropped, length capped. */
export function bodyText(text: string, max = 5000): string {
  const normal = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(CONTROLS_EXCEPT_NEWLINE, '');
  return truncate(normal.trim(), max);
}

// Deliberately narrow (no quoted local parts, no comments, no spaces): an address that needs more than this
// in department data is a data error to fix, not something to pass to SMTP.
const MAILBOX =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** True for a plain `local@domain` address that is safe to put in an SMTP envelope and a header. */
export function isMailbox(address: string): boolean {
  return address.length <= 254 && MAILBOX.test(address);
}
