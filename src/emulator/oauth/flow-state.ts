/**
 * The authorize flow's short-lived state, kept in memory per emulator (it never needs to survive a
 * restart): login sessions, pending consent pages (keyed by their CSRF nonce) and authorization codes.
 */
import { randomBytes } from 'node:crypto';

/** A signed-in browser. */
export interface Session {
  readonly userSysId: string;
  readonly userName: string;
  readonly expiresAt: number;
}

/** An authorize request that passed validation, waiting for Allow/Deny. */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly appName: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly state: string;
  readonly codeChallenge?: string;
}

/** What a code is bound to (RFC 6749 §4.1.3 checks, RFC 7636 §4.6). */
export interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly userSysId: string;
  readonly scope: string;
  readonly codeChallenge?: string;
  readonly expiresAt: number;
}

const SESSION_MS = 30 * 60_000;
const CONSENT_MS = 10 * 60_000;
/** Codes live 60 s, the ServiceNow default for authorization codes. */
export const CODE_MS = 60_000;

const random = (): string => randomBytes(24).toString('base64url');

/** The in-memory stores of one emulator. */
export class FlowState {
  readonly #sessions = new Map<string, Session>();
  readonly #pending = new Map<string, { session: string; request: PendingAuthorization; expiresAt: number }>();
  readonly #loginNonces = new Map<string, number>();
  readonly #codes = new Map<string, CodeGrant>();

  constructor(private readonly now: () => number) {}

  createSession(userSysId: string, userName: string): string {
    const id = random();
    this.#sessions.set(id, { userSysId, userName, expiresAt: this.now() + SESSION_MS });
    return id;
  }

  session(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const s = this.#sessions.get(id);
    if (!s || s.expiresAt <= this.now()) return undefined;
    return s;
  }

  /** A nonce for one login form (CSRF): single use. */
  loginNonce(): string {
    this.#sweep();
    const nonce = random();
    this.#loginNonces.set(nonce, this.now() + CONSENT_MS);
    return nonce;
  }

  takeLoginNonce(nonce: string | undefined): boolean {
    if (nonce === undefined) return false;
    const expires = this.#loginNonces.get(nonce);
    this.#loginNonces.delete(nonce);
    return expires !== undefined && expires > this.now();
  }

  /** Remembers a consent page; the nonce goes into its forms. */
  addPending(sessionId: string, request: PendingAuthorization): string {
    this.#sweep();
    const nonce = random();
    this.#pending.set(nonce, { session: sessionId, request, expiresAt: this.now() + CONSENT_MS });
    return nonce;
  }

  /** Takes (single use) the consent for `nonce`, only for the session that saw the page. */
  takePending(nonce: string | undefined, sessionId: string | undefined): PendingAuthorization | undefined {
    if (nonce === undefined) return undefined;
    const entry = this.#pending.get(nonce);
    this.#pending.delete(nonce);
    if (!entry || entry.session !== sessionId || entry.expiresAt <= this.now()) return undefined;
    return entry.request;
  }

  issueCode(grant: Omit<CodeGrant, 'expiresAt'>): string {
    const code = random();
    this.#codes.set(code, { ...grant, expiresAt: this.now() + CODE_MS });
    return code;
  }

  /** Single use: a code is consumed by the first attempt, whether it succeeds or not. */
  takeCode(code: string | undefined): CodeGrant | undefined {
    if (code === undefined) return undefined;
    const grant = this.#codes.get(code);
    this.#codes.delete(code);
    if (!grant || grant.expiresAt <= this.now()) return undefined;
    return grant;
  }

  clear(): void {
    this.#sessions.clear();
    this.#pending.clear();
    this.#loginNonces.clear();
    this.#codes.clear();
  }

  #sweep(): void {
    const now = this.now();
    for (const [k, v] of this.#pending) if (v.expiresAt <= now) this.#pending.delete(k);
    for (const [k, v] of this.#loginNonces) if (v <= now) this.#loginNonces.delete(k);
    for (const [k, v] of this.#codes) if (v.expiresAt <= now) this.#codes.delete(k);
    for (const [k, v] of this.#sessions) if (v.expiresAt <= now) this.#sessions.delete(k);
  }
}
