import type { Context, Hono } from 'hono';
import type { ConnectionProfile } from '../../lib/config/connections.js';
import type { ServiceNowClient } from '../../lib/client.js';
import type { FieldInfo } from '../../lib/schema/schema-types.js';
import type { TableRecord } from '../../lib/table.js';
import type { ConsoleContext } from '../context.js';
import { withClient } from '../client-factory.js';
import { rawValue } from '../format-value.js';
import { recordPage, type RecordView } from '../pages/record-page.js';
import { registerAttachmentRoutes, recordAttachments } from './attachments.js';
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

/** `v_<field>` form inputs as a field → value map. */
function submittedValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('v_') && typeof value === 'string') out[key.slice(2)] = value;
  }
  return out;
}

async function fieldsOf(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  table: string,
  sn: ServiceNowClient,
): Promise<FieldInfo[]> {
  // The record form still works from the record's own keys when the dictionary is not readable.
  return ctx.schema.fields(profile.name, table, sn).catch(() => []);
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
  const base = '/connections/:name/tables/:table';

  app.get(`${base}/new`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const table = c.req.param('table');
    return withClient(ctx, profile, async (sn) =>
      render(ctx, c, { connection: profile.name, table, record: {}, fields: await fieldsOf(ctx, profile, table, sn) }),
    );
  });

  app.post(`${base}/records`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const table = c.req.param('table');
    const values = Object.fromEntries(
      Object.entries(submittedValues(await c.req.parseBody())).filter(([, v]) => v !== ''),
    );
    return withClient(ctx, profile, async (sn) => {
      try {
        const created = await sn.table(table).create(values, { excludeReferenceLink: true });
        const id = rawValue(created['sys_id']);
        ctx.logger.info(`console: created ${table} ${id} on ${profile.name}`);
        return c.redirect(
          `/connections/${encodeURIComponent(profile.name)}/tables/${encodeURIComponent(table)}/records/${encodeURIComponent(id)}?notice=created${backSuffix(backQuery(c.req.query('back'), table), '&')}`,
          303,
        );
      } catch (error) {
        const fields = await fieldsOf(ctx, profile, table, sn);
        return render(
          ctx,
          c,
          {
            connection: profile.name,
            table,
            record: values,
            fields,
            notice: { ok: false, text: ctx.describeError(error) },
          },
          400,
        );
      }
    });
  });

  app.get(`${base}/records/:sysId`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const { table, sysId } = c.req.param();
    const text = NOTICES[c.req.query('notice') ?? ''];
    const bad = BAD_NOTICES[c.req.query('notice') ?? ''];
    return withClient(ctx, profile, async (sn) => {
      const fields = await fieldsOf(ctx, profile, table, sn);
      try {
        const record = await sn.table(table).get(sysId, { excludeReferenceLink: true });
        return render(ctx, c, {
          connection: profile.name,
          table,
          sysId,
          record,
          fields,
          notice: bad !== undefined ? { ok: false, text: bad } : text === undefined ? undefined : { ok: true, text },
          attachments: await recordAttachments(ctx, sn, table, sysId),
          history: await recordHistory(ctx, sn, table, sysId, fields),
        });
      } catch (error) {
        return render(
          ctx,
          c,
          {
            connection: profile.name,
            table,
            sysId,
            record: {},
            fields: [],
            notice: { ok: false, text: ctx.describeError(error) },
          },
          404,
        );
      }
    });
  });

  app.post(`${base}/records/:sysId`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const { table, sysId } = c.req.param();
    const submitted = submittedValues(await c.req.parseBody());
    const path = `/connections/${encodeURIComponent(profile.name)}/tables/${encodeURIComponent(table)}/records/${encodeURIComponent(sysId)}`;
    return withClient(ctx, profile, async (sn) => {
      let current: TableRecord = {};
      try {
        current = await sn.table(table).get(sysId, { excludeReferenceLink: true });
        // Send only what the person changed, so a stale form cannot overwrite someone else's edits elsewhere.
        const changes: TableRecord = {};
        for (const [field, value] of Object.entries(submitted)) {
          if (!field.startsWith('sys_') && rawValue(current[field]) !== value) changes[field] = value;
        }
        const keep = backSuffix(backQuery(c.req.query('back'), table), '&');
        if (Object.keys(changes).length === 0) return c.redirect(`${path}?notice=unchanged${keep}`, 303);
        await sn.table(table).update(sysId, changes);
        ctx.logger.info(`console: updated ${table} ${sysId} on ${profile.name}`);
        return c.redirect(`${path}?notice=updated${keep}`, 303);
      } catch (error) {
        const fields = await fieldsOf(ctx, profile, table, sn);
        return render(
          ctx,
          c,
          {
            connection: profile.name,
            table,
            sysId,
            record: { ...current, ...submitted },
            fields,
            notice: { ok: false, text: ctx.describeError(error) },
          },
          400,
        );
      }
    });
  });

  app.post(`${base}/records/:sysId/delete`, async (c) => {
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
        return render(
          ctx,
          c,
          {
            connection: profile.name,
            table,
            sysId,
            record: {},
            fields: [],
            notice: { ok: false, text: ctx.describeError(error) },
          },
          400,
        );
      }
    });
  });
}
