import { Readable } from 'node:stream';
import { AbortError } from '../errors/abort-error.js';
import { ResponseError } from '../errors/response-error.js';

/**
 * Wraps a response body as a Node Readable that pulls from the network only as fast as it is read
 * (backpressure), and turns a body cut short into a typed error instead of a silently short file.
 */
export function toDownloadStream(
  body: ReadableStream<Uint8Array>,
  where: string,
  signal: AbortSignal | undefined,
): Readable {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = body.getReader();
    try {
      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await reader.read();
        } catch (cause) {
          if (signal?.aborted) throw new AbortError(`Aborted: ${where}`, { cause: signal.reason });
          throw new ResponseError(`The download was cut short: ${where}`, { truncated: true, cause });
        }
        if (step.done) return;
        yield step.value;
      }
    } finally {
      // Stops the transfer when the consumer gives up early (destroy, break, pipeline error).
      await reader.cancel().catch(() => undefined);
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
}
