/** One logged request, as GET /__emulator/requests returns it. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** The raw query string without '?', '' when none. */
  readonly query: string;
  readonly status: number;
  /** ISO-8601 time by the emulator clock. */
  readonly at: string;
}

/** A bounded ring buffer of the requests the emulator served (oldest dropped first). */
export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];

  constructor(readonly capacity = 10_000) {}

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
  }

  list(): readonly RequestLogEntry[] {
    return [...this.#entries];
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
