import type { HttpBindings } from '@hono/node-server';
import type { Caller } from '../auth/caller.js';

/** Hono environment of the emulator app: the raw Node objects (used only for faults) and the caller. */
export interface EmulatorEnv {
  Bindings: HttpBindings;
  /** shuffleTies: set by the 'shuffle-ties' fault, read by list plans. */
  Variables: { caller: Caller; shuffleTies?: boolean };
}
