import { html, type SafeHtml } from '../html.js';

/**
 * The page the instance redirects the popup to. It is served without a session (a real instance is another
 * site, so the SameSite=Strict cookie is not sent), therefore it carries no CSRF token and no data.
 */
export function callbackPage(ok: boolean, message: string): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${ok ? 'Access token received' : 'Sign-in failed'} · nowrest console</title>
        <link rel="stylesheet" href="/static/console.css" />
      </head>
      <body>
        <main>
          <h1>${ok ? 'Access token received' : 'Sign-in failed'}</h1>
          <p class="notice ${ok ? 'ok' : 'bad'}" role="status" id="callback-message">${message}</p>
          <p class="muted">You can close this window and return to the console.</p>
        </main>
      </body>
    </html>`;
}
