// Client calls that outlive an outage: the same call (same request id) again, with backoff, until a deadline.
import { TaskActionError } from '../../client/tasks/send-update';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class GaveUp extends Error {
  constructor(what: string, attempts: number, options: { cause: unknown }) {
    super(
      `${what}: gave up after ${attempts} attempts: ${String((options.cause as Error)?.message ?? options.cause)}`,
      options,
    );
    this.name = 'GaveUp';
  }
}

export interface RetryOptions {
  /** Real instant after which the call is abandoned. */
  until: number;
  /** Called with each failure that will be retried (for counting). */
  onRetry?: (err: unknown) => void;
}

/**
 * Runs `fn` until it succeeds. A task's refusal (TaskActionError) is an answer, not an outage: it is thrown at
 * once. Everything else (server down, deadline exceeded, a closing run) is retried — safe because every
 * call here is idempotent (request ids, workflow ids, reads).
 */
export async function retrying<T>(what: string, fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  let delay = 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof TaskActionError) throw err;
      if (Date.now() + delay > options.until) throw new GaveUp(what, attempt, { cause: err });
      options.onRetry?.(err);
      await sleep(delay);
      delay = Math.min(2_000, delay * 2);
    }
  }
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
