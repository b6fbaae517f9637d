import type { ConsoleContext } from '../context.js';
import { getConnection } from '../../lib/config/connections.js';
import { savedSettingsKey } from '../settings-key.js';
import type { ConnectionForm, FieldName } from '../connection-form.js';
import { normalizeBaseUrl } from '../../lib/connection.js';
import type { EditorView } from '../pages/editor-page.js';
import { describeTokens } from '../token-state.js';
import { OAUTH_CALLBACK_PATH } from '../oauth-flows.js';

function notesFor(baseUrl: string): string[] {
  try {
    return [...normalizeBaseUrl(baseUrl).notes];
  } catch {
    return [];
  }
}

/** What the editor shows for a form: stored-secret flags, token state, errors, the tab and the last test. */
export async function editorView(
  ctx: ConsoleContext,
  mode: EditorView['mode'],
  form: ConnectionForm,
  extra: { errors?: Partial<Record<FieldName, string>>; notice?: EditorView['notice']; tab?: EditorView['tab'] } = {},
): Promise<EditorView> {
  const secrets = mode === 'edit' ? await (await ctx.vault()).get(form.name) : {};
  const saved = mode === 'edit' ? await getConnection(ctx.configDir, form.name) : undefined;
  const lastTest = saved === undefined ? undefined : ctx.status.lastTest(form.name);
  const errors = extra.errors ?? {};
  const oauthFields: readonly FieldName[] = ['clientId', 'clientSecret', 'authUrl', 'tokenUrl'];
  const jwtFields: readonly FieldName[] = ['subject', 'keyId', 'privateKey'];
  const firstError = Object.keys(errors)[0] as FieldName | undefined;
  return {
    mode,
    form,
    passwordSet: secrets.password !== undefined,
    clientSecretSet: secrets.clientSecret !== undefined,
    privateKeySet: secrets.privateKey !== undefined,
    token: describeTokens(secrets.tokens, Date.now(), saved),
    errors,
    tab:
      extra.tab ??
      (firstError === undefined
        ? 'connection'
        : oauthFields.includes(firstError)
          ? 'oauth'
          : jwtFields.includes(firstError)
            ? 'jwt'
            : 'connection'),
    notice: extra.notice,
    notes: notesFor(form.baseUrl),
    lastTest,
    lastTestNote:
      saved !== undefined && lastTest !== undefined && lastTest.settings !== savedSettingsKey(saved, secrets)
        ? 'stale'
        : undefined,
    callbackUrl: `${ctx.origin()}${OAUTH_CALLBACK_PATH}`,
  };
}
