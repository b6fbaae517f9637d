import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';

/**
 * Request line plus headers the emulator reads: 256 KiB, so a query string of 64 KiB and more is served, as
 * instances serve long sysparm_query values (Node's default of 16 KiB would answer 431).
 */
export const MAX_HEADER_BYTES = 256 * 1024;

/** What an instance's Tomcat answers when the request line and headers exceed its limit (KB0826932). */
const TOO_LARGE_PAGE =
  '<!doctype html><html lang="en"><head><title>HTTP Status 400 – Bad Request</title></head><body>' +
  '<h1>HTTP Status 400 – Bad Request</h1><hr class="line" /><p><b>Type</b> Exception Report</p>' +
  '<p><b>Message</b> Request header is too large</p><p><b>Description</b> The server cannot or will not ' +
  'process the request due to something that is perceived to be a client error.</p></body></html>';

/**
 * Beyond {@link MAX_HEADER_BYTES}, answers 400 with an HTML page, as an instance does, instead of Node's bare 431;
 * other malformed requests keep Node's answer.
 */
export function answerOversizedRequestsInHtml(server: EventEmitter): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return;
    if (error.code !== 'HPE_HEADER_OVERFLOW') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const body = Buffer.from(TOO_LARGE_PAGE, 'utf8');
    socket.end(
      'HTTP/1.1 400 Bad Request\r\nContent-Type: text/html;charset=utf-8\r\nContent-Language: en\r\n' +
        `Connection: close\r\nContent-Length: ${body.length}\r\n\r\n${TOO_LARGE_PAGE}`,
    );
  });
}
