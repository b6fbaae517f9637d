// nowrest console behaviour. Loaded as a file (the CSP forbids inline script). Every page works without
// it except Generate, which needs a popup; this adds tabs, dialogs, confirmations and the OAuth popup.
// @ts-check — type-checked by `tsc -p tsconfig.json` (allowJs; DOM lib) and linted; types come from JSDoc.
'use strict';
document.documentElement.classList.add('js');

/**
 * The element with this id when it is of the given type, else null.
 * @template {Element} T
 * @param {string} id
 * @param {{ new (): T; prototype: T }} type
 * @returns {T | null}
 */
function byId(id, type) {
  const el = document.getElementById(id);
  return el instanceof type ? el : null;
}

/**
 * The first element under `root` matching `selector` when it is of the given type, else null.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{ new (): T; prototype: T }} type
 * @returns {T | null}
 */
function find(root, selector, type) {
  const el = root.querySelector(selector);
  return el instanceof type ? el : null;
}

/**
 * Every element under `root` matching `selector` that is of the given type.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{ new (): T; prototype: T }} type
 * @returns {T[]}
 */
function findAll(root, selector, type) {
  return Array.from(root.querySelectorAll(selector)).filter(/** @returns {el is T} */ (el) => el instanceof type);
}

/**
 * The response body as JSON, typed unknown so each caller names the shape it expects.
 * @param {Response} res
 * @returns {Promise<unknown>}
 */
const jsonOf = (res) => res.json();

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err));

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return (meta && meta.getAttribute('content')) || '';
}

function setupTabs() {
  document.querySelectorAll('[role=tablist]').forEach((list) => {
    const tabs = findAll(list, '[role=tab]', HTMLElement);
    /** @param {HTMLElement} tab @param {boolean} focus */
    const select = (tab, focus) => {
      tabs.forEach((t) => {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
        const panel = document.getElementById(t.getAttribute('aria-controls') || '');
        if (panel) panel.hidden = !on;
      });
      if (focus) tab.focus();
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => select(tab, false));
      tab.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
          if (next) select(next, true);
        }
      });
    });
    const initial = tabs.find((t) => t.getAttribute('aria-selected') === 'true') || tabs[0];
    if (initial) select(initial, false);
  });
}

function setupSecretDialogs() {
  findAll(document, 'dialog.secret-dialog', HTMLDialogElement).forEach((dialog) => {
    const input =
      find(dialog, 'input[type=password]', HTMLInputElement) || find(dialog, 'textarea', HTMLTextAreaElement);
    if (!input) return;
    const state = document.querySelector(`[data-secret-state="${input.id}"]`);
    // What was there when the dialog opened: Cancel and Escape put it back, so a secret applied earlier is kept
    // and a half-typed one is dropped.
    let opened = { value: '', label: state ? state.textContent : '' };
    document.querySelectorAll(`[data-open-dialog="${dialog.id}"]`).forEach((button) => {
      button.addEventListener('click', () => {
        opened = { value: input.value, label: state ? state.textContent : '' };
        dialog.showModal();
      });
    });
    const restore = () => {
      input.value = opened.value;
      if (state) state.textContent = opened.label;
    };
    const apply = () => {
      if (state && input.value !== '') state.textContent = 'set (press Save to keep it)';
      dialog.close();
    };
    dialog.querySelector('[data-dialog-apply]')?.addEventListener('click', apply);
    dialog.querySelector('[data-dialog-cancel]')?.addEventListener('click', () => {
      restore();
      dialog.close();
    });
    // Escape closes a modal dialog natively; treat it like Cancel.
    dialog.addEventListener('cancel', restore);
    // Enter inside the dialog applies the secret instead of submitting the whole editor form (a textarea
    // holding a PEM key needs its Enter for new lines).
    input.addEventListener('keydown', (e) => {
      if (e instanceof KeyboardEvent && e.key === 'Enter' && input.tagName !== 'TEXTAREA') {
        e.preventDefault();
        apply();
      }
    });
  });
}

function setupConfirmations() {
  document.querySelectorAll('form[data-confirm]').forEach((form) => {
    form.addEventListener('submit', (e) => {
      if (!window.confirm(form.getAttribute('data-confirm') || '')) e.preventDefault();
    });
  });
}

function setupAuthType() {
  const select = byId('auth', HTMLSelectElement);
  if (!select) return;
  const apply = () => {
    findAll(document, '[data-required-for]', HTMLElement).forEach((el) => {
      // A space-separated list of auth types, e.g. "oauth2 jwt" for the client id both use.
      const on = (el.getAttribute('data-required-for') || '').split(' ').includes(select.value);
      if (el instanceof HTMLInputElement) el.required = on;
      else el.hidden = !on;
    });
    // Parts that only one flow uses, e.g. Generate and Reset for the Authorization Code flow.
    findAll(document, '[data-shown-for]', HTMLElement).forEach((el) => {
      el.hidden = !(el.getAttribute('data-shown-for') || '').split(' ').includes(select.value);
    });
  };
  select.addEventListener('change', apply);
  apply();
}

function setupOAuthUrls() {
  const base = byId('baseUrl', HTMLInputElement);
  const auth = byId('authUrl', HTMLInputElement);
  const token = byId('tokenUrl', HTMLInputElement);
  if (!base || !auth || !token) return;
  /** @returns {[string, string] | null} */
  const defaults = () => {
    try {
      const origin = new URL(base.value).origin;
      return [`${origin}/oauth_auth.do`, `${origin}/oauth_token.do`];
    } catch {
      return null;
    }
  };
  let previous = defaults();
  base.addEventListener('input', () => {
    const next = defaults();
    if (!next) return;
    // Only overwrite values the user has not edited themselves.
    if (auth.value === '' || (previous && auth.value === previous[0])) auth.value = next[0];
    if (token.value === '' || (previous && token.value === previous[1])) token.value = next[1];
    previous = next;
  });
}

function setupGenerate() {
  const button = byId('generate', HTMLButtonElement);
  const out = document.getElementById('oauth-result');
  if (!button || !out) return;
  const tokenState = document.getElementById('access-token-state');
  /** @param {string} text @param {boolean} ok */
  const show = (text, ok) => {
    out.textContent = text;
    out.className = ok ? 'notice ok' : 'notice bad';
    out.hidden = false;
  };
  button.addEventListener('click', async () => {
    const name = button.getAttribute('data-connection') || '';
    // Open the popup inside the click so popup blockers allow it, then point it at the consent page.
    const popup = window.open('about:blank', 'nowrest-oauth', 'popup,width=560,height=680');
    if (!popup) {
      show('The browser blocked the sign-in window. Allow popups for this page and press Generate again.', false);
      return;
    }
    button.disabled = true;
    try {
      const res = await fetch(`/connections/${encodeURIComponent(name)}/oauth/start`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken() },
      });
      const body = /** @type {{ message: string; authorizeUrl: string; flow: string }} */ (await jsonOf(res));
      if (!res.ok) {
        popup.close();
        show(body.message, false);
        return;
      }
      popup.location.href = body.authorizeUrl;
      show('Waiting for you to sign in and allow access in the popup window…', true);
      const result = await poll(name, body.flow, popup);
      show(result.message, result.state === 'ok');
      if (result.state === 'ok' && tokenState) tokenState.textContent = result.tokenState || '';
    } catch (err) {
      show(`Generate failed: ${messageOf(err)}`, false);
    } finally {
      button.disabled = false;
    }
  });
}

/**
 * Polls the flow's status until it is no longer pending or the popup was closed.
 * @param {string} name
 * @param {string} flow
 * @param {Window} popup
 * @returns {Promise<{ state: string; message: string; tokenState?: string }>}
 */
async function poll(name, flow, popup) {
  const url = `/connections/${encodeURIComponent(name)}/oauth/status?flow=${encodeURIComponent(flow)}`;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const closed = popup.closed;
    const res = await fetch(url);
    const status = /** @type {{ state: string; message: string; tokenState?: string }} */ (await jsonOf(res));
    if (status.state !== 'pending') {
      if (!closed) popup.close();
      return status;
    }
    if (closed) {
      return {
        state: 'error',
        message: 'The sign-in window was closed before access was granted. Press Generate to try again.',
      };
    }
  }
}

// Test Connection on the editor sends the form as it is (unsaved edits and secrets applied in dialogs) and shows
// the result in place, so nothing typed is lost. Without JavaScript the button posts the same form.
function setupTestConnection() {
  const button = byId('test', HTMLButtonElement);
  const form = byId('editor', HTMLFormElement);
  const slot = document.getElementById('test-result-slot');
  if (!button || !form || !slot || !window.fetch) return;
  button.addEventListener('click', async (e) => {
    e.preventDefault();
    const label = button.textContent;
    button.disabled = true;
    button.textContent = 'Testing…';
    try {
      const res = await fetch(button.getAttribute('formaction') || '', {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken(), 'x-nowrest-fragment': '1' },
        body: new FormData(form),
      });
      // Rendered and escaped by the console, like every page.
      slot.innerHTML = await res.text();
    } catch (err) {
      const p = document.createElement('p');
      p.id = 'test-result';
      p.className = 'notice bad';
      p.textContent = `Test Connection could not run: ${messageOf(err)}`;
      slot.replaceChildren(p);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
    const result = document.getElementById('test-result');
    if (result) result.scrollIntoView({ block: 'nearest' });
  });
}

// Reset clears the stored tokens in place, keeping unsaved edits in the form.
function setupReset() {
  const form = byId('reset-form', HTMLFormElement);
  const out = document.getElementById('oauth-result');
  const tokenState = document.getElementById('access-token-state');
  if (!form || !out || !window.fetch) return;
  form.addEventListener('submit', async (e) => {
    if (e.defaultPrevented) return; // the confirmation was declined
    e.preventDefault();
    try {
      const res = await fetch(form.getAttribute('action') || '', {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken(), 'x-nowrest-fragment': '1' },
      });
      const body = /** @type {{ message: string; tokenState?: string }} */ (await jsonOf(res));
      out.textContent = body.message;
      out.className = res.ok ? 'notice ok' : 'notice bad';
      out.hidden = false;
      if (res.ok && tokenState) tokenState.textContent = body.tokenState || '';
    } catch (err) {
      out.textContent = `Reset failed: ${messageOf(err)}`;
      out.className = 'notice bad';
      out.hidden = false;
    }
  });
}

// Attachment upload: sends the file itself as the request body (streamed by the browser and by the console),
// with the CSRF token in a header. Without JavaScript the form posts multipart instead (held in memory, capped).
function setupAttachmentUpload() {
  const form = byId('attachment-upload', HTMLFormElement);
  const input = byId('attachment-file', HTMLInputElement);
  const out = document.getElementById('attachment-upload-status');
  const button = byId('attachment-upload-button', HTMLButtonElement);
  if (!form || !input || !out || !button || !window.fetch) return;
  form.addEventListener('submit', async (e) => {
    const file = input.files && input.files[0];
    if (!file) return;
    e.preventDefault();
    button.disabled = true;
    out.className = 'notice ok';
    out.textContent = `Uploading ${file.name}…`;
    out.hidden = false;
    try {
      // The form's address may carry ?back=…: the streamed upload goes to …/attachments/stream with the same query.
      const target = new URL(form.action);
      target.pathname += '/stream';
      const res = await fetch(target, {
        method: 'POST',
        headers: {
          'x-csrf-token': csrfToken(),
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
        body: file,
      });
      const body = /** @type {{ message: string; redirect: string }} */ (await jsonOf(res));
      if (res.ok) {
        window.location.assign(body.redirect);
        return;
      }
      out.className = 'notice bad';
      out.textContent = body.message;
    } catch (err) {
      out.className = 'notice bad';
      out.textContent = `Upload failed: ${messageOf(err)}`;
    } finally {
      button.disabled = false;
    }
  });
}

// One-time notices (?notice=saved) are shown once: drop them from the address so a reload does not repeat them.
function dropNoticeFromUrl() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('notice')) return;
  url.searchParams.delete('notice');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

// The record page shows date-times in the browser's time zone when the connection user's is not readable; the
// server learns it from this cookie. If the page was drawn before the cookie existed, draw it again once.
function shareTimeZone() {
  let zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return;
  }
  if (zone === '') return;
  const cookie = `nowrest_tz=${encodeURIComponent(zone)}`;
  const had = document.cookie.split('; ').includes(cookie);
  document.cookie = `${cookie}; path=/; SameSite=Strict; max-age=31536000`;
  const stored = document.cookie.split('; ').includes(cookie);
  const note = document.getElementById('time-zone-note');
  // Once only (the cookie was new and is now stored), and as a GET of the same address, never a re-POST.
  if (!had && stored && note && note.dataset.source !== 'user' && note.dataset.zone !== zone) {
    window.location.replace(window.location.href);
  }
}

dropNoticeFromUrl();
shareTimeZone();
setupTabs();
setupSecretDialogs();
setupConfirmations();
setupAuthType();
setupOAuthUrls();
setupGenerate();
setupTestConnection();
setupReset();
setupAttachmentUpload();
