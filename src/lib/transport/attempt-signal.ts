/**
 * The signal of one attempt: the caller's signal and a per-attempt deadline folded into one AbortController.
 * Listeners are removed and the timer cleared when the attempt ends, so nothing of a finished attempt stays
 * reachable from a long-lived caller signal or from a pending timer (AbortSignal.any and a timer left to run out
 * would keep every response of the last `timeoutMs` alive during an export).
 */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True once the deadline (not the caller) aborted the attempt. */
  readonly timedOut: boolean;
  /** Starts the full period again (a streamed upload calls it for every chunk sent). */
  restart(): void;
  /** Stops the deadline; the caller's signal still aborts (a streamed download outlives any deadline). */
  stopTimer(): void;
  /** Stops the deadline and unhooks the caller's signal. */
  dispose(): void;
}

/** Creates the signal of one attempt; `ms` is the per-attempt timeout. */
export function createAttemptSignal(ms: number, caller: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  timer.unref();
  const relay = (): void => controller.abort(caller?.reason);
  if (caller?.aborted) relay();
  else caller?.addEventListener('abort', relay, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    restart: () => void timer.refresh(),
    stopTimer: () => clearTimeout(timer),
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', relay);
    },
  };
}
