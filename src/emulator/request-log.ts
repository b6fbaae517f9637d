/** One logged request, as GET /__emulator/requests returns it. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** The raw query string without '?', '' when none. */
  readonly query: string;
  readonly status: number;
  /** ISO-8601 time by the emulator clock. */
  readonly at: string;
  /**
   * Order of events, not time: a counter the log ticks when the request begins to be served (after waiting
   * for its session) and again when it ends. Two requests overlapped iff each started before the other finished.
   */
  readonly started: number;
  readonly finished: number;
}

/** A bounded ring buffer of the requests the emulator served (oldest dropped first). */
export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];
  #ticks = 0;

  constructor(readonly capacity = 10_000) {}

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
  }

  /** The next event number (see {@link RequestLogEntry.started}). */
  tick(): number {
    return ++this.#ticks;
  }

  list(): readonly RequestLogEntry[] {
    return [...this.#entries];
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
