/** The library version, sent in the User-Agent (`nowrest/<version>`). Kept in step with package.json. */
export const VERSION = '0.1.0';
