/**
 * The emulator's transform maps (a fixed, simplified form of sys_transform_map): which staging table feeds
 * which target table, the coalesce field pair, and the field map. Staging values are read as display
 * values (choice labels, reference names), as a transform map with "use source display value" does.
 */
export interface TransformMap {
  /** The transform map's name, as reported in the response's `transform_map`. */
  readonly name: string;
  readonly source: string;
  readonly target: string;
  /** Source field whose value finds the target record (through `coalesce.target`). */
  readonly coalesce: { readonly source: string; readonly target: string };
  /** True when a row without a coalesce value is an error rather than an insert. */
  readonly requireCoalesce: boolean;
  /** Source field → target field. Empty source values are not copied (ServiceNow's "copy empty fields" off). */
  readonly fields: Readonly<Record<string, string>>;
  /** Target fields computed from the mapped values (e.g. sys_user.name from first and last name). */
  readonly derive?: (values: Readonly<Record<string, string>>) => Record<string, string>;
}

export const TRANSFORM_MAPS: readonly TransformMap[] = [
  {
    name: 'User',
    source: 'imp_user',
    target: 'sys_user',
    coalesce: { source: 'user_name', target: 'user_name' },
    requireCoalesce: true,
    fields: {
      user_name: 'user_name',
      first_name: 'first_name',
      last_name: 'last_name',
      email: 'email',
      title: 'title',
      department: 'department',
      active: 'active',
    },
    derive: (v) => {
      const name = [v.first_name, v.last_name].filter((s) => s !== undefined && s !== '').join(' ');
      return name === '' ? {} : { name };
    },
  },
  {
    name: 'Incident',
    source: 'u_imp_incident',
    target: 'incident',
    coalesce: { source: 'u_number', target: 'number' },
    requireCoalesce: false,
    fields: {
      u_number: 'number',
      u_short_description: 'short_description',
      u_description: 'description',
      u_caller: 'caller_id',
      u_category: 'category',
      u_urgency: 'urgency',
      u_impact: 'impact',
      u_state: 'state',
      u_assignment_group: 'assignment_group',
    },
  },
];

/** The transform map of a staging table, if it has one. */
export function transformMapFor(staging: string): TransformMap | undefined {
  return TRANSFORM_MAPS.find((m) => m.source === staging);
}
