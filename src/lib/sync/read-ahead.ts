/** Iterates `source` with its next item already requested while the caller handles the current one. */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = source.next();
      // Handled here so an abort or error of the read-ahead while the caller writes is not "unhandled";
      // it is still thrown by the `await next` above.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await next.catch(() => undefined);
    await source.return(undefined).catch(() => undefined);
  }
}
