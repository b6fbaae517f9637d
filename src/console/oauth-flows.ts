import { randomToken } from './security/tokens.js';

/** Where the instance sends the browser back to; a loopback redirect URI (RFC 8252 §7.3). */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

/** Where a Generate attempt stands. */
export type FlowState = 'pending' | 'ok' | 'error';

/** One Generate attempt, from the popup opening to the callback. Kept in memory only. */
export interface OAuthFlow {
  readonly id: string;
  readonly connection: string;
  /** The OAuth `state` sent to the instance; the callback must bring it back unchanged. */
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly createdAt: number;
  status: FlowState;
  message: string;
}

/** The pending and finished Generate attempts of this launch. */
export interface OAuthFlows {
  begin(init: Omit<OAuthFlow, 'id' | 'createdAt' | 'status' | 'message'>): OAuthFlow;
  byId(id: string): OAuthFlow | undefined;
  byState(state: string): OAuthFlow | undefined;
}

// A consent page left open longer than this is abandoned; its state must not be usable afterwards.
const MAX_AGE_MS = 10 * 60 * 1000;

/** Creates the in-memory flow registry. */
export function createOAuthFlows(now: () => number = Date.now): OAuthFlows {
  const flows = new Map<string, OAuthFlow>();
  const prune = (): void => {
    for (const [id, flow] of flows) if (now() - flow.createdAt > MAX_AGE_MS) flows.delete(id);
  };
  return {
    begin: (init) => {
      prune();
      const flow: OAuthFlow = { ...init, id: randomToken(), createdAt: now(), status: 'pending', message: '' };
      flows.set(flow.id, flow);
      return flow;
    },
    byId: (id) => {
      prune();
      return flows.get(id);
    },
    byState: (state) => {
      prune();
      for (const flow of flows.values()) if (flow.state === state) return flow;
      return undefined;
    },
  };
}
