// Preload (`node --import`) that makes the optional `pg` package unresolvable, as in an install without it:
// a module resolution hook, so the CLI's lazy import meets the same ERR_MODULE_NOT_FOUND a user would.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'pg' || specifier.startsWith('pg/')) {
    const error = new Error("Cannot find package 'pg' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
