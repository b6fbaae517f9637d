import type { ServiceNowClient } from '../lib/client.js';
import { query } from '../lib/query.js';
import type { TableRecord } from '../lib/table.js';
import { formatValue, rawValue } from './format-value.js';

/** A run of fields: full width, or side by side in columns (between `.begin_split` and `.end_split`). */
export type LayoutBlock =
  | { readonly kind: 'full'; readonly fields: readonly string[] }
  | { readonly kind: 'columns'; readonly columns: readonly (readonly string[])[] };

/** A form section: its caption ('' for the main section) and blocks of field names in form order. */
export interface LayoutSection {
  readonly caption: string;
  readonly blocks: readonly LayoutBlock[];
}

/** The Default view's form of a table, as the instance's sys_ui_section and sys_ui_element rows describe it. */
export interface FormLayout {
  readonly sections: readonly LayoutSection[];
}

/** The Default view's title (its sys_ui_view name is "NULL"). */
const DEFAULT_VIEW = 'Default view';

/** One sys_ui_element row. */
interface ElementRow {
  readonly section: string;
  readonly element: string;
  readonly position: number;
  readonly type: string;
}

/** Splits a section's elements into blocks at the split markers; formatters are left out. */
export function layoutBlocks(elements: readonly { element: string; type: string }[]): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  let full: string[] = [];
  let columns: string[][] | undefined;
  const flushFull = (): void => {
    if (full.length > 0) blocks.push({ kind: 'full', fields: full });
    full = [];
  };
  const endColumns = (): void => {
    if (columns !== undefined && columns.some((c) => c.length > 0)) blocks.push({ kind: 'columns', columns });
    columns = undefined;
  };
  for (const { element, type } of elements) {
    const marker = element.startsWith('.') ? element : type.startsWith('.') ? type : '';
    if (marker === '.begin_split') {
      flushFull();
      columns = [[]];
    } else if (marker === '.split') {
      if (columns === undefined) {
        // A bare .split: what came before becomes the first column.
        columns = [full];
        full = [];
      }
      columns.push([]);
    } else if (marker === '.end_split') {
      endColumns();
    } else if (marker === '' && type !== 'formatter' && element !== '') {
      (columns === undefined ? full : (columns[columns.length - 1] ?? full)).push(element);
    }
  }
  endColumns();
  flushFull();
  return blocks;
}

/** Orders sections as a form shows them: the main (caption-less) one first, then by caption. */
function bySectionOrder(a: { caption: string }, b: { caption: string }): number {
  if (a.caption === '' || b.caption === '') return a.caption === '' ? -1 : b.caption === '' ? 1 : 0;
  return a.caption.localeCompare(b.caption);
}

/**
 * Reads the Default view form of `table`: its sections (sys_ui_section, name = table) and their elements
 * (sys_ui_element, in position order). Undefined when the table has no Default view form.
 * @throws the library's errors when the layout tables cannot be read (e.g. 403).
 */
export async function readFormLayout(sn: ServiceNowClient, table: string): Promise<FormLayout | undefined> {
  const sectionRows = await sn
    .table('sys_ui_section')
    .list({
      query: query().where('name').is(table),
      fields: ['sys_id', 'caption', 'view'],
      displayValue: 'all',
      excludeReferenceLink: true,
      pageSize: 100,
    })
    .toArray({ max: 500 });
  const sections = sectionRows
    .filter((r) => isDefaultView(r))
    .map((r) => ({ id: rawValue(r['sys_id']), caption: formatValue(r['caption']) }))
    .sort(bySectionOrder);
  if (sections.length === 0) return undefined;
  const elements = await readElements(
    sn,
    sections.map((s) => s.id),
  );
  return {
    sections: sections.map((s) => ({
      caption: s.caption,
      blocks: layoutBlocks(elements.filter((e) => e.section === s.id).sort((a, b) => a.position - b.position)),
    })),
  };
}

function isDefaultView(row: TableRecord): boolean {
  const view = row['view'];
  return rawValue(view) === '' || formatValue(view) === DEFAULT_VIEW;
}

async function readElements(sn: ServiceNowClient, sectionIds: readonly string[]): Promise<ElementRow[]> {
  const rows = await sn
    .table('sys_ui_element')
    .list({
      query: query().where('sys_ui_section').in(sectionIds).orderBy('position'),
      fields: ['sys_ui_section', 'element', 'position', 'type'],
      excludeReferenceLink: true,
      pageSize: 1000,
    })
    .toArray({ max: 5000 });
  return rows.map((r) => ({
    section: rawValue(r['sys_ui_section']),
    element: rawValue(r['element']),
    position: Number(rawValue(r['position'])) || 0,
    type: rawValue(r['type']),
  }));
}
