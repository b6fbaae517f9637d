import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { loadUndici } from './undici.js';
import type { AttemptSignal } from './attempt-signal.js';
import { plainHeaders, type PreparedRequest } from './build-request.js';

/** The status and headers of an answer whose body has not been read yet. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as sent (possibly compressed); read it with {@link readText} or {@link bodyStream}. */
  readonly body: Readable;
}

/**
 * Sends one request with undici.request (no redirect is followed: a 3xx comes back as an answer). Rejects with
 * undici's error when no answer arrived (refused, reset, TLS, timeout, abort).
 */
export async function sendOnce(
  prepared: PreparedRequest,
  dispatcher: Dispatcher,
  attempt: AttemptSignal,
): Promise<RawResponse> {
  const data = prepared.body;
  const body =
    data === undefined || typeof data === 'string' || data instanceof Uint8Array
      ? data
      : Readable.from(restartingDeadline(data, attempt), { objectMode: false });
  const { request } = await loadUndici();
  const res = await request(prepared.url, {
    method: prepared.method,
    headers: plainHeaders(prepared.headers),
    body: body ?? null,
    dispatcher,
    signal: attempt.signal,
  });
  return { status: res.statusCode, headers: toHeaders(res.headers), body: res.body };
}

/** Reads the whole body as UTF-8 text, decompressing it; rejects when it is cut short. */
export async function readText(res: RawResponse): Promise<string> {
  const decoder = decompressorFor(res.headers);
  if (decoder === undefined) return await (res.body as Readable & { text(): Promise<string> }).text();
  const chunks: Buffer[] = [];
  await pipeline(res.body, decoder, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks).toString('utf8');
}

/** The body as a web stream (decompressed), for callers that consume it themselves. */
export function bodyStream(res: RawResponse): ReadableStream<Uint8Array> {
  const decoder = decompressorFor(res.headers);
  const node = decoder === undefined ? res.body : res.body.pipe(decoder);
  if (decoder !== undefined) res.body.once('error', (error) => decoder.destroy(error));
  return Readable.toWeb(node) as ReadableStream<Uint8Array>;
}

/** Drops an unread body so the connection goes back to the pool (or is closed). */
export function discardBody(res: RawResponse): void {
  res.body.resume();
  res.body.on('error', () => undefined);
}

function decompressorFor(headers: Headers): Transform | undefined {
  const encoding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return undefined;
}

/** undici's header object (repeated headers as arrays) as a WHATWG Headers. */
function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (typeof value === 'string') headers.append(name, value);
    else if (value !== undefined) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * A streamed upload restarts the per-attempt deadline with every chunk sent, so the timeout bounds a stall
 * (and the wait for the answer after the last chunk) rather than the size of the file.
 */
async function* restartingDeadline(
  data: AsyncIterable<Uint8Array>,
  attempt: AttemptSignal,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of data) {
    attempt.restart();
    yield chunk;
  }
}
