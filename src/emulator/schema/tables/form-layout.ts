import type { TableDef } from '../types.js';
import { ADMIN_WRITES } from './access.js';
import { bool, int, ref, str, table } from './field-builders.js';

/**
 * Form layouts (reference: sys_ui_view, sys_ui_section, sys_ui_element). A section belongs to a table (`name`)
 * and a view; its elements are fields, split markers (`.begin_split`, `.split`, `.end_split`) or formatters,
 * in `position` order. Every signed-in user reads them (forms need them); only admin changes them.
 */
export const FORM_LAYOUT_TABLES: readonly TableDef[] = [
  table('sys_ui_view', 'View', ADMIN_WRITES, [
    str('name', 'Name', 40),
    str('title', 'Title', { maxLength: 80, display: true }),
  ]),
  table('sys_ui_section', 'Form Section', ADMIN_WRITES, [
    str('name', 'Table', 80),
    ref('view', 'View', 'sys_ui_view'),
    str('caption', 'Caption', { maxLength: 80, display: true }),
    bool('header', 'Header'),
    bool('title', 'Title'),
  ]),
  table('sys_ui_element', 'Section Element', ADMIN_WRITES, [
    ref('sys_ui_section', 'Section', 'sys_ui_section'),
    str('element', 'Element', { maxLength: 80, display: true }),
    int('position', 'Position'),
    str('type', 'Type', 40),
  ]),
];
