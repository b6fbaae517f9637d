/**
 * Date-times on the record page: the Table API sends and takes them in UTC as `YYYY-MM-DD HH:mm:ss` (the
 * instance's internal format); the page shows them as wall-clock time in one time zone and converts edits back.
 */

/** The time zone the record page uses, and why. */
export interface TimeZoneChoice {
  /** An IANA name Intl accepts (e.g. America/Los_Angeles, GMT), or 'UTC'. */
  readonly zone: string;
  /** `user`: the connection user's sys_user.time_zone; `browser`: the browser's; `utc`: neither was known. */
  readonly source: 'user' | 'browser' | 'utc';
  /** The connection's user name, when the console knows it. */
  readonly userName?: string | undefined;
}

/** The cookie console.js sets to the browser's time zone, so pages rendered on the server can use it. */
export const BROWSER_TIME_ZONE_COOKIE = 'nowrest_tz';

/** True when `name` is a time zone this Node.js (ICU) knows. */
export function isTimeZone(name: string | undefined): name is string {
  if (name === undefined || name === '' || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The user's zone when valid, else the browser's, else UTC. */
export function chooseTimeZone(
  userZone: string | undefined,
  browserZone: string | undefined,
  userName?: string,
): TimeZoneChoice {
  if (isTimeZone(userZone)) return { zone: userZone, source: 'user', userName };
  if (isTimeZone(browserZone)) return { zone: browserZone, source: 'browser', userName };
  return { zone: 'UTC', source: 'utc', userName };
}

const PARTS = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = PARTS.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    PARTS.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, zone: string): [number, number, number, number, number, number] {
  const get = (parts: Intl.DateTimeFormatPart[], type: string): number =>
    Number(parts.find((p) => p.type === type)?.value ?? '0');
  const parts = formatter(zone).formatToParts(new Date(ms));
  return [
    get(parts, 'year'),
    get(parts, 'month'),
    get(parts, 'day'),
    get(parts, 'hour'),
    get(parts, 'minute'),
    get(parts, 'second'),
  ];
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetMs(ms: number, zone: string): number {
  const [y, mo, d, h, mi, s] = wallClock(ms, zone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The text as milliseconds of the same wall-clock time in UTC; undefined when it is not a date and time. */
function parseWall(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => Number(v ?? '0'));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Reject 2026-02-31 and 25:00 instead of letting Date roll them over.
  const exact = back.getUTCMonth() + 1 === mo && back.getUTCDate() === d && back.getUTCHours() === h;
  return exact && mi < 60 && s < 60 ? ms : undefined;
}

/**
 * A UTC instance value (`2026-06-21 14:08:18`) as `YYYY-MM-DDTHH:mm:ss` in `zone`, for a datetime-local input.
 * Anything that is not such a value is returned unchanged.
 */
export function utcToZoned(value: string, zone: string): string {
  const utc = parseWall(value);
  if (utc === undefined) return value;
  const [y, mo, d, h, mi, s] = wallClock(utc, zone);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/**
 * A wall-clock time in `zone` (`YYYY-MM-DDTHH:mm[:ss]`, as a datetime-local input sends it) as the UTC instance
 * value `YYYY-MM-DD HH:mm:ss`; undefined when the text is not a date and time. A time that does not exist (in
 * a daylight-saving gap) maps to the instant one gap-length away.
 */
export function zonedToUtc(local: string, zone: string): string | undefined {
  const wall = parseWall(local);
  if (wall === undefined) return undefined;
  let ms = wall - offsetMs(wall, zone);
  ms = wall - offsetMs(ms, zone);
  const t = new Date(ms);
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
  );
}

/** `UTC+05:30`-style offset of the zone at `at`, for the page's note. */
export function offsetLabel(zone: string, at: Date): string {
  const minutes = Math.round(offsetMs(at.getTime(), zone) / 60_000);
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
