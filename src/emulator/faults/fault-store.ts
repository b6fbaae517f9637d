/** The kinds of fault the control plane can inject. */
export const FAULT_KINDS = [
  'status429',
  'status503',
  'latency',
  'reset',
  'reset-after',
  'truncate',
  'transaction-timeout',
  'hide-rows',
  'shuffle-ties',
  'oversized-row',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault rule as posted to /__emulator/faults. */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** How many matching requests it hits (default 1); ignored when probability is given. */
  readonly count?: number;
  /** Chance (0..1) per matching request, without a count limit. */
  readonly probability?: number;
  /** Pathname prefix the rule applies to; every non-control path when absent. */
  readonly path?: string;
  /** Seconds for Retry-After on 429 (default 1). */
  readonly retryAfter?: number;
  /** Delay for 'latency' (default 100 ms). */
  readonly latencyMs?: number;
  /**
   * For 'hide-rows': the share of rows (0..1, default 0.2) that list answers leave out, chosen by sys_id so
   * the same rows stay hidden on every request, like a row-level read ACL applied after sysparm_limit.
   */
  readonly fraction?: number;
  /**
   * For 'oversized-row': the sys_id of a row too large to serve. Any answer that carries it with more fields than
   * sys_id alone is cut short (as a 'truncate'), whatever the page size; an answer of sys_ids only goes through.
   */
  readonly sysId?: string;
}

/**
 * Kinds that model a lasting property of the instance rather than a one-off failure: without a count or
 * probability they apply to every matching request until cleared, and they combine with any other fault.
 * 'shuffle-ties' breaks ties of a list's order at random on each request (a database does not promise the
 * order of rows that compare equal, so offset pages over a non-unique order can repeat or skip rows).
 */
const LASTING: ReadonlySet<FaultKind> = new Set(['hide-rows', 'shuffle-ties', 'oversized-row']);

interface FaultRule extends FaultSpec {
  remaining: number;
}

/** What the fault middleware should do with one request. */
export interface FaultDecision {
  readonly delayMs: number;
  /** Share of list rows to hide (from 'hide-rows' rules); 0 when none fired. */
  readonly hideFraction: number;
  /** True when a 'shuffle-ties' rule fired: the list orders ties at random. */
  readonly shuffleTies: boolean;
  /** sys_ids of rows too large to serve (from 'oversized-row' rules). */
  readonly oversized: readonly string[];
  /** The one disruptive fault chosen (the first matching rule that fires), if any. */
  readonly fault?: FaultRule;
}

/** Parses and validates a posted fault spec; returns an error message for anything malformed. */
export function parseFaultSpec(input: unknown): FaultSpec | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'body must be a JSON object';
  const o = input as Record<string, unknown>;
  if (typeof o.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(o.kind)) {
    return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  }
  const num = (name: string, min: number, max: number): number | undefined | string => {
    const v = o[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      return `${name} must be a number in ${min}..${max}`;
    return v;
  };
  const count = num('count', 0, 1e9);
  const probability = num('probability', 0, 1);
  const retryAfter = num('retryAfter', 0, 86_400);
  const latencyMs = num('latencyMs', 0, 600_000);
  const fraction = num('fraction', 0, 1);
  for (const v of [count, probability, retryAfter, latencyMs, fraction]) if (typeof v === 'string') return v;
  if (o.path !== undefined && typeof o.path !== 'string') return 'path must be a string';
  if (o.kind === 'oversized-row' && (typeof o.sysId !== 'string' || !/^[0-9a-f]{32}$/.test(o.sysId))) {
    return 'oversized-row needs sysId, a 32-hex sys_id';
  }
  return {
    kind: o.kind as FaultKind,
    ...(typeof count === 'number' ? { count } : {}),
    ...(typeof probability === 'number' ? { probability } : {}),
    ...(typeof o.path === 'string' ? { path: o.path } : {}),
    ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
    ...(typeof latencyMs === 'number' ? { latencyMs } : {}),
    ...(typeof fraction === 'number' ? { fraction } : {}),
    ...(typeof o.sysId === 'string' ? { sysId: o.sysId } : {}),
  };
}

/** The active fault rules, consulted for every non-control request. */
export class FaultStore {
  readonly #rules: FaultRule[] = [];
  readonly #fired = new Map<FaultKind, number>();

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): void {
    // Hidden rows model an ACL, which stays until cleared: without a count or probability it always applies.
    const lasting = LASTING.has(spec.kind) && spec.count === undefined && spec.probability === undefined;
    this.#rules.push({ ...spec, ...(lasting ? { probability: 1 } : {}), remaining: spec.count ?? 1 });
  }

  list(): readonly FaultSpec[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  /** Removes every rule and zeroes the counts of fired faults. */
  clear(): void {
    this.#rules.length = 0;
    this.#fired.clear();
  }

  /** How many requests each kind of fault hit since the last clear (soak runs report these). */
  firedCounts(): Partial<Record<FaultKind, number>> {
    return Object.fromEntries(this.#fired);
  }

  /** Decides the faults for a request path; consumes counts of the rules that fire. */
  decide(pathname: string): FaultDecision {
    let delayMs = 0;
    let hideFraction = 0;
    let shuffleTies = false;
    const oversized: string[] = [];
    let fault: FaultRule | undefined;
    for (const rule of this.#rules) {
      if (rule.path !== undefined && !pathname.startsWith(rule.path)) continue;
      // Latency and hidden rows combine with anything; of the disruptive kinds only the first that fires acts.
      const additive = rule.kind === 'latency' || LASTING.has(rule.kind);
      if (!additive && fault) continue;
      if (!this.#fires(rule)) continue;
      if (rule.kind === 'latency') delayMs += rule.latencyMs ?? 100;
      else if (rule.kind === 'hide-rows') hideFraction = Math.max(hideFraction, rule.fraction ?? 0.2);
      else if (rule.kind === 'shuffle-ties') shuffleTies = true;
      else if (rule.kind === 'oversized-row' && rule.sysId !== undefined) oversized.push(rule.sysId);
      else fault = rule;
    }
    if (fault) this.#fired.set(fault.kind, (this.#fired.get(fault.kind) ?? 0) + 1);
    if (delayMs > 0) this.#fired.set('latency', (this.#fired.get('latency') ?? 0) + 1);
    if (hideFraction > 0) this.#fired.set('hide-rows', (this.#fired.get('hide-rows') ?? 0) + 1);
    if (shuffleTies) this.#fired.set('shuffle-ties', (this.#fired.get('shuffle-ties') ?? 0) + 1);
    for (let i = this.#rules.length - 1; i >= 0; i--) {
      const rule = this.#rules[i];
      if (rule && rule.probability === undefined && rule.remaining <= 0) this.#rules.splice(i, 1);
    }
    const decision = { delayMs, hideFraction, shuffleTies, oversized };
    return fault ? { ...decision, fault } : decision;
  }

  #fires(rule: FaultRule): boolean {
    if (rule.probability !== undefined) return this.random() < rule.probability;
    if (rule.remaining <= 0) return false;
    rule.remaining--;
    return true;
  }
}
