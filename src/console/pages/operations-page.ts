import { html, type SafeHtml } from '../html.js';
import type { FieldInfo, TableInfo } from '../../lib/schema/schema-types.js';
import type { TableRecord } from '../../lib/table.js';
import { formatValue } from '../format-value.js';
import { OPERATORS, type FilterRow, type OperationsRequest } from '../operations-query.js';
import { layout } from './layout.js';
import { backSuffix } from '../back-link.js';

/** What the Operations page shows besides the form. */
export interface OperationsView {
  readonly connection: string;
  readonly request: OperationsRequest;
  readonly tables: readonly TableInfo[];
  readonly fields: readonly FieldInfo[];
  readonly notice?: { readonly ok: boolean; readonly text: string } | undefined;
  /** Things to know that do not stop the page: no schema access, conditions on unknown fields. */
  readonly warnings?: readonly string[];
  readonly result?:
    | {
        readonly query: string;
        readonly records: readonly TableRecord[];
        readonly columns: readonly string[];
        readonly totalCount: number | undefined;
        readonly hasNext: boolean;
        readonly cli: string;
        readonly snippet: string;
      }
    | undefined;
}

function filterRow(row: FilterRow | undefined, i: number): SafeHtml {
  const join = row?.join ?? 'and';
  const op = row?.op ?? 'is';
  const n = i + 1;
  return html`<tr>
    <td>
      ${
        i === 0
          ? html`<input type="hidden" name="join" value="and" /><span class="muted">where</span>`
          : html`<label class="visually-hidden" for="join-${n}">Join condition ${n}</label
              ><select id="join-${n}" name="join">
                <option value="and" ${join === 'and' ? html` selected` : ''}>AND</option>
                <option value="or" ${join === 'or' ? html` selected` : ''}>OR</option>
              </select>`
      }
    </td>
    <td>
      <label class="visually-hidden" for="f_field-${n}">Field of condition ${n}</label
      ><input id="f_field-${n}" name="f_field" list="field-names" value="${row?.field ?? ''}" autocomplete="off" />
    </td>
    <td>
      <label class="visually-hidden" for="f_op-${n}">Operator of condition ${n}</label
      ><select id="f_op-${n}" name="f_op">
        ${Object.entries(OPERATORS).map(([key, label]) => html`<option value="${key}" ${key === op ? html` selected` : ''}>${label}</option>`)}
      </select>
    </td>
    <td>
      <label class="visually-hidden" for="f_value-${n}">Value of condition ${n}</label
      ><input id="f_value-${n}" name="f_value" value="${row?.value ?? ''}" autocomplete="off" />
    </td>
  </tr>`;
}

function pageLink(view: OperationsView, page: number): string {
  const r = view.request;
  const params = new URLSearchParams({
    table: r.table,
    run: '1',
    page: String(page),
    size: String(r.pageSize),
    display: r.displayValue,
  });
  for (const f of r.fields) params.append('fields', f);
  for (const row of r.filters) {
    params.append('join', row.join);
    params.append('f_field', row.field);
    params.append('f_op', row.op);
    params.append('f_value', row.value);
  }
  if (r.sortField !== '') params.set('sort', r.sortField);
  if (r.sortDir === 'desc') params.set('dir', 'desc');
  if (r.encoded !== '') params.set('encoded', r.encoded);
  return `/connections/${encodeURIComponent(view.connection)}/operations?${params.toString()}`;
}

function results(view: OperationsView): SafeHtml {
  const res = view.result;
  if (res === undefined) return html``;
  const r = view.request;
  const base = `/connections/${encodeURIComponent(view.connection)}/tables/${encodeURIComponent(r.table)}`;
  // Record pages carry this query so Back and Delete return to this page of results.
  const back = pageLink(view, r.page).split('?')[1] ?? '';
  const first = (r.page - 1) * r.pageSize + 1;
  const last = first + res.records.length - 1;
  const range =
    res.records.length === 0
      ? 'No records match.'
      : `Records ${first}–${last}${res.totalCount === undefined ? '' : ` of ${res.totalCount}`} (page ${r.page})`;
  const pager = html`<nav class="pager" aria-label="Result pages">
    ${r.page > 1 ? html`<a class="button" href="${pageLink(view, r.page - 1)}" rel="prev" id="prev-page">Previous</a>` : ''}
    <span id="result-range" role="status">${range}</span>
    ${res.hasNext ? html`<a class="button" href="${pageLink(view, r.page + 1)}" rel="next" id="next-page">Next</a>` : ''}
  </nav>`;
  return html`<section aria-labelledby="results-title">
    <h2 id="results-title">Results</h2>
    <p class="muted">Encoded query: <code id="encoded-query">${res.query === '' ? '(none)' : res.query}</code></p>
    ${pager}
    ${
      res.records.length === 0
        ? ''
        : html`<div class="scroll">
            <table id="results">
              <thead>
                <tr>
                  <th scope="col">Open</th>
                  ${res.columns.map((c) => html`<th scope="col">${c}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${res.records.map((rec) => {
                  const id = formatValue(rec['sys_id']);
                  return html`<tr>
                    <td>
                      ${id === '' ? '' : html`<a href="${base}/records/${encodeURIComponent(typeof rec['sys_id'] === 'object' ? ((rec['sys_id'] as { value?: string }).value ?? id) : id)}${backSuffix(back)}">Open</a>`}
                    </td>
                    ${res.columns.map((c) => html`<td>${formatValue(rec[c])}</td>`)}
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }
    <h2>Equivalent command and code</h2>
    <p><label for="cli-command">CLI</label></p>
    <pre id="cli-command" tabindex="0">${res.cli}</pre>
    <p><label for="lib-snippet">Library (TypeScript)</label></p>
    <pre id="lib-snippet" tabindex="0">${res.snippet}</pre>
  </section>`;
}

/** One labelled row of the form: label, control and hint. */
function fieldRow(id: string, label: string, control: SafeHtml, hint: string): SafeHtml {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <div>${control}</div>
    <div class="hint">${hint}</div>
  </div>`;
}

/** The Operations page: pick a table and fields, build filters and sorts, run, page, open records. */
export function operationsPage(csrfToken: string, view: OperationsView): SafeHtml {
  const r = view.request;
  const rows = [...r.filters, undefined];
  const fieldNames = view.fields.map((f) => f.name);
  const path = `/connections/${encodeURIComponent(view.connection)}`;
  const warnings = view.warnings ?? [];
  const body = html` ${view.notice === undefined ? '' : html`<p class="notice ${view.notice.ok ? 'ok' : 'bad'}" role="status" id="operations-notice">${view.notice.text}</p>`}
    ${warnings.length === 0 ? '' : html`<div class="notice warn" role="status" id="operations-warnings">${warnings.map((w) => html`<p>${w}</p>`)}</div>`}
    <form method="get" action="${path}/operations" id="operations">
      <fieldset>
        <legend>Table and fields</legend>
        ${fieldRow(
          'table',
          'Table',
          html`<input
            id="table"
            name="table"
            list="table-names"
            value="${r.table}"
            placeholder="incident"
            autocomplete="off"
            required
          />`,
          "Type to search the instance's tables (from sys_db_object). Press Load fields after choosing one.",
        )}
        <datalist id="table-names">
          ${view.tables.map((t) => html`<option value="${t.name}">${t.label}</option>`)}
        </datalist>
        <datalist id="field-names">
          ${view.fields.map((f) => html`<option value="${f.name}">${f.label}</option>`)}
        </datalist>
        ${
          fieldNames.length > 0
            ? fieldRow(
                'fields',
                'Fields',
                html`<select id="fields" name="fields" multiple size="8">
                  ${view.fields.map((f) => html`<option value="${f.name}" ${r.fields.includes(f.name) ? html` selected` : ''}>${f.label} (${f.name})</option>`)}
                </select>`,
                'Ctrl/Cmd-click to pick several; none picked means all fields.',
              )
            : fieldRow(
                'fields',
                'Fields',
                html`<input
                  id="fields"
                  name="fields"
                  value="${r.fields.join(',')}"
                  placeholder="number,short_description"
                />`,
                'Comma-separated; empty means all fields.',
              )
        }
        <div class="buttons">
          <button type="submit" name="load" value="1">Load fields</button
          >${r.table === '' ? '' : html`<a class="button" href="${path}/tables/${encodeURIComponent(r.table)}/new">New ${r.table} record</a>`}
        </div>
      </fieldset>
      <fieldset>
        <legend>Conditions</legend>
        <table class="filters">
          <thead>
            <tr>
              <th scope="col">Join</th>
              <th scope="col">Field</th>
              <th scope="col">Operator</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((row, i) => filterRow(row, i))}
          </tbody>
        </table>
        <p class="muted">
          Fill the empty row and Run to add another condition. OR binds to the condition before it, as in ServiceNow.
        </p>
        <div class="field">
          <label for="encoded">Or an encoded query</label>
          <div>
            <input
              id="encoded"
              name="encoded"
              value="${r.encoded}"
              placeholder="active=true^priority<=2"
              autocomplete="off"
              spellcheck="false"
            />
          </div>
          <div class="hint">When filled, it replaces the conditions above.</div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Sort and display</legend>
        <div class="field">
          <label for="sort">Sort by</label>
          <div><input id="sort" name="sort" list="field-names" value="${r.sortField}" autocomplete="off" /></div>
        </div>
        <div class="field">
          <label for="dir">Direction</label>
          <div>
            <select id="dir" name="dir">
              <option value="asc" ${r.sortDir === 'asc' ? html` selected` : ''}>Ascending</option>
              <option value="desc" ${r.sortDir === 'desc' ? html` selected` : ''}>Descending</option>
            </select>
          </div>
        </div>
        <div class="field">
          <label for="display">Display values</label>
          <div>
            <select id="display" name="display">
              <option value="false" ${r.displayValue === 'false' ? html` selected` : ''}>Raw values (false)</option>
              <option value="true" ${r.displayValue === 'true' ? html` selected` : ''}>Display values (true)</option>
              <option value="all" ${r.displayValue === 'all' ? html` selected` : ''}>Both (all)</option>
            </select>
          </div>
        </div>
        <div class="field">
          <label for="size">Page size</label>
          <div><input id="size" name="size" type="number" min="1" max="500" value="${String(r.pageSize)}" /></div>
        </div>
      </fieldset>
      <div class="buttons"><button type="submit" class="primary" name="run" value="1" id="run">Run</button></div>
    </form>
    ${results(view)}`;
  return layout({
    title: `Operations on ${view.connection}`,
    csrfToken,
    body,
    crumbs: [
      [view.connection, `${path}/edit`],
      ['Operations', `${path}/operations`],
    ],
  });
}
