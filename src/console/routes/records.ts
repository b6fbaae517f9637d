import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ConnectionProfile } from '../../lib/config/connections.js';
import type { ServiceNowClient } from '../../lib/client.js';
import type { TableRecord } from '../../lib/table.js';
import type { ConsoleContext } from '../context.js';
import { withClient } from '../client-factory.js';
import { rawValue } from '../format-value.js';
import { recordPage, type RecordView } from '../pages/record-page.js';
import { readRecordForm } from '../record-form-input.js';
import { loadRecordForm } from '../record-form-loader.js';
import type { RecordForm } from '../record-form.js';
import { BROWSER_TIME_ZONE_COOKIE } from '../time-zone.js';
import { recordAttachments } from '../attachments-view.js';
import { registerAttachmentRoutes } from './attachments.js';
import { recordHistory } from './record-history.js';
import { loadProfile } from './load-profile.js';
import { backQuery, backSuffix, operationsLink } from '../back-link.js';

const NOTICES: Readonly<Record<string, string>> = {
  created: 'Record created.',
  updated: 'Record updated.',
  unchanged: 'Nothing changed, so nothing was sent.',
  attached: 'Attachment uploaded.',
  'attachment-deleted': 'Attachment deleted.',
};
/** Notices that report a refused attachment upload. */
const BAD_NOTICES: Readonly<Record<string, string>> = {
  'attachment-missing': 'Choose a file to upload first.',
  'attachment-too-large': 'The file is larger than the console forwards (50 MB); use `nowrest attachment put`.',
};

/** The record form for `record`, in the browser's time zone when the connection user's is not known. */
async function formFor(
  ctx: ConsoleContext,
  c: Context,
  sn: ServiceNowClient,
  profile: ConnectionProfile,
  table: string,
  record: TableRecord,
): Promise<RecordForm> {
  const isNew = c.req.param('sysId') === undefined;
  const browserTimeZone = getCookie(c, BROWSER_TIME_ZONE_COOKIE);
  return loadRecordForm(ctx, sn, { profile, table, record, isNew, browserTimeZone });
}

async function render(
  ctx: ConsoleContext,
  c: Context,
  view: RecordView,
  status: 200 | 400 | 404 = 200,
): Promise<Response> {
  const back = backQuery(c.req.query('back'), view.table);
  return Promise.resolve(c.html(recordPage(ctx.csrfToken, { ...view, back }).toString(), status));
}

/** View, create, update and delete single records. */
export function registerRecordRoutes(app: Hono, ctx: ConsoleContext): void {
  registerAttachmentRoutes(app, ctx);
  registerNewRecordRoute(app, ctx);
  registerCreateRecordRoute(app, ctx);
  registerShowRecordRoute(app, ctx);
  registerUpdateRecordRoute(app, ctx);
  registerDeleteRecordRoute(app, ctx);
}

const RECORDS_BASE = '/connections/:name/tables/:table';

/** GET …/new: the empty form of a new record. */
function registerNewRecordRoute(app: Hono, ctx: ConsoleContext): void {
  app.get(`${RECORDS_BASE}/new`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const table = c.req.param('table');
    return withClient(ctx, profile, async (sn) =>
      render(ctx, c, { connection: profile.name, table, form: await formFor(ctx, c, sn, profile, table, {}) }),
    );
  });
}

/** POST …/records: creates the record and redirects to it, or shows the form again with the refusal. */
function registerCreateRecordRoute(app: Hono, ctx: ConsoleContext): void {
  app.post(`${RECORDS_BASE}/records`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const table = c.req.param('table');
    const submitted = readRecordForm(await c.req.parseBody());
    const values = Object.fromEntries(Object.entries(submitted.values).filter(([, v]) => v !== ''));
    return withClient(ctx, profile, async (sn) => {
      const refused = async (text: string) =>
        render(
          ctx,
          c,
          {
            connection: profile.name,
            table,
            form: await formFor(ctx, c, sn, profile, table, values),
            notice: { ok: false, text },
          },
          400,
        );
      if (submitted.errors.length > 0) return refused(submitted.errors.join(' '));
      try {
        const created = await sn.table(table).create(values, { excludeReferenceLink: true });
        const id = rawValue(created['sys_id']);
        ctx.logger.info(`console: created ${table} ${id} on ${profile.name}`);
        return c.redirect(
          `/connections/${encodeURIComponent(profile.name)}/tables/${encodeURIComponent(table)}/records/${encodeURIComponent(id)}?notice=created${backSuffix(backQuery(c.req.query('back'), table), '&')}`,
          303,
        );
      } catch (error) {
        return refused(ctx.describeError(error));
      }
    });
  });
}

/** GET …/records/:sysId: the record form with its attachments and the one-time notice. */
function registerShowRecordRoute(app: Hono, ctx: ConsoleContext): void {
  app.get(`${RECORDS_BASE}/records/:sysId`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const { table, sysId } = c.req.param();
    const notice = recordNotice(c.req.query('notice'));
    return withClient(ctx, profile, async (sn) => {
      let record: TableRecord;
      try {
        // Display values too: reference fields show the referenced record's name, linked.
        record = await sn.table(table).get(sysId, { displayValue: 'all', excludeReferenceLink: true });
      } catch (error) {
        const notice = { ok: false, text: ctx.describeError(error) };
        return render(ctx, c, { connection: profile.name, table, sysId, notice }, 404);
      }
      return render(ctx, c, {
        connection: profile.name,
        table,
        sysId,
        form: await formFor(ctx, c, sn, profile, table, record),
        notice,
        attachments: await recordAttachments(ctx, sn, table, sysId),
        history: await recordHistory(ctx, sn, table, sysId, Object.keys(record)),
      });
    });
  });
}

/** POST …/records/:sysId: sends only the changed fields, then redirects; the form again on a refusal. */
function registerUpdateRecordRoute(app: Hono, ctx: ConsoleContext): void {
  app.post(`${RECORDS_BASE}/records/:sysId`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const { table, sysId } = c.req.param();
    const submitted = readRecordForm(await c.req.parseBody());
    const path = `/connections/${encodeURIComponent(profile.name)}/tables/${encodeURIComponent(table)}/records/${encodeURIComponent(sysId)}`;
    return withClient(ctx, profile, async (sn) => {
      let current: TableRecord = {};
      try {
        if (submitted.errors.length > 0) throw new FormInputError(submitted.errors.join(' '));
        current = await sn.table(table).get(sysId, { excludeReferenceLink: true });
        const changes = changedFields(current, submitted.values);
        const keep = backSuffix(backQuery(c.req.query('back'), table), '&');
        if (Object.keys(changes).length === 0) return c.redirect(`${path}?notice=unchanged${keep}`, 303);
        await sn.table(table).update(sysId, changes);
        ctx.logger.info(`console: updated ${table} ${sysId} on ${profile.name}`);
        return c.redirect(`${path}?notice=updated${keep}`, 303);
      } catch (error) {
        const record = { ...current, ...submitted.values };
        const text = error instanceof FormInputError ? error.message : ctx.describeError(error);
        return render(
          ctx,
          c,
          {
            connection: profile.name,
            table,
            sysId,
            form: await formFor(ctx, c, sn, profile, table, record),
            notice: { ok: false, text },
          },
          400,
        );
      }
    });
  });
}

/** POST …/records/:sysId/delete: deletes, then returns to the query the record was opened from. */
function registerDeleteRecordRoute(app: Hono, ctx: ConsoleContext): void {
  app.post(`${RECORDS_BASE}/records/:sysId/delete`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const { table, sysId } = c.req.param();
    return withClient(ctx, profile, async (sn) => {
      try {
        await sn.table(table).delete(sysId);
        ctx.logger.info(`console: deleted ${table} ${sysId} on ${profile.name}`);
        // Back to the query the record was opened from, with its conditions, fields, sort and page.
        const back = operationsLink(profile.name, table, backQuery(c.req.query('back'), table));
        return c.redirect(`${back}&notice=deleted`, 303);
      } catch (error) {
        const notice = { ok: false, text: ctx.describeError(error) };
        return render(ctx, c, { connection: profile.name, table, sysId, notice }, 400);
      }
    });
  });
}

/**
 * The fields the person changed: only these are sent, so a stale form cannot overwrite someone else's edits
 * elsewhere. System fields are never sent.
 */
function changedFields(current: TableRecord, submitted: Readonly<Record<string, string>>): TableRecord {
  const changes: TableRecord = {};
  for (const [field, value] of Object.entries(submitted)) {
    if (!field.startsWith('sys_') && rawValue(current[field]) !== value) changes[field] = value;
  }
  return changes;
}

/** The one-time notice of the record page (?notice=created|updated|…), or none. */
function recordNotice(key: string | undefined): { ok: boolean; text: string } | undefined {
  const bad = BAD_NOTICES[key ?? ''];
  if (bad !== undefined) return { ok: false, text: bad };
  const text = NOTICES[key ?? ''];
  return text === undefined ? undefined : { ok: true, text };
}

/** A posted value the form could not read (a malformed date-time); shown as it is, never sent. */
class FormInputError extends Error {}
