import { CHOICES } from './choices.js';
import type { SchemaRegistry } from './types.js';

/** Value→label and label→value lookups per (table, element), resolved up the inheritance chain. */
export interface ChoiceIndex {
  /** The label of a choice value for a field on a table (or an ancestor), or undefined. */
  label(table: string, element: string, value: string): string | undefined;
  /** The value whose label matches (case-insensitively), or undefined. */
  valueOf(table: string, element: string, label: string): string | undefined;
}

/** Builds the in-memory choice index from the choice data (the same data sys_choice is generated from). */
export function createChoiceIndex(schema: SchemaRegistry): ChoiceIndex {
  const labels = new Map<string, Map<string, string>>();
  const values = new Map<string, Map<string, string>>();
  for (const c of CHOICES) {
    const key = `${c.table}.${c.element}`;
    let byValue = labels.get(key);
    if (!byValue) labels.set(key, (byValue = new Map<string, string>()));
    if (!byValue.has(c.value)) byValue.set(c.value, c.label);
    let byLabel = values.get(key);
    if (!byLabel) values.set(key, (byLabel = new Map<string, string>()));
    if (!byLabel.has(c.label.toLowerCase())) byLabel.set(c.label.toLowerCase(), c.value);
  }
  // The nearest table in the chain that has a list for the element wins (incident.state over task.state).
  const resolve = <T>(
    maps: Map<string, Map<string, T>>,
    table: string,
    element: string,
  ): Map<string, T> | undefined => {
    for (const name of schema.table(table)?.chain ?? [table]) {
      const found = maps.get(`${name}.${element}`);
      if (found) return found;
    }
    return undefined;
  };
  return {
    label: (table, element, value) => resolve(labels, table, element)?.get(value),
    valueOf: (table, element, label) => resolve(values, table, element)?.get(label.toLowerCase()),
  };
}
