import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';

/** Largest non-file field the parser accepts (busboy caps a part's headers at 16 KiB). */
const MAX_FIELD_BYTES = 64 * 1024;

/** The boundary of a multipart/form-data Content-Type, or undefined when it has none (pysnow sends none). */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary === undefined || boundary === '' ? undefined : boundary;
}

/** The file part's description, read from its headers. */
export interface FilePart {
  readonly fieldName: string;
  readonly fileName: string;
  /** The part's Content-Type, application/octet-stream when absent. */
  readonly contentType: string;
}

/** What the caller does with the parsed form: decide on the fields, then receive the file's bytes. */
export interface MultipartHandlers {
  /**
   * Called once the file part's headers are read, with every field before it. Returning a string refuses
   * the upload with that message (nothing of the file is read).
   */
  onFile(fields: ReadonlyMap<string, string>, file: FilePart): string | undefined;
  onData(bytes: Buffer): void;
}

/** The parse outcome: ok, or a client error message (the request is malformed or refused). */
export type MultipartResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Streams a multipart/form-data body (RFC 7578) through busboy: small fields are collected, and the part
 * carrying a `filename` (or typed application/octet-stream) is the file. ServiceNow requires the file to
 * be the last part (reference §6), so a part after it is refused. Never buffers the file; the rest of a
 * refused body is read and dropped. An error thrown by `onData` (e.g. the size limit) rejects.
 */
export function parseMultipart(
  stream: ReadableStream<Uint8Array>,
  boundary: string,
  handlers: MultipartHandlers,
): Promise<MultipartResult> {
  return new Promise((resolve, reject) => {
    const source = Readable.fromWeb(stream as NodeReadableStream<Uint8Array>);
    const parser = busboy({
      headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
      preservePath: true,
      limits: { fieldSize: MAX_FIELD_BYTES },
    });
    const fields = new Map<string, string>();
    let state: 'before-file' | 'in-file' | 'after-file' = 'before-file';
    let parts = 0;
    let settled = false;
    const stop = (): void => {
      settled = true;
      source.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      source.resume();
    };
    const fail = (message: string): void => {
      if (settled) return;
      stop();
      // Read the rest of the body before answering, as a server that refuses an upload does.
      if (source.readableEnded) resolve({ ok: false, message });
      else source.once('close', () => resolve({ ok: false, message }));
    };
    const abort = (error: unknown): void => {
      if (settled) return;
      stop();
      reject(error instanceof Error ? error : new Error(String(error)));
    };

    parser.on('field', (name, value, info) => {
      parts += 1;
      if (state !== 'before-file') return fail('The file must be the last part of the multipart body');
      if (info.valueTruncated) return fail(`The multipart field ${name} is longer than ${MAX_FIELD_BYTES} bytes`);
      fields.set(name, value);
    });
    parser.on('file', (name, file, info) => {
      parts += 1;
      file.on('error', () => undefined); // a cut-short file is reported by the parser's own error
      if (state !== 'before-file') {
        file.resume();
        return fail('The file must be the last part of the multipart body');
      }
      const part = { fieldName: name, fileName: info.filename ?? '', contentType: info.mimeType };
      const refusal = handlers.onFile(fields, part);
      if (refusal !== undefined) {
        file.resume();
        return fail(refusal);
      }
      state = 'in-file';
      file.on('data', (bytes: Buffer) => {
        if (settled) return;
        try {
          handlers.onData(bytes);
        } catch (error) {
          abort(error);
        }
      });
      file.on('end', () => {
        if (state === 'in-file') state = 'after-file';
      });
    });
    parser.on('error', () => fail(describeError(parts, state)));
    parser.on('close', () => {
      if (settled) return;
      if (state === 'before-file') return fail('The multipart body has no file part; send the file as the last part');
      settled = true;
      resolve({ ok: true });
    });
    source.on('error', abort);
    source.pipe(parser);
  });
}

/** Where the body broke, for the client (busboy's errors carry no code, so the parse state decides). */
function describeError(parts: number, state: 'before-file' | 'in-file' | 'after-file'): string {
  if (state === 'in-file') return 'The multipart body ended inside the file part';
  if (parts === 0) return 'The multipart body has no boundary line, or its first part is malformed';
  return 'The multipart body is malformed (bad part headers) or ended inside a part';
}
