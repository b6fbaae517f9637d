/**
 * The HTML the authorize flow shows: a login form, the Allow/Deny consent page and error pages. Plain,
 * labelled forms (so a test or a screen reader can drive them); every echoed value is escaped.
 */

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const layout = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.75rem 0 .25rem}input[type=text],input[type=password]{width:100%;padding:.4rem}
button{margin:1rem .5rem 0 0;padding:.5rem 1.25rem}.error{color:#a00}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;

const hidden = (name: string, value: string): string =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

/** The login page; posts to /login.do and returns to the authorize URL afterwards. */
export function loginPage(options: { nonce: string; returnTo: string; error?: string }): string {
  return layout(
    'Log in',
    `${options.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(options.error)}</p>`}
<form method="post" action="/login.do">
${hidden('sysparm_nonce', options.nonce)}
${hidden('return_to', options.returnTo)}
<label for="user_name">User name</label>
<input type="text" id="user_name" name="user_name" autocomplete="username" required>
<label for="user_password">Password</label>
<input type="password" id="user_password" name="user_password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>`,
  );
}

/** The consent page: Allow and Deny, each a form posting the per-page nonce. */
export function consentPage(options: { nonce: string; appName: string; userName: string; scope: string }): string {
  const form = (action: 'allow' | 'deny', label: string): string =>
    `<form method="post" action="/oauth_auth.do" style="display:inline">
${hidden('sysparm_nonce', options.nonce)}${hidden('action', action)}
<button type="submit" name="${action}">${label}</button>
</form>`;
  return layout(
    'Authorize access',
    `<p><strong>${escapeHtml(options.appName)}</strong> would like to connect to your account
(<strong>${escapeHtml(options.userName)}</strong>) with scope <code>${escapeHtml(options.scope)}</code>.</p>
${form('allow', 'Allow')}
${form('deny', 'Deny')}`,
  );
}

/** An error page that does not redirect anywhere. */
export function errorPage(message: string): string {
  return layout('OAuth error', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
