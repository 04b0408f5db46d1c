// Waiting for a state, never for a speed: every wait in the suite polls for a condition the engine reaches
// whatever the machine's pace, is bounded, and on timeout names what it waited for and the last state it saw.

/**
 * How long a test may wait for the engine by default. Generous on purpose: a wait ends as soon as its
 * condition holds, so the bound only matters on a machine that is much slower (or busier) than usual, and
 * there it must not turn a correct engine into a red test. `DUBAN_TEST_WAIT_MS` overrides it.
 */
export const DEFAULT_WAIT_MS = Number(process.env.DUBAN_TEST_WAIT_MS || 150_000);

export class WaitTimeout extends Error {
  constructor(what: string, waitedMs: number, last: string) {
    super(`timed out after ${(waitedMs / 1000).toFixed(1)} s waiting for ${what}; last seen: ${last}`);
    this.name = 'WaitTimeout';
  }
}

export interface WaitOptions<S> {
  timeoutMs?: number;
  everyMs?: number;
  /** How the last state is shown when the wait times out (default: JSON, cut to 600 characters). */
  show?: (last: S) => string;
}

/**
 * Reads a state until `done(state)` holds and returns that state. A read that throws counts as "not yet"
 * (a server restarting, a row not written yet); its error is what the timeout shows if nothing better came.
 */
export async function waitUntil<S>(
  what: string,
  read: () => Promise<S>,
  done: (state: S) => boolean,
  options: WaitOptions<S> = {},
): Promise<S> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const show = options.show ?? brief;
  const started = Date.now();
  let last: string;
  for (;;) {
    try {
      const state = await read();
      if (done(state)) return state;
      last = show(state);
    } catch (err) {
      last = `error: ${(err as Error).message}`;
    }
    if (Date.now() - started > timeoutMs) throw new WaitTimeout(what, Date.now() - started, last);
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100));
  }
}

/** A state as a short line of JSON. */
export function brief(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
