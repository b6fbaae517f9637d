/**
 * The CSV input text that csv-parse has been given but that no finished record has used up yet, with the physical
 * line it starts on. csv-parse numbers lines its own way (a CR counts as a line break) and its `raw` text leaves out
 * the LF of each CRLF it ends a record on, so rows take their line numbers and raw text from here instead. It also
 * keeps what a fresh parser must be fed when a malformed row is cut off at its line break (see csv-parser.ts).
 */
export class CsvText {
  /** Text pulled from the source and not yet used up, from `start` on; compacted when a chunk is appended. */
  private text = '';
  private start = 0;
  /** The physical line (from 1) that `start` is on. */
  private line = 1;
  /** The last character of the last chunk, kept back until the next one comes (see pull). */
  private held = '';
  private first = true;
  private exhausted = false;
  private readonly source: AsyncIterator<string> | Iterator<string>;

  constructor(chunks: AsyncIterable<string> | Iterable<string>) {
    this.source = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  }

  /** Everything not yet used up: what a fresh parser starts on. */
  pending(): string {
    return this.text.slice(this.start);
  }

  /**
   * The next non-empty chunk of text, also appended here, or undefined at the end of the input. A leading BOM is
   * dropped, and so is a CR that ends the input (it is the first half of a cut-off CRLF, not data). A chunk's last
   * CR or high surrogate waits for the next chunk, so that no CRLF or surrogate pair is split between writes.
   */
  async pull(): Promise<string | undefined> {
    while (!this.exhausted) {
      const next = await this.source.next();
      const chunk = next.done === true ? this.lastChunk() : this.holdBackTail(this.withoutBom(this.held + next.value));
      if (chunk.length > 0) return this.append(chunk);
    }
    return undefined;
  }

  private holdBackTail(chunk: string): string {
    const last = chunk.charCodeAt(chunk.length - 1);
    const hold = last === 0x0d || (last >= 0xd800 && last <= 0xdbff);
    this.held = hold ? chunk.slice(-1) : '';
    return hold ? chunk.slice(0, -1) : chunk;
  }

  private lastChunk(): string {
    this.exhausted = true;
    return this.held === '\r' ? '' : this.held;
  }

  /** Closes the source early (the caller stopped reading rows). */
  async close(): Promise<void> {
    if (!this.exhausted) await this.source.return?.();
    this.exhausted = true;
  }

  /**
   * Uses up the text of one record csv-parse finished. Its `raw` holds one character for each empty line it
   * skipped, the record's text, then the first character of the line break that ended it (none at the end).
   */
  takeRecord(raw: string): { line: number; raw: string } {
    const last = this.start + this.offsetOfLast(raw);
    const lineBreak = this.lineBreakAt(last);
    const textEnd = lineBreak > 0 ? last : last + 1;
    return this.take(this.blankLines(), textEnd, textEnd + lineBreak);
  }

  /**
   * Uses up a malformed record up to the end of the physical line holding its error, reading on to that line's
   * break if needed: the next parser starts on the next line. `rawSoFar` is csv-parse's raw text up to and
   * including the character it failed on (`undefined`: the error is the end of the input, e.g. an open quote).
   */
  async takeMalformed(rawSoFar: string | undefined): Promise<{ line: number; raw: string; errorLine: number }> {
    const errorOffset = rawSoFar === undefined ? undefined : this.offsetOfLast(rawSoFar);
    if (errorOffset !== undefined) await this.readLineOf(errorOffset);
    // At the end of the input the last character stands in for the error, so a final line break is left out.
    const errorAt = this.start + (errorOffset ?? Math.max(0, this.text.length - this.start - 1));
    const lineEnd = this.lineEndFrom(errorAt);
    const errorLine = this.line + countLineBreaks(this.text, this.start, errorAt);
    const textEnd = this.lineBreakAt(lineEnd - 1) === 2 ? lineEnd - 1 : lineEnd;
    return { ...this.take(this.blankLines(), textEnd, Math.min(lineEnd + 1, this.text.length)), errorLine };
  }

  /** Where the last character of a record's `raw` text is, counted from `start`. */
  private offsetOfLast(raw: string): number {
    const blank = this.blankLines();
    return blank.end - this.start + raw.length - blank.count - 1;
  }

  /** Pulls chunks until the physical line holding `offset` (from `start`) has its LF, or the input ends. */
  private async readLineOf(offset: number): Promise<void> {
    while (this.text.indexOf('\n', this.start + offset) < 0 && (await this.pull()) !== undefined);
  }

  /** Index of the LF ending the physical line that holds `index` (the text's length at the end of the input). */
  private lineEndFrom(index: number): number {
    const lineEnd = this.text.indexOf('\n', index);
    return lineEnd < 0 ? this.text.length : lineEnd;
  }

  private take(blank: { count: number; end: number }, textEnd: number, end: number): { line: number; raw: string } {
    const line = this.line + blank.count;
    const raw = this.text.slice(blank.end, textEnd);
    this.line += countLineBreaks(this.text, this.start, end);
    this.start = end;
    return { line, raw };
  }

  private append(chunk: string): string {
    this.text = this.text.slice(this.start) + chunk;
    this.start = 0;
    return chunk;
  }

  private withoutBom(chunk: string): string {
    if (!this.first || chunk.length === 0) return chunk;
    this.first = false;
    return chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
  }

  /** The empty lines csv-parse skipped before the next record: how many, and where the record starts. */
  private blankLines(): { count: number; end: number } {
    let count = 0;
    let end = this.start;
    for (;;) {
      const lineBreak = this.lineBreakAt(end);
      if (lineBreak === 0) return { count, end };
      count += 1;
      end += lineBreak;
    }
  }

  /** The length of the line break (LF or CRLF) at `index`, or 0. */
  private lineBreakAt(index: number): number {
    if (this.text[index] === '\n') return 1;
    return this.text[index] === '\r' && this.text[index + 1] === '\n' ? 2 : 0;
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
