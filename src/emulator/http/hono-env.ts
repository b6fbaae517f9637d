import type { HttpBindings } from '@hono/node-server';
import type { Caller } from '../auth/caller.js';
import type { Session } from '../auth/sessions.js';

/** Hono environment of the emulator app: the raw Node objects (used only for faults) the caller and its session. */
export interface EmulatorEnv {
  Bindings: HttpBindings;
  /** shuffleTies: set by the 'shuffle-ties' fault, read by list plans. */
  Variables: { caller: Caller; session?: Session; sessionWaitMs?: number; shuffleTies?: boolean };
}
