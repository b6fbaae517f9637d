import { ByteScanner } from './byte-scanner.js';

/** Largest header block and largest non-file field the parser accepts. */
const MAX_HEADER_BYTES = 16 * 1024;
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

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** A Content-Disposition parameter (quoted or token), e.g. name or filename. */
function dispositionParam(disposition: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

/**
 * Streams a multipart/form-data body (RFC 7578): small fields are collected, and the part carrying a
 * `filename` is the file. ServiceNow requires the file to be the last part (reference §6), so anything after
 * it is refused. Never buffers the file.
 */
export async function parseMultipart(
  stream: ReadableStream<Uint8Array>,
  boundary: string,
  handlers: MultipartHandlers,
): Promise<MultipartResult> {
  const scanner = new ByteScanner(stream);
  const fail = async (message: string): Promise<MultipartResult> => {
    await scanner.drain();
    return { ok: false, message };
  };
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  if (!(await scanner.readUntil(first, () => undefined))) return fail('The multipart body has no boundary line');
  const fields = new Map<string, string>();
  for (;;) {
    const after = (await scanner.take(2)).toString('latin1');
    if (after === '--') return fail('The multipart body has no file part; send the file as the last part');
    if (after !== '\r\n') return fail('The multipart body is malformed after a boundary line');
    let headerBytes = 0;
    const headerChunks: Buffer[] = [];
    // A part may have no headers at all (RFC 2046 §5.1.1): its body then starts right after one CRLF.
    const headersEnded =
      (await scanner.skip(Buffer.from('\r\n'))) ||
      (await scanner.readUntil(Buffer.from('\r\n\r\n'), (bytes) => {
        headerBytes += bytes.length;
        if (headerBytes <= MAX_HEADER_BYTES) headerChunks.push(Buffer.from(bytes));
      }));
    if (!headersEnded) return fail('The multipart body ended inside part headers');
    if (headerBytes > MAX_HEADER_BYTES) return fail('A multipart part has oversized headers');
    const headers = parseHeaders(Buffer.concat(headerChunks).toString('utf8'));
    const disposition = headers.get('content-disposition') ?? '';
    const name = dispositionParam(disposition, 'name') ?? '';
    const fileName = dispositionParam(disposition, 'filename');
    if (fileName !== undefined) {
      const file = {
        fieldName: name,
        fileName,
        contentType: headers.get('content-type') || 'application/octet-stream',
      };
      const refusal = handlers.onFile(fields, file);
      if (refusal !== undefined) return fail(refusal);
      if (!(await scanner.readUntil(delimiter, (bytes) => handlers.onData(bytes))))
        return fail('The multipart body ended inside the file part');
      const closing = (await scanner.take(2)).toString('latin1');
      if (closing !== '--') return fail('The file must be the last part of the multipart body');
      await scanner.drain();
      return { ok: true };
    }
    let size = 0;
    const valueChunks: Buffer[] = [];
    const ended = await scanner.readUntil(delimiter, (bytes) => {
      size += bytes.length;
      if (size <= MAX_FIELD_BYTES) valueChunks.push(Buffer.from(bytes));
    });
    if (!ended) return fail('The multipart body ended inside a field');
    if (size > MAX_FIELD_BYTES) return fail(`The multipart field ${name} is longer than ${MAX_FIELD_BYTES} bytes`);
    fields.set(name, Buffer.concat(valueChunks).toString('utf8'));
  }
}
