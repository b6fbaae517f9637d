import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** The caller's AbortSignal fired. */
export class AbortError extends ServiceNowError {
  constructor(message = 'The request was aborted', options: ServiceNowErrorOptions = {}) {
    super(message, 'SN_ABORTED', options);
  }
}
