import type { Caller } from './caller.js';

/** Bound so a flood of distinct credentials cannot grow memory without limit. */
const MAX_ENTRIES = 1000;

/**
 * Successful Basic verifications keyed by SHA-256 of the Authorization header: scrypt costs tens of
 * milliseconds, which would otherwise cap throughput. Cleared on reset and whenever users or roles change.
 */
export class AuthCache {
  readonly #entries = new Map<string, Caller>();

  get(key: string): Caller | undefined {
    return this.#entries.get(key);
  }

  set(key: string, caller: Caller): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, caller);
  }

  clear(): void {
    this.#entries.clear();
  }
}
