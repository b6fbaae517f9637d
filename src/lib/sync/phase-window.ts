import type { StreamRange } from './read-stream.js';
import type { StreamState } from './sync-state.js';
import { stampMinus, type StreamCursor } from './window-query.js';

type Phase = 'upserts' | 'deletes';

/** The part of a pending run (to a change file or to a database) that decides what a phase reads. */
export interface PhaseProgress {
  readonly phase: Phase;
  readonly upper: { readonly upserts?: string; readonly deletes?: string };
  readonly cursor?: StreamCursor;
  readonly next: { readonly upserts: StreamState; readonly deletes: StreamState };
}

/** What one phase of a run reads, and the keys of its re-read window seen so far. */
export interface PhaseWindow {
  readonly upTo: string;
  readonly range: StreamRange;
  readonly seen: Set<string>;
}

/**
 * The window one phase reads: from the last watermark less the lookback (the whole stream on a first run) up to
 * the bound captured at the start, resuming after the saved cursor when a killed run was in this phase.
 * Undefined when the phase has nothing to read.
 */
export function phaseWindow(
  phase: Phase,
  old: StreamState,
  pending: PhaseProgress,
  full: boolean,
  lookbackSeconds: number,
): PhaseWindow | undefined {
  const resumingPhase = pending.phase === phase;
  const upTo = maxStamp(old.watermark, pending.upper[phase]);
  if (upTo === undefined) return undefined;
  // A first run's deletes only establish the position: older deletes are of records it never had.
  const baseline = phase === 'deletes' && full;
  const windowStart = stampMinus(upTo, lookbackSeconds);
  const from = baseline ? windowStart : old.watermark && stampMinus(old.watermark, lookbackSeconds);
  const seen = new Set(resumingPhase ? pending.next[phase].seen : []);
  const range = {
    ...(from === undefined ? {} : { from }),
    ...(resumingPhase && pending.cursor ? { after: pending.cursor } : {}),
    upTo,
    skip: new Set(old.seen),
    windowStart,
    emit: !baseline,
  };
  return { upTo, range, seen };
}

/** The later of two timestamps (`YYYY-MM-DD HH:mm:ss` sorts as text); undefined only when both are. */
export function maxStamp(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/** `{ [key]: value }`, or `{}` when the value is undefined. */
export function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** The sys_audit_delete filter for the tables whose deletes a sync follows (none: no delete stream). */
export function auditGroupsOf(deleteTables: readonly string[] | null): string[][] {
  if (deleteTables === null) return [];
  return [[deleteTables.length === 1 ? `tablename=${deleteTables[0] ?? ''}` : `tablenameIN${deleteTables.join(',')}`]];
}
