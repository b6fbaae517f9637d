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
  /** By JSESSIONID and by glide_session_store (a client may send back either). */
  readonly #sessions = new Map<string, Session>();

  /** Opens a session for an authenticated caller. */
  open(caller: Caller, now: number): Session {
    if (this.#sessions.size >= MAX_SESSIONS * 2) {
      const oldest = this.#sessions.values().next().value;
      if (oldest !== undefined) this.#drop(oldest);
    }
    const session: Session = { id: hex(16), storeId: hex(16), caller, lastUsed: now, tail: Promise.resolve() };
    this.#sessions.set(session.id, session);
    this.#sessions.set(session.storeId, session);
    return session;
  }

  #drop(session: Session): void {
    this.#sessions.delete(session.id);
    this.#sessions.delete(session.storeId);
  }

  /** The live session a Cookie header names (JSESSIONID or glide_session_store), or undefined. */
  find(cookieHeader: string | undefined, now: number): Session | undefined {
    if (cookieHeader === undefined || cookieHeader === '') return undefined;
    const id = /(?:^|;\s*)(?:JSESSIONID|glide_session_store)=([^;\s]+)/.exec(cookieHeader)?.[1];
    const session = id === undefined ? undefined : this.#sessions.get(id);
    if (!session) return undefined;
    if (now - session.lastUsed > SESSION_IDLE_SECONDS * 1000) {
      this.#drop(session);
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

/** The emulator's node id, as glide_user_route names the application node a client is pinned to. */
const NODE_ROUTE = `glide.${randomBytes(16).toString('hex')}`;

/** Cookie date as Java servlets write it: `Sat, 05-Nov-2022 01:23:43 GMT`. */
const cookieDate = (ms: number): string => new Date(ms).toUTCString().replace(/^(\w+, \d+) (\w+) (\d+)/, '$1-$2-$3');

/**
 * The Set-Cookie values of an instance's API answer (a captured 201 and reference §1.5): expired `glide_user`
 * and `glide_user_session`, the node's `glide_user_route`, `glide_session_store` (Max-Age 1800), `JSESSIONID` and
 * the load balancer's `BIGipServerpool_*`. `Secure; SameSite=None` only over https (browsers refuse SameSite=None
 * without Secure).
 */
export function sessionCookies(session: Session, secure: boolean, now: number): string[] {
  const flags = `Path=/; HttpOnly${secure ? '; SameSite=None; Secure' : ''}`;
  const expired = `Max-Age=0; Expires=Thu, 01-Jan-1970 00:00:10 GMT; ${flags}`;
  return [
    `JSESSIONID=${session.id}; ${flags}`,
    `glide_user=; ${expired}`,
    `glide_user_session=; ${expired}`,
    `glide_user_route=${NODE_ROUTE}; Max-Age=2147483647; Expires=${cookieDate(now + 2147483647 * 1000)}; ${flags}`,
    `glide_session_store=${session.storeId}; Max-Age=${SESSION_IDLE_SECONDS}; Expires=${cookieDate(now + SESSION_IDLE_SECONDS * 1000)}; ${flags}`,
    `BIGipServerpool_emulator=2927365642.52542.0000; ${flags}`,
  ];
}
