import { createInterface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';
import type { CliIo } from './io.js';

/**
 * Asks for a secret on the terminal without echoing it. readline writes what is typed to its output
 * stream, so it gets a stream that discards everything; the question itself goes to stderr.
 */
export async function promptHidden(io: CliIo, question: string): Promise<string> {
  io.stderr.write(question);
  const muted = new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
  const rl = createInterface({ input: io.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question('', resolve);
      rl.once('close', () => reject(new Error('input closed')));
      rl.once('SIGINT', () => reject(new Error('cancelled')));
    });
  } finally {
    rl.close();
    io.stderr.write('\n');
  }
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: io.isTTY.stdin });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.question(`${question} [y/N] `, resolve);
      rl.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Reads all of stdin as a secret (for `--password-stdin`); drops one trailing newline. */
export async function readAllText(stream: Readable): Promise<string> {
  stream.setEncoding('utf8');
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  return text.replace(/\r?\n$/, '');
}
