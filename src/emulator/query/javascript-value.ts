import { fromWallClock, toWallClock } from '../auth/wall-clock.js';
import type { DateUnit } from './date-math.js';
import { addUnits, endOf, isRepresentable, parseDateTime, startOf } from './date-math.js';

/** What a `javascript:` value evaluates to. */
export type ScriptValue =
  | { readonly kind: 'text'; readonly value: string }
  | {
      readonly kind: 'date';
      /** The instant (a date-only value: the user's midnight). */
      readonly date: Date;
      /** The same on the user's wall clock, in the Date's UTC fields: what a date (no time) field compares. */
      readonly local: Date;
      readonly dateOnly: boolean;
    };

export interface ScriptContext {
  readonly now: Date;
  readonly userId: string;
  /** The caller's time zone, whose wall clock the calendar functions follow (UTC when absent). */
  readonly timeZone?: string;
}

/** Now on the caller's wall clock, in a Date's UTC fields (now itself without a zone). */
export function wallNow(ctx: ScriptContext): Date {
  return ctx.timeZone === undefined ? ctx.now : toWallClock(ctx.now, ctx.timeZone);
}

/** The instant of a wall-clock value of the caller's zone (the value itself without a zone). */
export function wallToInstant(ctx: ScriptContext, wall: Date): Date {
  return ctx.timeZone === undefined ? wall : fromWallClock(wall, ctx.timeZone);
}

/** A calendar computation on the caller's wall clock (UTC without a zone), returned as an instant. */
export function onWallClock(ctx: ScriptContext, compute: (wallNow: Date) => Date): Date {
  return wallToInstant(ctx, compute(wallNow(ctx)));
}

const CALL = /^\s*gs\.([A-Za-z0-9]+)\s*\(\s*(.*?)\s*\)\s*;?\s*$/s;
const ARG = /^\s*(?:(-?\d{1,7})|'([^'\\]*)'|"([^"\\]*)")\s*(?:,|$)/;

/**
 * Evaluates a `javascript:` query value with a fixed whitelist of GlideSystem date functions.
 * There is deliberately no JavaScript engine here (no eval, Function or vm): the text is matched
 * against `gs.<name>(<literal args>)` and anything else is unknown. Returns undefined for unknown
 * functions or bad arguments, which makes the term invalid. Dates are computed on the caller's wall clock
 * (gs.beginningOfToday() is the user's midnight; gs.now() the user's calendar date).
 */
export function evaluateScript(script: string, ctx: ScriptContext): ScriptValue | undefined {
  if (!isRepresentable(ctx.now)) return undefined;
  const call = CALL.exec(script);
  if (!call) return undefined;
  const args = parseArgs(call[2] ?? '');
  if (args === undefined) return undefined;
  const result = callFunction(call[1] ?? '', args, { ...ctx, now: wallNow(ctx) });
  if (result?.kind !== 'date') return result;
  const instant = wallToInstant(ctx, result.local);
  return isRepresentable(instant) && isRepresentable(result.local) ? { ...result, date: instant } : undefined;
}

function parseArgs(text: string): (string | number)[] | undefined {
  const args: (string | number)[] = [];
  let rest = text;
  while (rest.trim() !== '') {
    const m = ARG.exec(rest);
    if (!m || args.length > 3) return undefined;
    args.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3] ?? ''));
    rest = rest.slice(m[0].length);
  }
  return args;
}

/** The periods of gs.beginningOf…/endOf…: Today, Yesterday and Tomorrow, then This/Last/Next of each longer unit. */
const PERIODS: Record<string, { unit: DateUnit; shift: number }> = {
  Today: { unit: 'day', shift: 0 },
  Yesterday: { unit: 'day', shift: -1 },
  Tomorrow: { unit: 'day', shift: 1 },
  ...Object.fromEntries(
    (['week', 'month', 'quarter', 'year'] as const).flatMap((unit) => {
      const name = `${unit.charAt(0).toUpperCase()}${unit.slice(1)}`;
      return [
        [`This${name}`, { unit, shift: 0 }],
        [`Last${name}`, { unit, shift: -1 }],
        [`Next${name}`, { unit, shift: 1 }],
      ];
    }),
  ),
};

const AGO_UNITS: Record<string, DateUnit> = {
  minutes: 'minute',
  hours: 'hour',
  days: 'day',
  weeks: 'week',
  months: 'month',
  quarters: 'quarter',
  years: 'year',
};

const LAST_N = /^(beginning|end)OfLast(\d{1,4})(Minutes|Hours|Days|Weeks|Months|Quarters|Years)$/;

function date(d: Date, dateOnly = false): ScriptValue {
  return { kind: 'date', date: d, local: d, dateOnly };
}

function callFunction(name: string, args: readonly (string | number)[], ctx: ScriptContext): ScriptValue | undefined {
  const { now } = ctx;
  const [a0] = args;
  const noArgs = args.length === 0;
  if (name === 'getUserID' && noArgs) return { kind: 'text', value: ctx.userId };
  if (name === 'now' && noArgs) return date(startOf(now, 'day'), true);
  if (name === 'nowDateTime' && noArgs) return date(now);
  if (name === 'dateGenerate') return dateGenerate(args);

  const period = /^(beginningOf|endOf)(.+)$/.exec(name);
  const spec = period ? PERIODS[period[2] ?? ''] : undefined;
  if (period && spec && noArgs) {
    const anchor = addUnits(now, spec.unit, spec.shift);
    return date(period[1] === 'beginningOf' ? startOf(anchor, spec.unit) : endOf(anchor, spec.unit));
  }

  // "Last N units" ranges: begin N units back (from the start of that day for day-sized units), end now.
  const lastN = LAST_N.exec(name);
  if (lastN && noArgs) {
    const unit = AGO_UNITS[(lastN[3] ?? '').toLowerCase()] ?? 'day';
    const back = addUnits(now, unit, -Number(lastN[2]));
    if (lastN[1] === 'end') return date(unit === 'minute' || unit === 'hour' ? now : endOf(now, 'day'));
    return date(unit === 'minute' || unit === 'hour' ? back : startOf(back, 'day'));
  }

  // gs.daysAgo(n), gs.daysAgoStart(n), gs.daysAgoEnd(n) and the same for minutes … years (n < 0: ahead).
  const ago = /^(minutes|hours|days|weeks|months|quarters|years)Ago(Start|End)?$/.exec(name);
  const agoUnit = ago ? AGO_UNITS[ago[1] ?? ''] : undefined;
  if (ago && agoUnit && args.length === 1 && typeof a0 === 'number') {
    const point = addUnits(now, agoUnit, -a0);
    if (ago[2] === 'Start') return date(startOf(point, agoUnit));
    if (ago[2] === 'End') return date(endOf(point, agoUnit));
    return date(point);
  }
  return undefined;
}

/**
 * `gs.dateGenerate('YYYY-MM-DD','HH:MM:SS')`, `gs.dateGenerate('YYYY-MM-DD','start'|'end')`, and the
 * one-argument `gs.dateGenerate("YYYY-MM-DD HH:MM:SS")` pysnow sends.
 */
function dateGenerate(args: readonly (string | number)[]): ScriptValue | undefined {
  const [first, second] = args;
  if (typeof first !== 'string') return undefined;
  if (args.length === 1) {
    const parsed = parseDateTime(first);
    return parsed ? date(parsed.date) : undefined;
  }
  if (args.length !== 2 || typeof second !== 'string') return undefined;
  const day = parseDateTime(first);
  if (!day?.dateOnly) return undefined;
  if (second === 'start') return date(day.date);
  if (second === 'end') return date(endOf(day.date, 'day'));
  const full = parseDateTime(`${first} ${second}`);
  return full ? date(full.date) : undefined;
}
