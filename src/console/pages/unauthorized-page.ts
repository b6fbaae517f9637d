import { html, type SafeHtml } from '../html.js';

/** Shown to any request without the session cookie. It deliberately contains no data and no links. */
export function unauthorizedPage(): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Session required · nowrest console</title>
      </head>
      <body>
        <h1>Session required</h1>
        <p>
          This console only answers to the browser that opened it. Open the URL printed in the terminal where you ran
          <code>nowrest console</code> (it contains <code>?token=…</code>), or restart the console to get a new one.
        </p>
      </body>
    </html>`;
}
