/** Per-call options every method takes. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's `maxRetries` for this call. */
  readonly maxRetries?: number;
  /** Overrides the client's per-attempt `timeoutMs` for this call. */
  readonly timeoutMs?: number;
}

/** The transport-level part of a method's options: {@link CallOptions} without the undefined ones. */
export function callOptions(options: CallOptions): CallOptions {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}
