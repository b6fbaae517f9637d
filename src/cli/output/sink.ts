import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { writeOut, type CliIo } from '../io.js';

/** Where data goes: stdout or `--output FILE`, written with backpressure. */
export interface DataSink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

export function openSink(io: CliIo, output: string | undefined): DataSink {
  if (output === undefined || output === '-') {
    return { write: (t) => writeOut(io.stdout, t), close: () => Promise.resolve() };
  }
  const stream: Writable = createWriteStream(resolve(io.cwd, output), { mode: 0o644 });
  // Errors (e.g. a missing directory) surface on the next write or on close.
  let failure: Error | undefined;
  stream.on('error', (err) => (failure = err));
  return {
    async write(text) {
      if (failure) throw failure;
      await writeOut(stream, text);
    },
    async close() {
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}
