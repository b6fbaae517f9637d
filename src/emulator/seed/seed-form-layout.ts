import { fixedId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** A section of a seeded form: its caption ('' for the main section) and elements in position order. */
interface SeedSection {
  readonly caption: string;
  readonly elements: readonly string[];
}

/** The Default view (sys_ui_view name "NULL", title "Default view", as on an instance). */
export const DEFAULT_VIEW_ID = fixedId('sys_ui_view:Default view');

/**
 * The incident form of a new instance's Default view, trimmed to the fields the emulator has: two columns in
 * the main section (between .begin_split and .end_split, split at .split), then Notes, Related Records and
 * Resolution Information. `activity.xml` is the activity formatter.
 */
const INCIDENT_FORM: readonly SeedSection[] = [
  {
    caption: '',
    elements: [
      '.begin_split',
      'number',
      'caller_id',
      'category',
      'subcategory',
      'business_service',
      'cmdb_ci',
      '.split',
      'opened_at',
      'contact_type',
      'state',
      'impact',
      'urgency',
      'priority',
      'assignment_group',
      'assigned_to',
      '.end_split',
      'short_description',
      'description',
    ],
  },
  { caption: 'Notes', elements: ['watch_list', 'comments', 'work_notes', 'activity.xml'] },
  { caption: 'Related Records', elements: ['parent', 'problem_id', 'rfc'] },
  { caption: 'Resolution Information', elements: ['close_code', 'resolved_by', 'resolved_at', 'close_notes'] },
];

const FORMS: Readonly<Record<string, readonly SeedSection[]>> = { incident: INCIDENT_FORM };

function elementType(element: string): string {
  if (element.startsWith('.')) return element;
  return element.endsWith('.xml') ? 'formatter' : '';
}

/** The sys_ui_view, sys_ui_section and sys_ui_element rows of the seeded form layouts. */
export function formLayoutRows(): { table: string; row: Row }[] {
  const rows: { table: string; row: Row }[] = [
    { table: 'sys_ui_view', row: { sys_id: DEFAULT_VIEW_ID, name: 'NULL', title: 'Default view' } },
  ];
  for (const [table, sections] of Object.entries(FORMS)) {
    for (const section of sections) {
      const sectionId = fixedId(`sys_ui_section:${table}:${section.caption}`);
      rows.push({
        table: 'sys_ui_section',
        row: {
          sys_id: sectionId,
          name: table,
          view: DEFAULT_VIEW_ID,
          caption: section.caption,
          header: 'false',
          title: section.caption === '' ? 'false' : 'true',
        },
      });
      section.elements.forEach((element, position) =>
        rows.push({
          table: 'sys_ui_element',
          row: {
            sys_id: fixedId(`sys_ui_element:${sectionId}:${position}`),
            sys_ui_section: sectionId,
            element,
            position: String(position),
            type: elementType(element),
          },
        }),
      );
    }
  }
  return rows;
}
