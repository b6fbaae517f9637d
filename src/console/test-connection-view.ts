import type { StoredTokens } from '../lib/auth/token-store.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import type { TestConnectionReport } from '../lib/test-connection.js';
import { withClient } from './client-factory.js';
import { hasTypedSecrets, profileFromForm, type ConnectionForm, type FieldName } from './connection-form.js';
import { connectionFormErrors } from './connection-form-errors.js';
import type { ConsoleContext } from './context.js';
import type { EditorView } from './pages/editor-page.js';
import type { TestNote } from './pages/test-result.js';
import { savedSettingsKey, secretsOf, settingsKey, type ConnectionSecrets } from './settings-key.js';
import type { TestOutcome } from './status-store.js';
import { tokensForOtherSettings } from './token-state.js';

const STAGE_LABELS: Readonly<Record<string, string>> = {
  url: 'Base URL',
  network: 'Network',
  servicenow: 'ServiceNow REST API',
  authentication: 'Authentication',
  authorization: 'Authorization',
};

/** Maps the library's staged report to what the page shows: stages, one summary line and the remedy. */
export function outcomeFromReport(report: TestConnectionReport, at: Date): TestOutcome {
  const failed = report.stages.find((s) => s.status === 'fail');
  return {
    at,
    ok: report.ok,
    summary: failed === undefined ? 'Connection successful.' : failed.summary,
    stages: report.stages.map((s) => ({
      name: STAGE_LABELS[s.stage] ?? s.stage,
      ok: s.status === 'pass',
      ...(s.status === 'skipped' ? { skipped: true } : {}),
      detail: s.status === 'skipped' ? '' : s.detail === undefined ? s.summary : `${s.summary} (${s.detail})`,
    })),
    ...(failed?.remedy === undefined ? {} : { remedy: failed.remedy }),
  };
}

/**
 * The name an unsaved new connection is tested under: not a valid connection name, so the vault holds nothing for
 * it and no saved connection's secrets or tokens can stand in for what the form lacks.
 */
const UNSAVED_NAME = '(unsaved connection)';

/** A test that failed in one stage before (or instead of) the library's staged test. */
function failedOutcome(summary: string, stage: { name: string; detail: string }, remedy: string): TestOutcome {
  return {
    at: new Date(),
    ok: false,
    summary,
    stages: [{ name: stage.name, ok: false, detail: stage.detail }],
    remedy,
  };
}

/** The tokens stored for an OAuth 2.0 connection; none for other kinds or an unsaved connection. */
async function storedTokens(ctx: ConsoleContext, profile: ConnectionProfile): Promise<StoredTokens | undefined> {
  if (profile.auth !== 'oauth2' || profile.name === UNSAVED_NAME) return undefined;
  return (await (await ctx.vault()).get(profile.name)).tokens;
}

/** Why the stored tokens cannot serve this test, said as what to press; undefined when they can (or none needed). */
function tokenProblem(
  profile: ConnectionProfile,
  tokens: StoredTokens | undefined,
  unsaved: boolean,
): TestOutcome | undefined {
  if (profile.auth === 'oauth2' && tokens === undefined) {
    // Without tokens the library can only say "re-authenticate"; say what to press instead.
    return failedOutcome(
      'No access token yet',
      { name: 'Authentication', detail: 'This OAuth 2.0 connection has no access token' },
      'Save, press Generate on the OAuth 2.0 tab, sign in to the instance and choose Allow; then test again.',
    );
  }
  if (!tokensForOtherSettings(tokens, profile)) return undefined;
  // The settings (typed, or saved since Generate) name another instance, token URL or client ID than the tokens
  // were issued for: the library will not send them. Say so, rather than report a sign-in failure.
  return failedOutcome(
    'The stored tokens are for other settings',
    {
      name: 'Authentication',
      detail: 'The access token was issued for a different instance, token URL or client ID than these settings',
    },
    `${unsaved ? 'Save, then press' : 'Press'} Generate on the OAuth 2.0 tab to sign in with these settings; then test again.`,
  );
}

/** The library's staged test; a profile it refuses before any request fails as the configuration stage. */
async function libraryTest(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  secrets: ConnectionSecrets,
): Promise<TestOutcome> {
  try {
    const report = await withClient(ctx, profile, (sn) => sn.testConnection(), secrets);
    return outcomeFromReport(report, new Date());
  } catch (error) {
    const message = ctx.describeError(error);
    return failedOutcome(
      message,
      { name: 'Configuration', detail: message },
      'Fix the connection settings above and test again.',
    );
  }
}

async function runTest(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  secrets: ConnectionSecrets,
  unsaved = false,
): Promise<TestOutcome> {
  const problem = tokenProblem(profile, await storedTokens(ctx, profile), unsaved);
  return problem ?? (await libraryTest(ctx, profile, secrets));
}

type Notice = EditorView['notice'];

/**
 * What Test Connection of a form shows: the fields to fix (nothing was tested), or the outcome with its note
 * ('unsaved' when the settings tested are not the saved ones) and the notice above the form.
 */
export type FormTestView =
  | { readonly tested: false; readonly errors: Partial<Record<FieldName, string>>; readonly notice: Notice }
  | {
      readonly tested: true;
      readonly outcome: TestOutcome;
      readonly note: TestNote | undefined;
      readonly notice: Notice;
    };

/**
 * The New connection page's test: the form as typed, before it is saved. Nothing is written: no profile, no
 * secret, no status entry. The name may still be empty; the other fields are checked as Save checks them.
 */
export async function testNewConnectionForm(ctx: ConsoleContext, form: ConnectionForm): Promise<FormTestView> {
  const { name: _name, ...errors } = await connectionFormErrors(form, {});
  if (Object.keys(errors).length > 0) {
    return { tested: false, errors, notice: { ok: false, text: 'Not tested: fix the fields marked below.' } };
  }
  const profile = { ...profileFromForm(form), name: UNSAVED_NAME };
  const outcome = await runTest(ctx, profile, secretsOf({}, form), true);
  const notice = hasTypedSecrets(form)
    ? { ok: false, text: 'Not saved. The secrets you set were used for this test: set them again before you Save.' }
    : { ok: false, text: 'Not saved: press Save to store this connection.' };
  return { tested: true, outcome, note: undefined, notice };
}

/**
 * The editor's test of a saved connection's form, without saving it: secrets typed there are used, the others come
 * from the vault. The result is kept with the digest of the settings tested: if they are saved next, it is current;
 * until then the list and the editor mark it as a test of other settings.
 */
export async function testEditedForm(
  ctx: ConsoleContext,
  saved: ConnectionProfile,
  form: ConnectionForm,
): Promise<FormTestView> {
  const stored = await (await ctx.vault()).get(saved.name);
  const errors = await connectionFormErrors(form, stored);
  if (Object.keys(errors).length > 0) {
    return {
      tested: false,
      errors,
      notice: { ok: false, text: 'Not tested and not saved: fix the fields marked below.' },
    };
  }
  const profile = profileFromForm(form);
  const secrets = secretsOf(stored, form);
  const settings = settingsKey(profile, secrets);
  const unsaved = settings !== savedSettingsKey(saved, stored);
  const outcome: TestOutcome = { ...(await runTest(ctx, profile, secrets, unsaved)), settings };
  ctx.status.recordTest(saved.name, outcome);
  const notice = hasTypedSecrets(form)
    ? {
        ok: false,
        text: 'The secrets you set were used for this test but are never sent back: set them again before you Save.',
      }
    : undefined;
  return { tested: true, outcome, note: unsaved ? 'unsaved' : undefined, notice };
}

/** The list's Test button: the saved settings, recorded for the editor and the list to show. */
export async function testSavedConnection(ctx: ConsoleContext, saved: ConnectionProfile): Promise<void> {
  const stored = await (await ctx.vault()).get(saved.name);
  const outcome = await runTest(ctx, saved, secretsOf(stored));
  ctx.status.recordTest(saved.name, { ...outcome, settings: savedSettingsKey(saved, stored) });
}
