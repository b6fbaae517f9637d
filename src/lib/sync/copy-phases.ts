import { readAhead } from './read-ahead.js';
import { readStream, type StreamBatch, type StreamSpec } from './read-stream.js';
import { phaseWindow, type PhaseProgress } from './phase-window.js';
import type { StreamState } from './sync-state.js';

type Phase = 'upserts' | 'deletes';

/** The part of a pending run that both syncs keep: counts, bounds, position and the states it will commit. */
export interface CountedProgress extends PhaseProgress {
  readonly upserts: number;
  readonly deletes: number;
}

/** One run's reading of its change streams, whatever it writes to. */
export interface PhaseCopy<P extends CountedProgress, U, D> {
  /** The stream states committed by the last finished run. */
  readonly committed: { readonly upserts: StreamState; readonly deletes: StreamState };
  readonly full: boolean;
  readonly lookbackSeconds: number;
  readonly specs: { readonly upserts: StreamSpec<U>; readonly deletes?: StreamSpec<D> | undefined };
  readonly signal: AbortSignal | undefined;
  /** Read the next page while this one is written (a database writes in parallel with the instance). */
  readonly readAhead?: boolean;
  /**
   * Writes a page's events with the pending state that says they are done, durably and together, and returns
   * that state (plus anything the writer adds, e.g. a file offset).
   */
  commit(phase: Phase, events: readonly (U | D)[], pending: P): Promise<P>;
}

/**
 * Reads the upserts, then the deletes (when there is a delete stream), each over its window, resuming a killed
 * run's phase after its saved cursor. Returns the pending run with both phases' next states filled in.
 */
export async function copyPhases<P extends CountedProgress, U, D>(copy: PhaseCopy<P, U, D>, pending: P): Promise<P> {
  const phases: Phase[] = copy.specs.deletes === undefined ? ['upserts'] : ['upserts', 'deletes'];
  for (const phase of phases) {
    if (phase === 'upserts' && pending.phase === 'deletes') continue;
    pending = await copyPhase(copy, phase, pending);
  }
  return pending;
}

async function copyPhase<P extends CountedProgress, U, D>(
  copy: PhaseCopy<P, U, D>,
  phase: Phase,
  pending: P,
): Promise<P> {
  const window = phaseWindow(phase, copy.committed[phase], pending, copy.full, copy.lookbackSeconds);
  if (window === undefined) return { ...pending, next: { ...pending.next, [phase]: { seen: [] } } };
  const { upTo, range, seen } = window;
  const spec = (phase === 'upserts' ? copy.specs.upserts : copy.specs.deletes) as StreamSpec<U | D>;
  const pages = readStream(spec, range, copy.signal);
  for await (const batch of copy.readAhead === true ? readAhead(pages) : pages) {
    for (const key of batch.seen) seen.add(key);
    pending = await copy.commit(
      phase,
      batch.events,
      advanced(pending, phase, batch, { watermark: upTo, seen: [...seen] }),
    );
  }
  const { cursor: _done, ...rest } = pending;
  const finished = { ...rest, next: { ...pending.next, [phase]: { watermark: upTo, seen: [...seen] } } } as P;
  return phase === 'upserts' ? { ...finished, phase: 'deletes' } : finished;
}

/** The pending run once a page is done: counted, positioned after its last row, its window keys kept. */
function advanced<P extends CountedProgress>(
  pending: P,
  phase: Phase,
  batch: StreamBatch<unknown>,
  next: StreamState,
): P {
  return {
    ...pending,
    [phase]: pending[phase] + batch.events.length,
    phase,
    cursor: batch.cursor,
    next: { ...pending.next, [phase]: next },
  };
}
