import { AbortError } from './errors/abort-error.js';

type Step<T> = { readonly index: number; readonly result?: IteratorResult<T>; readonly error?: unknown };

/**
 * Interleaves several page streams, yielding each page as soon as it arrives. Each stream has at most one page in
 * flight, so memory is bounded by (number of streams × page size) whatever the table size. On `break` or an error,
 * the shared signal aborts every in-flight request.
 */
export function mergePages<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>[],
  callerSignal: AbortSignal | undefined,
): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      const controller = new AbortController();
      const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
      const iterators = open(signal).map((s) => s[Symbol.asyncIterator]());
      const pending = new Map<number, Promise<Step<T>>>();
      const pull = (index: number): void => {
        const it = iterators[index] as AsyncIterator<T>;
        pending.set(
          index,
          it.next().then(
            (result) => ({ index, result }),
            (error: unknown) => ({ index, error }),
          ),
        );
      };
      iterators.forEach((_, i) => pull(i));
      try {
        while (pending.size > 0) {
          const step = await Promise.race(pending.values());
          if ('error' in step) throw step.error;
          if (step.result?.done) {
            pending.delete(step.index);
            continue;
          }
          pull(step.index);
          yield step.result?.value as T;
        }
      } finally {
        controller.abort(new AbortError('Stopped reading'));
      }
    },
  };
}
