import type { Operator } from './operators.js';

/** `<field><OP><value>`: the field path is not resolved yet (that needs the schema). */
export interface ConditionTerm {
  readonly kind: 'condition';
  /** The term as written (after `^^` unescaping), reported verbatim if it turns out invalid. */
  readonly text: string;
  readonly path: string;
  readonly operator: Operator;
  readonly value: string;
}

/** `123TEXTQUERY321=<term>`: search every string field. */
export interface TextQueryTerm {
  readonly kind: 'textquery';
  readonly text: string;
  readonly value: string;
}

/** `RLQUERY<table>.<field>,<op><n>[,m2m]^…^ENDRLQUERY`: a count over related rows. */
export interface RelatedListTerm {
  readonly kind: 'rlquery';
  readonly text: string;
  readonly table: string;
  readonly field: string;
  readonly comparison: '=' | '!=' | '<' | '<=' | '>' | '>=';
  readonly count: number;
  /** The conditions on the related rows (AND of OR-lists; NQ is not allowed inside). */
  readonly clauses: readonly (readonly Term[])[];
}

/** `JOIN<table>.<field>=<joinTable>.<joinField>!<condition>`: rows with a matching row in joinTable. */
export interface JoinTerm {
  readonly kind: 'join';
  readonly text: string;
  readonly table: string;
  readonly field: string;
  readonly joinTable: string;
  readonly joinField: string;
  /** The one condition after `!` on the joined table, if any. */
  readonly condition: Term | undefined;
}

/** A term that cannot be understood at all (unknown operator, malformed construct). */
export interface InvalidTerm {
  readonly kind: 'invalid';
  readonly text: string;
}

export type Term = ConditionTerm | TextQueryTerm | RelatedListTerm | JoinTerm | InvalidTerm;

/** One `^NQ` group: an AND of clauses, each clause an OR of terms (`^OR` binds to its neighbours only). */
export interface QueryGroup {
  readonly clauses: readonly (readonly Term[])[];
}

export interface OrderTerm {
  readonly text: string;
  readonly path: string;
  readonly desc: boolean;
}

export interface ParsedQuery {
  readonly groups: readonly QueryGroup[];
  readonly orderBy: readonly OrderTerm[];
  /** Text that was dropped before the schema was consulted (over the caps, malformed structure). */
  readonly dropped: readonly string[];
}
