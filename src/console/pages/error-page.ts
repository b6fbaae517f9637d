import { html, type SafeHtml } from '../html.js';
import type { ConsoleContext } from '../context.js';
import { layout } from './layout.js';

/** A plain error page with a way back. */
export function errorPage(ctx: Pick<ConsoleContext, 'csrfToken'>, title: string, message: string): SafeHtml {
  return layout({
    title,
    csrfToken: ctx.csrfToken,
    body: html`<p class="notice bad" role="alert">${message}</p>
      <p><a href="/">Back to connections</a></p>`,
  });
}
