import { html, type HtmlValue, type SafeHtml } from '../html.js';
import { CSRF_FIELD } from '../security/csrf.js';

/** Inputs for {@link layout}. */
export interface LayoutOptions {
  readonly title: string;
  readonly csrfToken: string;
  readonly body: HtmlValue;
  /** Breadcrumb links shown above the title, as [label, href] pairs. */
  readonly crumbs?: readonly (readonly [string, string])[];
}

/** A small inline icon (the CSP allows data: images), so browsers do not ask for /favicon.ico and log a 404. */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23293e40'/%3E%3Ctext x='8' y='12' font-size='10' text-anchor='middle' fill='%2381b5a1' font-family='sans-serif'%3En%3C/text%3E%3C/svg%3E";

/** The page shell: one stylesheet, one deferred script, the CSRF token for scripts, no inline code. */
export function layout(options: LayoutOptions): SafeHtml {
  const crumbs =
    options.crumbs === undefined
      ? ''
      : html`<nav class="crumbs" aria-label="Breadcrumb">
          <a href="/">Connections</a>${options.crumbs.map(([label, href]) => html` › <a href="${href}">${label}</a>`)}
        </nav>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${options.csrfToken}" />
        <title>${options.title} · nowrest console</title>
        <link rel="icon" href="${FAVICON}" />
        <link rel="stylesheet" href="/static/console.css" />
        <script src="/static/console.js" defer></script>
      </head>
      <body>
        <header class="top"><a class="brand" href="/">nowrest console</a></header>
        <main>
          ${crumbs}
          <h1>${options.title}</h1>
          ${options.body}
        </main>
      </body>
    </html>`;
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`;
}

/** An empty POST form that a button elsewhere submits (`form="<id>"`) once the user confirms `question`. */
export function confirmForm(csrfToken: string, action: string, id: string, question: string): SafeHtml {
  return html`<form method="post" action="${action}" id="${id}" data-confirm="${question}">
    ${csrfField(csrfToken)}
  </form>`;
}
