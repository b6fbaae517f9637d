import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** Options for {@link ConnectionError}. */
export interface ConnectionErrorOptions extends ServiceNowErrorOptions {
  /** The low-level code (ENOTFOUND, ECONNREFUSED, UND_ERR_SOCKET, …), when known. */
  readonly systemCode?: string;
  /**
   * True when the request may have reached the server before the connection failed (a reset after sending), so a
   * create may have happened even though no response arrived.
   */
  readonly mayHaveBeenProcessed?: boolean;
}

/** No usable response arrived: DNS, TCP, TLS, a reset, or a body cut short. */
export class ConnectionError extends ServiceNowError {
  readonly systemCode: string | undefined;
  readonly mayHaveBeenProcessed: boolean;

  constructor(message: string, options: ConnectionErrorOptions = {}, code = 'SN_CONNECTION') {
    super(message, code, options);
    this.systemCode = options.systemCode;
    this.mayHaveBeenProcessed = options.mayHaveBeenProcessed ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), systemCode: this.systemCode, mayHaveBeenProcessed: this.mayHaveBeenProcessed };
  }
}

/** A connect, headers, body or overall timeout expired. */
export class TimeoutError extends ConnectionError {
  constructor(message: string, options: ConnectionErrorOptions = {}) {
    super(message, options, 'SN_TIMEOUT');
  }
}
