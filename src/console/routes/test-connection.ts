import type { Context, Hono } from 'hono';
import type { ConnectionForm } from '../connection-form.js';
import { readConnectionForm, withOAuthDefaults } from '../connection-form.js';
import type { ConsoleContext } from '../context.js';
import { editorPage, NEW_CONNECTION_TEST_PATH, type EditorView } from '../pages/editor-page.js';
import { testResult, untestedResult } from '../pages/test-result.js';
import {
  testEditedForm,
  testNewConnectionForm,
  testSavedConnection,
  type FormTestView,
} from '../test-connection-view.js';
import { editorView } from './editor-view.js';
import { loadProfile } from './load-profile.js';

/** The editor's script asks for the result alone, to show it without reloading the form. */
export const FRAGMENT_HEADER = 'x-nowrest-fragment';

/**
 * A form's test result: the result section alone for the page script, or (without it, the form came here as a
 * whole) the editor again, unsaved, with the result or the fields to fix. Untested forms answer 400.
 */
async function renderFormTest(
  c: Context,
  ctx: ConsoleContext,
  mode: EditorView['mode'],
  form: ConnectionForm,
  view: FormTestView,
): Promise<Response> {
  const fragment = c.req.header(FRAGMENT_HEADER) === '1';
  if (!view.tested) {
    if (fragment) return c.html(untestedResult(view.errors).toString(), 400);
    const page = await editorView(ctx, mode, form, { errors: view.errors, notice: view.notice });
    return c.html(editorPage(ctx.csrfToken, page).toString(), 400);
  }
  if (fragment) return c.html(testResult(view.outcome, view.note).toString());
  const page = await editorView(ctx, mode, form, { notice: view.notice });
  return c.html(editorPage(ctx.csrfToken, { ...page, lastTest: view.outcome, lastTestNote: view.note }).toString());
}

/**
 * Test Connection. From the editor it tests what is in the form, without saving it: secrets typed there are used,
 * the others come from the vault (as the original product does). From the list it tests the saved settings.
 */
export function registerTestRoutes(app: Hono, ctx: ConsoleContext): void {
  app.post(NEW_CONNECTION_TEST_PATH, async (c: Context) => {
    const form = withOAuthDefaults(readConnectionForm(await c.req.parseBody()));
    return renderFormTest(c, ctx, 'new', form, await testNewConnectionForm(ctx, form));
  });

  app.post('/connections/:name/test', async (c: Context) => {
    const saved = await loadProfile(ctx, c);
    if (saved instanceof Response) return saved;
    const body = await c.req.parseBody();
    if (typeof body['baseUrl'] !== 'string') {
      // The list's button: the saved settings, shown on the editor.
      await testSavedConnection(ctx, saved);
      return c.redirect(`/connections/${encodeURIComponent(saved.name)}/edit#test-result`, 303);
    }
    const form = withOAuthDefaults(readConnectionForm(body, saved.name));
    return renderFormTest(c, ctx, 'edit', form, await testEditedForm(ctx, saved, form));
  });
}
