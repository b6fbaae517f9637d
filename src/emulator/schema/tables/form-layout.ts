import type { TableDef } from '../types.js';
import { bool, int, ref, str } from './field-builders.js';

const ADMIN_ONLY: readonly string[] = [];

/**
 * Form layouts (reference: sys_ui_view, sys_ui_section, sys_ui_element). A section belongs to a table (`name`)
 * and a view; its elements are fields, split markers (`.begin_split`, `.split`, `.end_split`) or formatters,
 * in `position` order. Every signed-in user reads them (forms need them); only admin changes them.
 */
export const FORM_LAYOUT_TABLES: readonly TableDef[] = [
  {
    name: 'sys_ui_view',
    label: 'View',
    writeRoles: ADMIN_ONLY,
    fields: [str('name', 'Name', { maxLength: 40 }), str('title', 'Title', { maxLength: 80, display: true })],
  },
  {
    name: 'sys_ui_section',
    label: 'Form Section',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Table', { maxLength: 80 }),
      ref('view', 'View', 'sys_ui_view'),
      str('caption', 'Caption', { maxLength: 80, display: true }),
      bool('header', 'Header'),
      bool('title', 'Title'),
    ],
  },
  {
    name: 'sys_ui_element',
    label: 'Section Element',
    writeRoles: ADMIN_ONLY,
    fields: [
      ref('sys_ui_section', 'Section', 'sys_ui_section'),
      str('element', 'Element', { maxLength: 80, display: true }),
      int('position', 'Position'),
      str('type', 'Type', { maxLength: 40 }),
    ],
  },
];
