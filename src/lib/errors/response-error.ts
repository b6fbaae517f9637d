import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** Options for {@link ResponseError}. */
export interface ResponseErrorOptions extends ServiceNowErrorOptions {
  readonly status?: number;
  readonly contentType?: string;
  /** True when the body was cut short (Content-Length not reached, socket reset mid-body). */
  readonly truncated?: boolean;
}

/**
 * A response arrived but is not a usable ServiceNow API answer: a truncated body, non-JSON, or an HTML page such
 * as a hibernating developer instance's "wake up" page.
 */
export class ResponseError extends ServiceNowError {
  readonly status: number | undefined;
  readonly contentType: string | undefined;
  readonly truncated: boolean;

  constructor(message: string, options: ResponseErrorOptions = {}) {
    super(message, 'SN_BAD_RESPONSE', options);
    this.status = options.status;
    this.contentType = options.contentType;
    this.truncated = options.truncated ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, contentType: this.contentType, truncated: this.truncated };
  }
}
