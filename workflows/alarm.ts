// One durable timer per wake instant. The main loop wakes for an input as often as for time; re-arming a timer on
// every input cost two history events (timer cancelled, timer started) each time, for the same instant.
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

export interface Alarm {
  /**
   * Rings at `realDelayMs` from now for the plan instant `at`; a timer for that instant already set is kept.
   * `undefined` cancels the timer set (before the workflow completes or continues as new).
   */
  set(at: number | undefined, realDelayMs: number): void;
  /** Whether the timer for the instant last set has fired. */
  readonly rang: boolean;
}

export function alarm(): Alarm {
  let current: { at: number; rang: boolean; scope: CancellationScope } | undefined;
  return {
    set(at, realDelayMs) {
      if (current && current.at === at && !current.rang) return;
      if (current && !current.rang) current.scope.cancel();
      current = undefined;
      if (at === undefined) return;
      const scope = new CancellationScope();
      const timer = { at, rang: false, scope };
      current = timer;
      scope
        .run(() => sleep(realDelayMs))
        .then(
          () => void (timer.rang = true),
          (err: unknown) => {
            if (!isCancellation(err)) throw err;
          },
        );
    },
    get rang() {
      return current?.rang ?? false;
    },
  };
}
