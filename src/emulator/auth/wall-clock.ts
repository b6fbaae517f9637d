/**
 * Wall clocks of IANA time zones: a zone's offset at an instant (Intl, cached per UTC day), calendar fields of
 * an instant, and the instant of a wall-clock time, both sides of a DST change considered.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Calendar fields, month 1-12. */
export interface WallClock {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** Wall clock by Intl: exact but slow (tens of microseconds), so only used to fill the offset cache. */
function wallClockByIntl(utcMs: number, timeZone: string): WallClock {
  const out: WallClock = { y: 0, mo: 1, d: 1, h: 0, mi: 0, s: 0 };
  for (const p of formatterFor(timeZone).formatToParts(utcMs)) {
    const n = Number(p.value);
    if (p.type === 'year') out.y = n;
    else if (p.type === 'month') out.mo = n;
    else if (p.type === 'day') out.d = n;
    else if (p.type === 'hour') out.h = n % 24;
    else if (p.type === 'minute') out.mi = n;
    else if (p.type === 'second') out.s = n;
  }
  return out;
}

const DAY_MS = 86_400_000;
/** Per zone and UTC day: the zone's offset when it is the same all day, else NaN (a DST change that day). */
const dayOffsets = new Map<string, Map<number, number>>();

const exactOffset = (utcMs: number, timeZone: string): number => {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return asUtc(wallClockByIntl(whole, timeZone)) - whole;
};

/** The zone's UTC offset at an instant, from a per-day cache (a list page renders thousands of dates). */
function offsetAt(utcMs: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone);
  if (!days) {
    days = new Map<number, number>();
    dayOffsets.set(timeZone, days);
  }
  const day = Math.floor(utcMs / DAY_MS);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = exactOffset(day * DAY_MS, timeZone);
    offset = first === exactOffset((day + 1) * DAY_MS - 1000, timeZone) ? first : Number.NaN;
    if (days.size > 100_000) days.clear();
    days.set(day, offset);
  }
  return Number.isNaN(offset) ? exactOffset(utcMs, timeZone) : offset;
}

/** Calendar fields of a UTC instant, by integer arithmetic (days to civil date, H. Hinnant's algorithm). */
export function civil(ms: number): WallClock {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  const rem = secs - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  return { y, mo, d, h: Math.floor(rem / 3600), mi: Math.floor((rem % 3600) / 60), s: rem % 60 };
}

export function wallClock(utcMs: number, timeZone: string): WallClock {
  return civil(utcMs + offsetAt(utcMs, timeZone));
}

export const asUtc = (w: WallClock): number => Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);

/**
 * The UTC instant of a wall-clock time in a zone. Candidates come from the offsets in force a day before and a
 * day after, so both sides of a DST change are tried (a half-hour change included). In an overlap the earlier
 * instant wins; in a gap the time is read with the offset before the change, so it moves forward, as Java's
 * lenient calendar does.
 */
export function zonedToUtc(w: WallClock, timeZone: string): number {
  const guess = asUtc(w);
  const before = offsetAt(guess - DAY_MS, timeZone);
  const offsets = [before, offsetAt(guess, timeZone), offsetAt(guess + DAY_MS, timeZone)];
  const valid = offsets.map((o) => guess - o).filter((utc) => asUtc(wallClock(utc, timeZone)) === guess);
  return valid.length ? Math.min(...valid) : guess - before;
}

/** An instant as its wall clock in the zone, carried in a Date's UTC fields (for calendar arithmetic). */
export function toWallClock(date: Date, timeZone: string): Date {
  return new Date(date.getTime() + offsetAt(date.getTime(), timeZone));
}

/** The instant of a wall clock carried in a Date's UTC fields: the inverse of toWallClock (DST as zonedToUtc). */
export function fromWallClock(wall: Date, timeZone: string): Date {
  return new Date(zonedToUtc(civil(wall.getTime()), timeZone));
}
