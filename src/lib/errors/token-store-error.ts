import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** A token store could not read, decrypt, verify or write its data. */
export class TokenStoreError extends ServiceNowError {
  constructor(message: string, options: ServiceNowErrorOptions = {}) {
    super(message, 'SN_TOKEN_STORE', options);
  }
}
