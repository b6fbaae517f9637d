// Preloaded into every test process by scripts/run-tests.mjs (--import) when NOWREST_CANARY_DIR is set.
// It observes, and never changes, two kinds of output and scans them for the canaries of
// test/helpers/canaries.ts as they pass:
//   1. every HTTP response an in-process node:http(s) server writes: status line arguments, headers and
//      body (the emulator, the console, OAuth loopback listeners, test servers), via the
//      `http.server.request.start` diagnostics channel and a tee on that response's writeHead/write/end;
//   2. stdout and stderr of every child process a test spawns (the real CLI, bench/soak children), via the
//      `child_process` diagnostics channel and a tee on those streams' push().
// At exit it writes capture-<pid>.json (bytes seen, hits with a masked excerpt) for canary-scan.ts.
// The test runner's own output (failures, assertion messages, test logs) is scanned by run-tests.mjs.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import type { ServerResponse, IncomingMessage } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { canaryDir, findCanaries, LONGEST_NEEDLE } from '../helpers/canaries.js';

const dir = canaryDir();

interface Hit {
  readonly source: string;
  readonly label: string;
  readonly excerpt: string;
}

const bytes = { httpResponses: 0, childOutput: 0 };
const hits: Hit[] = [];
let responses = 0;
let children = 0;

/** A scanner for one stream: keeps the tail of the previous chunk so a canary split across chunks is found. */
function streamScanner(source: string): (chunk: unknown) => number {
  let tail = '';
  return (chunk) => {
    const text = toText(chunk);
    if (text === '') return 0;
    const joined = tail + text;
    for (const hit of findCanaries(joined)) {
      if (hit.index + hit.length <= tail.length) continue; // found with the previous chunk already
      const around = joined.slice(Math.max(0, hit.index - 40), hit.index + 60);
      hits.push({ source, label: hit.label, excerpt: mask(around) });
    }
    tail = joined.slice(-LONGEST_NEEDLE);
    return text.length;
  };
}

/** latin1 keeps ASCII canaries byte for byte and never fails on binary data. */
function toText(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array)
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
  if (chunk === null || chunk === undefined || typeof chunk === 'function') return '';
  if (typeof chunk === 'number') return '';
  try {
    return JSON.stringify(chunk) ?? '';
  } catch {
    return '';
  }
}

/** The report must not carry the secret either: keep the context, hide letters and digits of long runs. */
function mask(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_-]{12,}/g, (run) => `${run.slice(0, 6)}…(${run.length})`);
}

function tapResponse(req: IncomingMessage, res: ServerResponse): void {
  responses++;
  const scan = streamScanner(`http response ${req.method ?? '?'} ${(req.url ?? '').split('?')[0] ?? ''}`);
  const count = (chunk: unknown): void => void (bytes.httpResponses += scan(chunk));
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the response as this
  const { writeHead, write, end } = res;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const arg of args) count(arg);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  };
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    count(args[0]);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (typeof args[0] !== 'function') count(args[0]);
    // Headers set with setHeader() are only visible here.
    count(res.getHeaders());
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
}

function tapStream(stream: Readable | null, source: string): void {
  if (!stream) return;
  const scan = streamScanner(source);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the stream as this
  const push = stream.push;
  // push() is what the pipe handle calls for each chunk: teeing it does not change flowing mode or listeners.
  stream.push = function (this: Readable, chunk: unknown, encoding?: BufferEncoding) {
    bytes.childOutput += scan(chunk);
    return push.call(this, chunk, encoding);
  };
}

if (dir !== undefined) {
  // Observers must never break the code they observe: every failure here is swallowed.
  subscribe('http.server.request.start', (message) => {
    try {
      const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
      tapResponse(request, response);
    } catch {
      // not tapped
    }
  });
  subscribe('child_process', (message) => {
    const child = (message as { process: ChildProcess }).process;
    // Published from the ChildProcess constructor, before spawn() creates the pipes. The next tick still
    // comes before any data can arrive (that needs an I/O callback).
    process.nextTick(() => {
      try {
        children++;
        const name = (child.spawnargs ?? []).slice(0, 4).join(' ');
        tapStream(child.stdout, `stdout of child ${name}`);
        tapStream(child.stderr, `stderr of child ${name}`);
      } catch {
        // not tapped
      }
    });
  });
  process.on('exit', () => {
    if (responses === 0 && children === 0) return;
    const report = { pid: process.pid, argv: process.argv.slice(1), responses, children, bytes, hits };
    try {
      writeFileSync(join(dir, `capture-${process.pid}.json`), JSON.stringify(report));
    } catch {
      // The directory is gone (the runner finished): nothing to report to.
    }
  });
}
