import type { Context, Hono } from 'hono';
import { getConnection, removeConnection, saveConnection } from '../../lib/config/connections.js';
import type { ConsoleContext } from '../context.js';
import {
  formFromProfile,
  hasTypedSecrets,
  profileFromForm,
  readConnectionForm,
  withOAuthDefaults,
  type ConnectionForm,
  type FieldName,
} from '../connection-form.js';
import { connectionsPage } from '../pages/connections-page.js';
import { editorPage, type EditorView } from '../pages/editor-page.js';
import { connectionFormErrors } from '../connection-form-errors.js';
import { loadProfile } from './load-profile.js';
import { RESET_MESSAGES } from './oauth.js';
import { editorView } from './editor-view.js';
import { connectionRows } from './connection-rows.js';

const NOTICES: Readonly<Record<string, string>> = {
  saved: 'Saved. Secrets are stored encrypted in the vault.',
  created: 'Connection created. Secrets are stored encrypted in the vault.',
  deleted: 'Connection deleted, with its stored secrets.',
};

/** A new connection's empty form. */
const EMPTY_FORM: ConnectionForm = {
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

/** Save: the editor again with what to fix (400), or the saved connection's editor. */
async function save(ctx: ConsoleContext, c: Context, mode: EditorView['mode'], fixedName?: string): Promise<Response> {
  const form = withOAuthDefaults(readConnectionForm(await c.req.parseBody(), fixedName));
  const errors = await submissionErrors(ctx, form, mode);
  if (Object.keys(errors).length > 0) {
    const view = await editorView(ctx, mode, form, { errors, notice: lostSecretsNotice(form) });
    return c.html(editorPage(ctx.csrfToken, view).toString(), 400);
  }
  await storeConnection(ctx, form);
  return c.redirect(
    `/connections/${encodeURIComponent(form.name)}/edit?notice=${mode === 'new' ? 'created' : 'saved'}`,
    303,
  );
}

/** The form's problems, checked against the stored secrets; a new connection must not take a used name. */
async function submissionErrors(
  ctx: ConsoleContext,
  form: ConnectionForm,
  mode: EditorView['mode'],
): Promise<Partial<Record<FieldName, string>>> {
  const vault = await ctx.vault();
  const existing = await getConnection(ctx.configDir, form.name);
  const stored = existing === undefined ? {} : await vault.get(form.name);
  const errors = await connectionFormErrors(form, stored);
  if (mode === 'new' && existing !== undefined && errors.name === undefined) {
    errors.name = `A connection named "${form.name}" already exists. Choose another name, or edit that one`;
  }
  return errors;
}

/** Typed secrets are not echoed back, so a refused form says they need setting again. */
function lostSecretsNotice(form: ConnectionForm): EditorView['notice'] {
  const lost = hasTypedSecrets(form);
  return lost
    ? { ok: false, text: 'Secrets you set were not saved: set them again after fixing the fields.' }
    : undefined;
}

/** Writes the profile and any secrets typed into the form (to the vault), and forgets the cached schema. */
async function storeConnection(ctx: ConsoleContext, form: ConnectionForm): Promise<void> {
  await saveConnection(ctx.configDir, profileFromForm(form));
  const secrets = {
    ...(form.password === undefined ? {} : { password: form.password }),
    ...(form.clientSecret === undefined ? {} : { clientSecret: form.clientSecret }),
    ...(form.privateKey === undefined ? {} : { privateKey: form.privateKey }),
  };
  if (Object.keys(secrets).length > 0) await (await ctx.vault()).set(form.name, secrets);
  ctx.schema.forget(form.name);
  ctx.logger.info(`console: saved connection ${form.name}`);
}

/** The list, the editor, save and delete. */
export function registerConnectionRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/', async (c) => {
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return c.html(connectionsPage(ctx.csrfToken, await connectionRows(ctx), notice).toString());
  });

  app.get('/connections/new', async (c) =>
    c.html(editorPage(ctx.csrfToken, await editorView(ctx, 'new', EMPTY_FORM)).toString()),
  );

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
