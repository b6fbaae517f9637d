import type { Context, Hono } from 'hono';
import { getConnection, listConnections, removeConnection, saveConnection } from '../../lib/config/connections.js';
import type { VaultSecrets } from '../../lib/auth/vault.js';
import type { ConsoleContext } from '../context.js';
import {
  formFromProfile,
  profileFromForm,
  readConnectionForm,
  withOAuthDefaults,
  type ConnectionForm,
} from '../connection-form.js';
import { connectionsPage, type ConnectionRow } from '../pages/connections-page.js';
import { editorPage, type EditorView } from '../pages/editor-page.js';
import { connectionFormErrors } from '../connection-form-errors.js';
import { describeTokens } from '../token-state.js';
import { loadProfile } from './load-profile.js';
import { RESET_MESSAGES } from './oauth.js';
import { editorView } from './editor-view.js';
import { savedSettingsKey } from '../settings-key.js';

const NOTICES: Readonly<Record<string, string>> = {
  saved: 'Saved. Secrets are stored encrypted in the vault.',
  created: 'Connection created. Secrets are stored encrypted in the vault.',
  deleted: 'Connection deleted, with its stored secrets.',
};

async function save(ctx: ConsoleContext, c: Context, mode: EditorView['mode'], fixedName?: string): Promise<Response> {
  const body = await c.req.parseBody();
  const form = withOAuthDefaults(readConnectionForm(body, fixedName));
  const vault = await ctx.vault();
  const existing = await getConnection(ctx.configDir, form.name);
  const stored = existing === undefined ? {} : await vault.get(form.name);
  const errors = await connectionFormErrors(form, stored);
  if (mode === 'new' && existing !== undefined && errors.name === undefined) {
    errors.name = `A connection named "${form.name}" already exists. Choose another name, or edit that one`;
  }
  if (Object.keys(errors).length > 0) {
    // Typed secrets are not echoed back, so say they need setting again.
    const lost = form.password !== undefined || form.clientSecret !== undefined || form.privateKey !== undefined;
    const notice = lost
      ? { ok: false, text: 'Secrets you set were not saved: set them again after fixing the fields.' }
      : undefined;
    return c.html(editorPage(ctx.csrfToken, await editorView(ctx, mode, form, { errors, notice })).toString(), 400);
  }
  await saveConnection(ctx.configDir, profileFromForm(form));
  const secrets = {
    ...(form.password === undefined ? {} : { password: form.password }),
    ...(form.clientSecret === undefined ? {} : { clientSecret: form.clientSecret }),
    ...(form.privateKey === undefined ? {} : { privateKey: form.privateKey }),
  };
  if (Object.keys(secrets).length > 0) await vault.set(form.name, secrets);
  ctx.schema.forget(form.name);
  ctx.logger.info(`console: saved connection ${form.name}`);
  return c.redirect(
    `/connections/${encodeURIComponent(form.name)}/edit?notice=${mode === 'new' ? 'created' : 'saved'}`,
    303,
  );
}

/** The list, the editor, save and delete. */
export function registerConnectionRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/', async (c) => {
    const vault = await ctx.vault();
    const rows: ConnectionRow[] = [];
    for (const profile of await listConnections(ctx.configDir)) {
      const secrets: VaultSecrets = await vault.get(profile.name).catch(() => ({}));
      const lastTest = ctx.status.lastTest(profile.name);
      rows.push({
        profile,
        token: describeTokens(secrets.tokens, Date.now(), profile),
        lastTest,
        lastTestStale: lastTest !== undefined && lastTest.settings !== savedSettingsKey(profile, secrets),
      });
    }
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return c.html(connectionsPage(ctx.csrfToken, rows, notice).toString());
  });

  app.get('/connections/new', async (c) => {
    const form: ConnectionForm = {
      name: '',
      baseUrl: '',
      auth: 'basic',
      username: '',
      clientId: '',
      authUrl: '',
      tokenUrl: '',
      subject: '',
      keyId: '',
      clientCertFile: '',
      clientKeyFile: '',
      caFile: '',
    };
    return c.html(editorPage(ctx.csrfToken, await editorView(ctx, 'new', form)).toString());
  });

  app.post('/connections', (c) => save(ctx, c, 'new'));

  app.get('/connections/:name/edit', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const key = c.req.query('notice') ?? '';
    const text = NOTICES[key] ?? RESET_MESSAGES[key];
    const asked = c.req.query('tab');
    const tab = asked === 'oauth' || asked === 'jwt' ? asked : 'connection';
    const view = await editorView(ctx, 'edit', formFromProfile(profile), {
      tab,
      notice: text === undefined ? undefined : { ok: key === 'reset' || NOTICES[key] !== undefined, text },
    });
    return c.html(editorPage(ctx.csrfToken, view).toString());
  });

  app.post('/connections/:name', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    return save(ctx, c, 'edit', profile.name);
  });

  app.post('/connections/:name/delete', async (c) => {
    const name = c.req.param('name');
    await removeConnection(ctx.configDir, name);
    await (await ctx.vault()).remove(name);
    ctx.status.forget(name);
    ctx.schema.forget(name);
    ctx.logger.info(`console: deleted connection ${name}`);
    return c.redirect('/?notice=deleted', 303);
  });
}
