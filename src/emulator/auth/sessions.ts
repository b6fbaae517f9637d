import { randomBytes } from 'node:crypto';
import type { Caller } from './caller.js';

/** Idle lifetime of a session: glide_session_store's Max-Age on an instance (reference §1.5). */
export const SESSION_IDLE_SECONDS = 1800;

/**
 * Bound on live sessions. Clients that never send cookies back (the nowrest library, curl) open a session per
 * request, as on an instance; the oldest are dropped first, so such traffic cannot grow memory.
 */
const MAX_SESSIONS = 5000;

/** One user session: who it is, when it was last used and the tail of its queue of requests. */
export interface Session {
  readonly id: string;
  readonly storeId: string;
  readonly caller: Caller;
  lastUsed: number;
  /** Settles when the session's latest request has finished; the next one waits for it. */
  tail: Promise<void>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

/**
 * The emulator's user sessions, keyed by JSESSIONID. A request that brings a live session's cookie is served
 * on that session without authenticating again, and the requests of one session run one at a time, as an
 * instance's session lock makes them.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  /** Opens a session for an authenticated caller. */
  open(caller: Caller, now: number): Session {
    if (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    const session: Session = { id: hex(16), storeId: hex(16), caller, lastUsed: now, tail: Promise.resolve() };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session a Cookie header names (JSESSIONID), or undefined; an idle-expired one is dropped. */
  find(cookieHeader: string | undefined, now: number): Session | undefined {
    if (cookieHeader === undefined || !cookieHeader.includes('JSESSIONID=')) return undefined;
    const id = /(?:^|;\s*)JSESSIONID=([^;\s]+)/.exec(cookieHeader)?.[1];
    const session = id === undefined ? undefined : this.#sessions.get(id);
    if (!session) return undefined;
    if (now - session.lastUsed > SESSION_IDLE_SECONDS * 1000) {
      this.#sessions.delete(session.id);
      return undefined;
    }
    session.lastUsed = now;
    return session;
  }

  /** Runs `work` after the session's earlier requests have finished (one at a time per session). */
  async serialise<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const previous = session.tail;
    let release = (): void => undefined;
    session.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Ends every session (reset, or users and roles changed). */
  clear(): void {
    this.#sessions.clear();
  }
}

/**
 * The Set-Cookie values an instance sends with an API answer: JSESSIONID, glide_user_route,
 * glide_session_store (Max-Age 1800) and the load balancer's BIGipServerpool_* cookie. `Secure` only over https.
 */
export function sessionCookies(session: Session, secure: boolean): string[] {
  // Browsers refuse SameSite=None without Secure, so plain http gets neither.
  const flags = `Path=/; HttpOnly${secure ? '; Secure; SameSite=None' : ''}`;
  return [
    `JSESSIONID=${session.id}; ${flags}`,
    `glide_user_route=glide.${session.storeId.toLowerCase()}; Max-Age=2147483647; ${flags}`,
    `glide_session_store=${session.storeId}; Max-Age=${SESSION_IDLE_SECONDS}; ${flags}`,
    `BIGipServerpool_emulator=2927365642.52542.0000; ${flags}`,
  ];
}
