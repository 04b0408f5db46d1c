// Reading JSON and YAML seed files with errors that say which file and where it is malformed.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { LedgerFileError } from './errors';

/** The file's text; a missing or unreadable file is a LedgerFileError. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`;
    throw new LedgerFileError(file, [{ message }], { cause: err });
  }
}

/** Parses JSON, naming the line and column of a syntax error. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? ` (${lineColumn(text, Number(at[1]))})` : '';
    throw new LedgerFileError(file, [{ message: `malformed JSON${where}: ${message}` }], { cause: err });
  }
}

/** Parses YAML, naming the line and column of a syntax error. */
export function parseYaml(file: string, text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new LedgerFileError(
      file,
      doc.errors.map((e) => ({ message: `malformed YAML: ${e.message.split('\n')[0] ?? e.message}` })),
      { cause: doc.errors[0] },
    );
  }
  return doc.toJS();
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
