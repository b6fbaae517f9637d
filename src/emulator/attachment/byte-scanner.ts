/**
 * Reads a byte stream in order, splitting it at delimiters without holding more than one network chunk plus
 * a delimiter's length: the building block of the streaming multipart parser.
 */
export class ByteScanner {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** Reads one more network chunk into the buffer; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const { done, value } = await this.#reader.read();
    if (done) {
      this.#ended = true;
      return false;
    }
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(value) : Buffer.concat([this.#buffer, value]);
    return true;
  }

  /**
   * Passes every byte before `delimiter` to `sink` and consumes the delimiter. Returns false when the stream
   * ended first (everything read was passed to the sink).
   */
  async readUntil(delimiter: Buffer, sink: (bytes: Buffer) => void): Promise<boolean> {
    for (;;) {
      const at = this.#buffer.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) sink(this.#buffer.subarray(0, at));
        this.#buffer = this.#buffer.subarray(at + delimiter.length);
        return true;
      }
      // Keep a possible partial delimiter at the end; everything before it is content.
      const keep = Math.min(this.#buffer.length, delimiter.length - 1);
      if (this.#buffer.length > keep) {
        sink(this.#buffer.subarray(0, this.#buffer.length - keep));
        this.#buffer = this.#buffer.subarray(this.#buffer.length - keep);
      }
      if (!(await this.#fill())) {
        if (this.#buffer.length > 0) sink(this.#buffer);
        this.#buffer = Buffer.alloc(0);
        return false;
      }
    }
  }

  /** True (and consumes them) when the stream continues with exactly these bytes; otherwise consumes nothing. */
  async skip(bytes: Buffer): Promise<boolean> {
    while (this.#buffer.length < bytes.length && (await this.#fill()));
    if (!this.#buffer.subarray(0, bytes.length).equals(bytes)) return false;
    this.#buffer = this.#buffer.subarray(bytes.length);
    return true;
  }

  /** The next `n` bytes, or fewer at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    while (this.#buffer.length < n && (await this.#fill()));
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }

  /**
   * Reads and discards the rest of the stream. Cancelling instead would destroy the request and its socket,
   * and the client would never see the error answer.
   */
  async drain(): Promise<void> {
    this.#buffer = Buffer.alloc(0);
    while (await this.#fill()) this.#buffer = Buffer.alloc(0);
  }
}
