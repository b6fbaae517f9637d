import type { Row, Store } from '../store/store.js';
import { asUtc, formatterFor, wallClock, zonedToUtc, type WallClock } from './wall-clock.js';

/**
 * How a user sees dates and times (sys_user.time_zone, date_format, time_format; empty means the system's:
 * glide.sys.default.tz, glide.sys.date_format, glide.sys.time_format). Stored values stay UTC in
 * `yyyy-MM-dd HH:mm:ss`; only display values and sysparm_input_display_value input use the user's.
 */
export interface UserZone {
  readonly timeZone: string;
  readonly dateFormat: string;
  readonly timeFormat: string;
}

/** The stored (internal) date and time format, for wall-clock values in the stored layout. */
export const INTERNAL_FORMAT = { dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm:ss' } as const;

/** The SQLite function `(stored UTC date-time, time zone) → wall clock there`, registered on every database. */
export const WALL_CLOCK_SQL = 'sn_wall_clock';

/** A personal developer instance's system time zone and formats, used when no property overrides them. */
export const SYSTEM_ZONE: UserZone = {
  timeZone: 'America/Los_Angeles',
  dateFormat: 'yyyy-MM-dd',
  timeFormat: 'HH:mm:ss',
};

const property = (store: Store, name: string): string =>
  String(store.findBy('sys_properties', 'name', name)?.value ?? '').trim();

/** True if Intl knows the zone (ServiceNow's values are IANA names such as `Europe/Paris`, `US/Pacific`, `GMT`). */
function knownZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone and formats of a sys_user row, falling back to the system's for empty or unknown values. */
export function zoneOfUser(store: Store, user: Row): UserZone {
  const pick = (own: string | undefined, prop: string, fallback: string): string =>
    own?.trim() || property(store, prop) || fallback;
  const timeZone = pick(user.time_zone, 'glide.sys.default.tz', SYSTEM_ZONE.timeZone);
  return {
    timeZone: knownZone(timeZone) ? timeZone : SYSTEM_ZONE.timeZone,
    dateFormat: pick(user.date_format, 'glide.sys.date_format', SYSTEM_ZONE.dateFormat),
    timeFormat: pick(user.time_format, 'glide.sys.time_format', SYSTEM_ZONE.timeFormat),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Java SimpleDateFormat letters ServiceNow's formats use; quoted text and other characters are literal. */
const TOKENS = /yyyy|yy|MMM|MM|M|dd|d|HH|H|hh|h|mm|ss|a|'[^']*'|./g;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad = (n: number, width = 2): string =>
  width === 2 && n < 100 ? (TWO_DIGITS[n] ?? '') : String(n).padStart(width, '0');

/** One token of a format as a function of the wall clock. */
function tokenRenderer(t: string): (w: WallClock) => string {
  switch (t) {
    case 'yyyy':
      return (w) => pad(w.y, 4);
    case 'yy':
      return (w) => pad(w.y % 100);
    case 'MMM':
      return (w) => MONTHS[w.mo - 1] ?? '';
    case 'MM':
      return (w) => pad(w.mo);
    case 'M':
      return (w) => String(w.mo);
    case 'dd':
      return (w) => pad(w.d);
    case 'd':
      return (w) => String(w.d);
    case 'HH':
      return (w) => pad(w.h);
    case 'H':
      return (w) => String(w.h);
    case 'hh':
      return (w) => pad(w.h % 12 || 12);
    case 'h':
      return (w) => String(w.h % 12 || 12);
    case 'mm':
      return (w) => pad(w.mi);
    case 'ss':
      return (w) => pad(w.s);
    case 'a':
      return (w) => (w.h < 12 ? 'AM' : 'PM');
    default: {
      const literal = t.startsWith("'") ? t.slice(1, -1) : t;
      return () => literal;
    }
  }
}

/** Formats compiled once each (a list page renders thousands of dates in the same format). */
const compiled = new Map<string, readonly ((w: WallClock) => string)[]>();

function render(pattern: string, w: WallClock): string {
  let parts = compiled.get(pattern);
  if (!parts) {
    parts = (pattern.match(TOKENS) ?? []).map(tokenRenderer);
    compiled.set(pattern, parts);
  }
  let out = '';
  for (const part of parts) out += part(w);
  return out;
}

const STORED = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

const digits = (text: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
};

/** The display value of a stored date-time (`yyyy-MM-dd HH:mm:ss`, UTC) for the user; other text as stored. */
export function displayDateTime(zone: UserZone, stored: string): string {
  const time = stored.length === 19;
  if (!time && stored.length !== 10) return stored;
  const utc = Date.UTC(
    digits(stored, 0, 4),
    digits(stored, 5, 2) - 1,
    digits(stored, 8, 2),
    time ? digits(stored, 11, 2) : 0,
    time ? digits(stored, 14, 2) : 0,
    time ? digits(stored, 17, 2) : 0,
  );
  if (Number.isNaN(utc) || stored[4] !== '-' || stored[7] !== '-') return stored;
  return render(`${zone.dateFormat} ${zone.timeFormat}`, wallClock(utc, zone.timeZone));
}

/** The display value of a stored date (`yyyy-MM-dd`, no zone) in the user's date format. */
export function displayDate(zone: UserZone, stored: string): string {
  const m = STORED.exec(stored);
  if (!m) return stored;
  return render(zone.dateFormat, { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: 0, mi: 0, s: 0 });
}

/** Reads text written in `pattern` into calendar fields, or undefined. Two-digit years are 20yy. */
function parse(pattern: string, text: string): WallClock | undefined {
  const fields: (keyof WallClock | 'ampm')[] = [];
  let source = '';
  for (const t of pattern.match(TOKENS) ?? []) {
    const group = (name: keyof WallClock | 'ampm', re: string): string => (fields.push(name), `(${re})`);
    if (t === 'yyyy') source += group('y', '\\d{4}');
    else if (t === 'yy') source += group('y', '\\d{2}');
    else if (t === 'MMM') source += group('mo', '[A-Za-z]{3}');
    else if (t === 'MM' || t === 'M') source += group('mo', '\\d{1,2}');
    else if (t === 'dd' || t === 'd') source += group('d', '\\d{1,2}');
    else if (/^[Hh]{1,2}$/.test(t)) source += group('h', '\\d{1,2}');
    else if (t === 'mm') source += group('mi', '\\d{2}');
    else if (t === 'ss') source += group('s', '\\d{2}');
    else if (t === 'a') source += group('ampm', '[AaPp][Mm]');
    else source += (t.startsWith("'") ? t.slice(1, -1) : t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${source}$`).exec(text.trim());
  if (!m) return undefined;
  const w: WallClock = { y: 0, mo: 1, d: 1, h: 0, mi: 0, s: 0 };
  let pm: boolean | undefined;
  fields.forEach((name, i) => {
    const v = m[i + 1] ?? '';
    if (name === 'ampm') pm = v.toUpperCase() === 'PM';
    else if (name === 'mo' && /^[A-Za-z]/.test(v))
      w.mo = MONTHS.findIndex((mon) => mon.toLowerCase() === v.toLowerCase()) + 1;
    else w[name] = name === 'y' && v.length === 2 ? 2000 + Number(v) : Number(v);
  });
  if (pm !== undefined) w.h = (w.h % 12) + (pm ? 12 : 0);
  const valid = w.mo >= 1 && w.mo <= 12 && w.d >= 1 && w.d <= 31 && w.h < 24 && w.mi < 60 && w.s < 60;
  return valid ? w : undefined;
}

const storedDateTime = (utcMs: number): string => new Date(utcMs).toISOString().slice(0, 19).replace('T', ' ');

/**
 * A display value written with sysparm_input_display_value, as the value to store: a date-time in the user's
 * formats and zone becomes UTC `yyyy-MM-dd HH:mm:ss`, a date `yyyy-MM-dd`. The stored format, read in the user's
 * zone, is accepted too. Undefined when the text is neither.
 */
export function parseDisplayValue(
  zone: UserZone,
  type: 'glide_date_time' | 'glide_date',
  text: string,
): string | undefined {
  if (type === 'glide_date') {
    const w = parse(zone.dateFormat, text) ?? parse('yyyy-MM-dd', text);
    return w ? storedDateTime(asUtc(w)).slice(0, 10) : undefined;
  }
  const w =
    parse(`${zone.dateFormat} ${zone.timeFormat}`, text) ??
    parse('yyyy-MM-dd HH:mm:ss', text) ??
    parse(zone.dateFormat, text);
  return w ? storedDateTime(zonedToUtc(w, zone.timeZone)) : undefined;
}
