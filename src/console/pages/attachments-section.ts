import type { AttachmentMetadata } from '../../lib/attachments/attachment-metadata.js';
import { backSuffix } from '../back-link.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './layout.js';

/** The attachments of a record as the record page shows them: the list, or why it could not be read. */
export type AttachmentsView = readonly AttachmentMetadata[] | { readonly error: string };

/** Largest multipart (no-JavaScript) upload the console forwards: that path holds the file in memory. */
export const CONSOLE_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

function size(bytes: number): string {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The Attachments section of a record page: one row per file with a download link (streamed through the
 * console) and a Delete button, plus a CSRF-protected multipart upload form. `back` (see back-link.ts) rides
 * along on the forms so the record page after an upload or delete still leads back to the same query.
 */
export function attachmentsSection(csrfToken: string, recordPath: string, view: AttachmentsView, back = ''): SafeHtml {
  const keep = backSuffix(back);
  const list =
    'error' in view
      ? html`<p class="notice bad" id="attachments-error">Attachments could not be listed: ${view.error}</p>`
      : view.length === 0
        ? html`<p class="muted" id="attachments-empty">No attachments.</p>`
        : html`<table id="attachments">
            <thead>
              <tr>
                <th>File</th>
                <th>Type</th>
                <th>Size</th>
                <th>Added</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${view.map(
                (a) =>
                  html`<tr data-attachment="${a.sysId}">
                    <td>
                      <a href="${recordPath}/attachments/${encodeURIComponent(a.sysId)}" download="${a.fileName}"
                        >${a.fileName}</a
                      >
                    </td>
                    <td>${a.contentType}</td>
                    <td>${size(a.sizeBytes)}</td>
                    <td>${a.createdOn} ${a.createdBy}</td>
                    <td>
                      <form
                        method="post"
                        action="${recordPath}/attachments/${encodeURIComponent(a.sysId)}/delete${keep}"
                        data-confirm="Delete the attachment ${a.fileName} from the instance?"
                      >
                        ${csrfField(csrfToken)}<button type="submit" class="danger">Delete</button>
                      </form>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`;
  return html`<section id="attachments-section">
    <h2>Attachments</h2>
    ${list}
    <form method="post" action="${recordPath}/attachments${keep}" enctype="multipart/form-data" id="attachment-upload">
      ${csrfField(csrfToken)}
      <label for="attachment-file">Add a file</label>
      <input type="file" id="attachment-file" name="file" required />
      <button type="submit" id="attachment-upload-button">Upload</button>
      <p class="hint">Streamed to the instance; without JavaScript, files up to ${size(CONSOLE_UPLOAD_LIMIT_BYTES)}.</p>
      <p id="attachment-upload-status" role="status" hidden></p>
    </form>
  </section>`;
}
