import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

/**
 * undici, imported on first use rather than at `import('nowrest')`: loading it is most of the library's import
 * cost (ADR 0009), and a program that only builds queries or reads config never pays it. Every request path
 * awaits this before it sends.
 */
export async function loadUndici(): Promise<typeof Undici> {
  loaded ??= await import('undici');
  return loaded;
}

/** undici once a request path has awaited {@link loadUndici} (dispatchers are built on their first request). */
export function loadedUndici(): typeof Undici {
  if (loaded === undefined) throw new Error('undici is used before loadUndici() resolved');
  return loaded;
}
