// Errors about a ledger file: each problem names the file, the entry (task id or department code) and the field.

export interface Problem {
  /** The task id, department code or policy name the problem is about, when there is one. */
  entry?: string;
  /** Dotted path inside the entry: "deadline", "targets[1].unit". */
  field?: string;
  message: string;
}

export class LedgerFileError extends Error {
  override name = 'LedgerFileError';
  constructor(
    readonly file: string,
    readonly problems: Problem[],
    options?: { cause?: unknown },
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'), options);
  }
}

/** "seeds/ledger-2023.json: task 2023-1-02: field targets[0].unit: is required". */
export function formatProblem(file: string, p: Problem): string {
  return [file, p.entry, p.field && `field ${p.field}`, p.message].filter(Boolean).join(': ');
}

/** Turns a validation path ([3, 'targets', 1, 'unit']) into "targets[1].unit" (the entry index dropped). */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
}
