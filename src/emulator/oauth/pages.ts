/**
 * The HTML the authorize flow shows: a login form, the Allow/Deny consent page and error pages, styled like a
 * product's sign-in. Plain, labelled forms (so a test or a screen reader can drive them); every echoed value is
 * escaped.
 */
import { LOGO_SVG, PAGE_STYLE } from './page-style.js';

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const layout = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · nowrest emulator</title>
<style>${PAGE_STYLE}</style></head>
<body>
<div class="brand">${LOGO_SVG}<div>nowrest emulator<small>ServiceNow instance emulator</small></div></div>
<main class="card">
${body}
</main>
<footer>An emulated instance for development and tests, not a ServiceNow login.</footer>
</body></html>`;

const hidden = (name: string, value: string): string =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

const errorNotice = (message: string | undefined): string =>
  message === undefined ? '' : `<p class="error" role="alert">${escapeHtml(message)}</p>`;

/** What a scope lets an application do, for the consent page; unknown scopes are listed as they are. */
const SCOPE_TEXT: Readonly<Record<string, string>> = {
  useraccount: 'Read and change the records your account can, through the REST APIs, as you.',
};

/** The scopes of a request (space-separated), each once. */
export function scopeList(scope: string): string[] {
  return [...new Set(scope.split(/\s+/).filter((s) => s !== ''))];
}

/** The login page; posts to /login.do and returns to the authorize URL afterwards. */
export function loginPage(options: { nonce: string; returnTo: string; error?: string; appName?: string }): string {
  const lead =
    options.appName === undefined
      ? 'Sign in with your instance account.'
      : `Sign in to continue to <strong>${escapeHtml(options.appName)}</strong>.`;
  return layout(
    'Log in',
    `<h1>Log in</h1>
<p class="lead">${lead}</p>
${errorNotice(options.error)}
<form method="post" action="/login.do">
${hidden('sysparm_nonce', options.nonce)}
${hidden('return_to', options.returnTo)}
<label for="user_name">User name</label>
<input type="text" id="user_name" name="user_name" autocomplete="username" autofocus required>
<label for="user_password">Password</label>
<input type="password" id="user_password" name="user_password" autocomplete="current-password" required>
<button type="submit" class="primary full">Log in</button>
</form>`,
  );
}

/** The consent page: the app, the account, the scopes asked for, and Allow and Deny (each a form with the nonce). */
export function consentPage(options: {
  nonce: string;
  appName: string;
  userName: string;
  scope: string;
  redirectUri?: string;
}): string {
  const form = (action: 'allow' | 'deny', label: string, style: string): string =>
    `<form method="post" action="/oauth_auth.do">
${hidden('sysparm_nonce', options.nonce)}${hidden('action', action)}
<button type="submit" name="${action}" class="${style}">${label}</button>
</form>`;
  const scopes = scopeList(options.scope)
    .map((s) => {
      const text = SCOPE_TEXT[s] ?? 'A scope this instance does not describe; the application asked for it by name.';
      return `<li><code>${escapeHtml(s)}</code><span>${escapeHtml(text)}</span></li>`;
    })
    .join('\n');
  const initial = escapeHtml((options.appName.trim()[0] ?? '?').toUpperCase());
  const back =
    options.redirectUri === undefined
      ? ''
      : `<p class="note">Allow or Deny sends you back to <code>${escapeHtml(new URL(options.redirectUri).origin)}</code>.</p>`;
  return layout(
    'Authorize access',
    `<h1>Authorize access</h1>
<div class="app"><div class="avatar" aria-hidden="true">${initial}</div>
<div><strong id="app-name">${escapeHtml(options.appName)}</strong> would like to connect to your account
<p class="who">Signed in as <strong id="user-name">${escapeHtml(options.userName)}</strong></p></div></div>
<h2>It asks for</h2>
<ul class="scopes" id="scopes">
${scopes}
</ul>
${back}
<div class="actions">
${form('deny', 'Deny', '')}
${form('allow', 'Allow', 'primary')}
</div>`,
  );
}

/** An error page that does not redirect anywhere. */
export function errorPage(message: string): string {
  return layout(
    'OAuth error',
    `<h1>Sign-in stopped</h1>
${errorNotice(message)}
<p class="note">Close this window and start the sign-in again from the application.</p>`,
  );
}
