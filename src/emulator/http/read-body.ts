/** ServiceNow's REST payload limit (reference §1.2, KB0747638). */
export const MAX_PAYLOAD_BYTES = 10_485_760;

export type BodyResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly tooLarge: number };

/** The 413 detail text, verbatim from KB0747638. */
export const tooLargeDetail = (bytes: number): string =>
  `Rejected large REST payload with content-length = ${bytes} bytes. Max allowed: ${MAX_PAYLOAD_BYTES} bytes.`;

/**
 * Reads a request body as UTF-8, refusing more than the payload limit: by Content-Length up front, and by
 * counting when the body is chunked.
 */
export async function readBody(request: Request): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > MAX_PAYLOAD_BYTES) return { ok: false, tooLarge: declared };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_PAYLOAD_BYTES) {
      await reader.cancel();
      return { ok: false, tooLarge: size };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
