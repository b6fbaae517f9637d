import type { ResolvedTable, SchemaRegistry } from '../schema/types.js';
import type { AliasSource } from './field-path.js';
import type { ScriptContext } from './javascript-value.js';

/** Where a condition is compiled: the table its field paths start from, and under which alias. */
export interface Scope {
  readonly schema: SchemaRegistry;
  readonly table: ResolvedTable;
  readonly alias: string;
  readonly aliases: AliasSource;
  readonly script: ScriptContext;
  /** Text comparisons match case (business-rule filter conditions); lists and the other APIs ignore case. */
  readonly caseSensitive?: boolean;
}
