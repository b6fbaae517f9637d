// Raw HTTP for fuzzing: node:http instead of fetch, because fetch refuses bodies on GET/HEAD/DELETE, normalises
// some methods and cannot send a path with broken percent escapes verbatim.
import { request } from 'node:http';

/** One raw request. `path` goes on the request line as given. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends a request to `origin` (http://127.0.0.1:PORT) and reads the whole answer. */
export function rawRequest(origin: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const r = request(
      {
        hostname,
        port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** A frame of a JavaScript stack trace as it appears in Error.stack. */
export const STACK_FRAME = /\n\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/;

/** The fast-check run count: FUZZ_RUNS overrides the quick default (soak runs use large values). */
export function fuzzRuns(quick: number): number {
  const fromEnv = Number(process.env['FUZZ_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : quick;
}
