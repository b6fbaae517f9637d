import type { Hono } from 'hono';
import type { ConsoleContext } from '../context.js';
import { readOperationsRequest, type OperationsRequest } from '../operations-query.js';
import { operationsView } from '../operations-view.js';
import { operationsPage } from '../pages/operations-page.js';
import { loadProfile } from './load-profile.js';

/** Kept here for callers that import it with the route. */
export { cliCommand } from '../operations-view.js';

const NOTICES: Readonly<Record<string, string>> = {
  deleted: 'Record deleted.',
};

function flatten(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The Operations page: schema browsing, the query form and paged results. */
export function registerOperationRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/connections/:name/operations', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const parsed = readOperationsRequest(
      (n) => c.req.query(n),
      (n) => c.req.queries(n) ?? [],
    );
    const req: OperationsRequest = { ...parsed, fields: flatten(c.req.queries('fields') ?? []) };
    const noticeText = NOTICES[c.req.query('notice') ?? ''];
    const notice = noticeText === undefined ? undefined : { ok: true, text: noticeText };
    const { view, status } = await operationsView(ctx, profile, req, notice);
    return c.html(operationsPage(ctx.csrfToken, view).toString(), status);
  });
}
