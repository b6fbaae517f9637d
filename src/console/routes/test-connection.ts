import type { Hono } from 'hono';
import type { TestConnectionReport } from '../../lib/test-connection.js';
import type { ConsoleContext } from '../context.js';
import { withClient } from '../client-factory.js';
import type { TestOutcome } from '../status-store.js';
import { loadProfile } from './load-profile.js';

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
      detail: s.status === 'skipped' ? 'skipped' : s.detail === undefined ? s.summary : `${s.summary} (${s.detail})`,
    })),
    ...(failed?.remedy === undefined ? {} : { remedy: failed.remedy }),
  };
}

/** Test Connection: runs the library's staged diagnosis and shows it in the editor. */
export function registerTestRoutes(app: Hono, ctx: ConsoleContext): void {
  app.post('/connections/:name/test', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    let outcome: TestOutcome;
    const tokens = profile.auth === 'oauth2' ? (await (await ctx.vault()).get(profile.name)).tokens : undefined;
    if (profile.auth === 'oauth2' && tokens === undefined) {
      // Without tokens the library can only say "re-authenticate"; say what to press instead.
      ctx.status.recordTest(profile.name, {
        at: new Date(),
        ok: false,
        summary: 'No access token yet',
        stages: [{ name: 'Authentication', ok: false, detail: 'This OAuth 2.0 connection has no access token' }],
        remedy: 'Press Generate on the OAuth 2.0 tab, sign in to the instance and choose Allow; then test again.',
      });
      return c.redirect(`/connections/${encodeURIComponent(profile.name)}/edit#test-result`, 303);
    }
    try {
      const report = await withClient(ctx, profile, (sn) => sn.testConnection());
      outcome = outcomeFromReport(report, new Date());
    } catch (error) {
      // createClient refuses an incomplete or invalid profile before any request: that is the URL stage failing.
      outcome = {
        at: new Date(),
        ok: false,
        summary: ctx.describeError(error),
        stages: [{ name: 'Configuration', ok: false, detail: ctx.describeError(error) }],
        remedy: 'Fix the connection settings above, Save, and test again.',
      };
    }
    ctx.status.recordTest(profile.name, outcome);
    return c.redirect(`/connections/${encodeURIComponent(profile.name)}/edit#test-result`, 303);
  });
}
