import { isTimeZone, zonedToUtc } from './time-zone.js';

/** Field values a record form posted, in the instance's format, or what is wrong with them. */
export interface SubmittedRecord {
  readonly values: Record<string, string>;
  /** One message per value that could not be read; nothing is sent while there are any. */
  readonly errors: readonly string[];
}

/** The hidden field naming the time zone the form's date-times were shown in. */
export const TIME_ZONE_FIELD = 'tz';

/**
 * Reads a posted record form: `v_<field>` inputs as they are, and `z_<field>` date-times (wall-clock time in
 * the form's time zone, from a datetime-local input) converted to UTC `YYYY-MM-DD HH:mm:ss`, the instance's
 * internal format.
 */
export function readRecordForm(body: Record<string, unknown>): SubmittedRecord {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  const zoneField = body[TIME_ZONE_FIELD];
  const zone = typeof zoneField === 'string' && isTimeZone(zoneField) ? zoneField : undefined;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    // Browsers send a textarea's line breaks as CRLF; the instance keeps LF, so an untouched text is not a change.
    if (key.startsWith('v_')) values[key.slice(2)] = value.replace(/\r\n/g, '\n');
    if (!key.startsWith('z_')) continue;
    const field = key.slice(2);
    if (value.trim() === '') {
      values[field] = '';
    } else if (zone === undefined) {
      errors.push(`${field}: the form does not say which time zone its times are in; reload the page and try again.`);
    } else {
      const utc = zonedToUtc(value, zone);
      if (utc === undefined) errors.push(`${field}: "${value}" is not a date and time; use YYYY-MM-DD HH:mm:ss.`);
      else values[field] = utc;
    }
  }
  return { values, errors };
}
