import type { Context, Hono } from 'hono';
import type { ConnectionProfile } from '../../lib/config/connections.js';
import type { TestConnectionReport } from '../../lib/test-connection.js';
import type { ConsoleContext } from '../context.js';
import { withClient } from '../client-factory.js';
import { hasTypedSecrets, profileFromForm, readConnectionForm, withOAuthDefaults } from '../connection-form.js';
import { editorPage, NEW_CONNECTION_TEST_PATH } from '../pages/editor-page.js';
import { testResult, untestedResult } from '../pages/test-result.js';
import { savedSettingsKey, secretsOf, settingsKey, type ConnectionSecrets } from '../settings-key.js';
import type { TestOutcome } from '../status-store.js';
import { connectionFormErrors } from '../connection-form-errors.js';
import { tokensForOtherSettings } from '../token-state.js';
import { editorView } from './editor-view.js';
import { loadProfile } from './load-profile.js';

const STAGE_LABELS: Readonly<Record<string, string>> = {
  url: 'Base URL',
  network: 'Network',
  servicenow: 'ServiceNow REST API',
  authentication: 'Authentication',
  authorization: 'Authorization',
};

/** The editor's script asks for the result alone, to show it without reloading the form. */
export const FRAGMENT_HEADER = 'x-nowrest-fragment';

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

async function runTest(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  secrets: ConnectionSecrets,
  unsaved = false,
): Promise<TestOutcome> {
  const tokens =
    profile.auth === 'oauth2' && profile.name !== UNSAVED_NAME
      ? (await (await ctx.vault()).get(profile.name)).tokens
      : undefined;
  if (profile.auth === 'oauth2' && tokens === undefined) {
    // Without tokens the library can only say "re-authenticate"; say what to press instead.
    return {
      at: new Date(),
      ok: false,
      summary: 'No access token yet',
      stages: [{ name: 'Authentication', ok: false, detail: 'This OAuth 2.0 connection has no access token' }],
      remedy: 'Save, press Generate on the OAuth 2.0 tab, sign in to the instance and choose Allow; then test again.',
    };
  }
  if (tokensForOtherSettings(tokens, profile)) {
    // The settings (typed, or saved since Generate) name another instance, token URL or client ID than the tokens
    // were issued for: the library will not send them. Say so, rather than report a sign-in failure.
    return {
      at: new Date(),
      ok: false,
      summary: 'The stored tokens are for other settings',
      stages: [
        {
          name: 'Authentication',
          ok: false,
          detail: 'The access token was issued for a different instance, token URL or client ID than these settings',
        },
      ],
      remedy: `${unsaved ? 'Save, then press' : 'Press'} Generate on the OAuth 2.0 tab to sign in with these settings; then test again.`,
    };
  }
  try {
    const report = await withClient(ctx, profile, (sn) => sn.testConnection(), secrets);
    return outcomeFromReport(report, new Date());
  } catch (error) {
    // createClient refuses an incomplete or invalid profile before any request: that is the URL stage failing.
    return {
      at: new Date(),
      ok: false,
      summary: ctx.describeError(error),
      stages: [{ name: 'Configuration', ok: false, detail: ctx.describeError(error) }],
      remedy: 'Fix the connection settings above and test again.',
    };
  }
}

/**
 * Test Connection. From the editor it tests what is in the form, without saving it: secrets typed there are used,
 * the others come from the vault (as the original product does). From the list it tests the saved settings.
 */
export function registerTestRoutes(app: Hono, ctx: ConsoleContext): void {
  // The New connection page: the form as typed, before it is saved. Nothing is written: no profile, no secret,
  // no status entry. The name may still be empty; the other fields are checked as Save checks them.
  app.post(NEW_CONNECTION_TEST_PATH, async (c: Context) => {
    const body = await c.req.parseBody();
    const fragment = c.req.header(FRAGMENT_HEADER) === '1';
    const form = withOAuthDefaults(readConnectionForm(body));
    const { name: _name, ...errors } = await connectionFormErrors(form, {});
    if (Object.keys(errors).length > 0) {
      if (fragment) return c.html(untestedResult(errors).toString(), 400);
      const notice = { ok: false, text: 'Not tested: fix the fields marked below.' };
      return c.html(editorPage(ctx.csrfToken, await editorView(ctx, 'new', form, { errors, notice })).toString(), 400);
    }
    const profile = { ...profileFromForm(form), name: UNSAVED_NAME };
    const outcome = await runTest(ctx, profile, secretsOf({}, form), true);
    if (fragment) return c.html(testResult(outcome).toString());
    const typed = hasTypedSecrets(form);
    const notice = typed
      ? { ok: false, text: 'Not saved. The secrets you set were used for this test: set them again before you Save.' }
      : { ok: false, text: 'Not saved: press Save to store this connection.' };
    return c.html(
      editorPage(ctx.csrfToken, { ...(await editorView(ctx, 'new', form, { notice })), lastTest: outcome }).toString(),
    );
  });

  app.post('/connections/:name/test', async (c: Context) => {
    const saved = await loadProfile(ctx, c);
    if (saved instanceof Response) return saved;
    const body = await c.req.parseBody();
    const fragment = c.req.header(FRAGMENT_HEADER) === '1';
    const stored = await (await ctx.vault()).get(saved.name);
    const editPath = `/connections/${encodeURIComponent(saved.name)}/edit`;
    if (typeof body['baseUrl'] !== 'string') {
      // The list's button: the saved settings.
      const secrets = secretsOf(stored);
      const outcome = await runTest(ctx, saved, secrets);
      ctx.status.recordTest(saved.name, { ...outcome, settings: savedSettingsKey(saved, stored) });
      return c.redirect(`${editPath}#test-result`, 303);
    }
    const form = withOAuthDefaults(readConnectionForm(body, saved.name));
    const errors = await connectionFormErrors(form, stored);
    if (Object.keys(errors).length > 0) {
      if (fragment) return c.html(untestedResult(errors).toString(), 400);
      const notice = { ok: false, text: 'Not tested and not saved: fix the fields marked below.' };
      return c.html(editorPage(ctx.csrfToken, await editorView(ctx, 'edit', form, { errors, notice })).toString(), 400);
    }
    const profile = profileFromForm(form);
    const secrets = secretsOf(stored, form);
    const settings = settingsKey(profile, secrets);
    const unsaved = settings !== savedSettingsKey(saved, stored);
    const outcome: TestOutcome = { ...(await runTest(ctx, profile, secrets, unsaved)), settings };
    // Kept with the digest of the settings tested: if they are saved next, the result is current; until then the
    // list and the editor mark it as a test of other settings.
    ctx.status.recordTest(saved.name, outcome);
    if (fragment) return c.html(testResult(outcome, unsaved ? 'unsaved' : undefined).toString());
    // Without the page script the form came here as a whole: show it again, unsaved, with the result.
    const typed = hasTypedSecrets(form);
    const notice = typed
      ? {
          ok: false,
          text: 'The secrets you set were used for this test but are never sent back: set them again before you Save.',
        }
      : undefined;
    return c.html(
      editorPage(ctx.csrfToken, {
        ...(await editorView(ctx, 'edit', form, { notice })),
        lastTest: outcome,
        lastTestNote: unsaved ? 'unsaved' : undefined,
      }).toString(),
    );
  });
}
