import cliProgress from 'cli-progress';
import type { CliIo } from '../io.js';

/** Progress of a long operation, on stderr. */
export interface Progress {
  /** Reports `done` items so far (and the total, once known). */
  update(done: number, total?: number): void;
  /** Ends the display with a final line (none with `final: false`, e.g. when the operation failed). */
  stop(final?: boolean): void;
}

/**
 * A cli-progress bar (done/total, rate, ETA) when stderr is a terminal; otherwise plain lines such as
 * "exported 12000/50000 records (4100/s)" at most every `intervalMs` plus a final one, so logs of CI
 * jobs stay readable. Until a total is known (input piped on stdin, a server that sends no count) both show
 * only the count and the rate: no bar, no "/0" and no ETA. Every command's progress goes through here.
 */
export function createProgress(
  io: CliIo,
  options: { verb: string; noun?: string; intervalMs?: number; now?: () => number },
): Progress {
  const now = options.now ?? Date.now;
  const noun = options.noun ?? 'records';
  const started = now();
  let done = 0;
  let total: number | undefined;
  const rate = () => {
    const secs = (now() - started) / 1000;
    return secs > 0 ? Math.round(done / secs) : 0;
  };
  const line = () => `${options.verb} ${done}${total === undefined ? '' : `/${total}`} ${noun} (${rate()}/s)\n`;

  if (io.isTTY.stderr) {
    const withTotal = `${options.verb} [{bar}] {value}/{total} ${noun} | {speed}/s | ETA {eta_formatted}`;
    const countOnly = `${options.verb} {value} ${noun} | {speed}/s`;
    const bar = new cliProgress.SingleBar(
      {
        stream: io.stderr,
        // Chosen at each render: the total may arrive after the first update.
        format: (barOptions, params, payload) =>
          cliProgress.Format.Formatter(
            { ...barOptions, format: total === undefined ? countOnly : withTotal },
            params,
            payload,
          ),
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let startedBar = false;
    return {
      update(d, t) {
        done = d;
        if (t !== undefined) total = t;
        if (!startedBar) {
          bar.start(total ?? 0, done, { speed: 0 });
          startedBar = true;
        }
        if (t !== undefined) bar.setTotal(Math.max(t, done));
        bar.update(done, { speed: rate() });
      },
      stop(final = true) {
        if (startedBar) bar.stop();
        if (final) io.stderr.write(line());
      },
    };
  }

  const interval = options.intervalMs ?? 2000;
  let lastPrinted = started;
  return {
    update(d, t) {
      done = d;
      if (t !== undefined) total = t;
      if (now() - lastPrinted >= interval) {
        lastPrinted = now();
        io.stderr.write(line());
      }
    },
    stop(final = true) {
      if (final) io.stderr.write(line());
    },
  };
}
