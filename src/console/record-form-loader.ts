import type { ServiceNowClient } from '../lib/client.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import { query } from '../lib/query.js';
import type { TableRecord } from '../lib/table.js';
import type { ConsoleContext } from './context.js';
import { rawValue } from './format-value.js';
import { buildRecordForm, type RecordForm } from './record-form.js';
import { chooseTimeZone, type TimeZoneChoice } from './time-zone.js';

/** What the record page's form is built for. */
export interface RecordFormRequest {
  readonly profile: ConnectionProfile;
  readonly table: string;
  readonly record: TableRecord;
  readonly isNew: boolean;
  /** The browser's time zone (from console.js's cookie), when known. */
  readonly browserTimeZone?: string | undefined;
}

/** The user the connection signs in as, when the profile says (OAuth's user is chosen in the browser). */
function connectionUser(profile: ConnectionProfile): string | undefined {
  const name = profile.auth === 'basic' ? profile.username : profile.auth === 'jwt' ? profile.subject : undefined;
  return name === '' ? undefined : name;
}

/** The connection user's sys_user.time_zone; undefined when unset or not readable. */
async function userTimeZone(sn: ServiceNowClient, userName: string | undefined): Promise<string | undefined> {
  if (userName === undefined) return undefined;
  try {
    const page = await sn.table('sys_user').list({
      query: query().where('user_name').is(userName),
      fields: ['time_zone'],
      pageSize: 1,
    });
    return rawValue(page.records[0]?.['time_zone']) || undefined;
  } catch {
    return undefined;
  }
}

/** The time zone for the page: the connection user's, else the browser's, else UTC. */
export async function recordTimeZone(
  sn: ServiceNowClient,
  profile: ConnectionProfile,
  browserTimeZone: string | undefined,
): Promise<TimeZoneChoice> {
  const user = connectionUser(profile);
  return chooseTimeZone(await userTimeZone(sn, user), browserTimeZone, user);
}

/**
 * Reads what the record form needs besides the record (dictionary, choice lists, form layout, time zone), in
 * parallel and cached where it can be, and builds the form. Each lookup that fails degrades the form (plain
 * inputs, fields in label order) instead of failing the page.
 */
export async function loadRecordForm(
  ctx: ConsoleContext,
  sn: ServiceNowClient,
  request: RecordFormRequest,
): Promise<RecordForm> {
  const { profile, table } = request;
  const [fields, layout, timeZone] = await Promise.all([
    ctx.schema.fields(profile.name, table, sn).catch(() => []),
    ctx.schema.layout(profile.name, table, sn).then(
      (l) => ({ layout: l, note: l === undefined ? 'The instance has no Default view form for this table.' : '' }),
      (error: unknown) => ({
        layout: undefined,
        note: `The form layout could not be read: ${ctx.describeError(error)}`,
      }),
    ),
    recordTimeZone(sn, profile, request.browserTimeZone),
  ]);
  const choiceFields = fields.filter((f) => f.choice).map((f) => f.name);
  const choices = await ctx.schema.choices(profile.name, table, choiceFields, sn).catch(() => new Map());
  return buildRecordForm({
    connection: profile.name,
    record: request.record,
    fields,
    isNew: request.isNew,
    layout: layout.layout,
    layoutNote: layout.note || undefined,
    choices,
    timeZone,
  });
}
