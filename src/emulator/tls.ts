import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CERTIFICATE_MAKER, loadOptionalPeer } from './optional-peer.js';

/** Mutual TLS settings of the emulator (`createEmulator({ tls: { … } })`). */
export interface EmulatorTlsOptions {
  /**
   * Refuse every TLS connection that does not present a client certificate signed by `clientCa` (default
   * true when `clientCa` is given). Without `clientCa`, the emulator makes a client CA and one client
   * certificate, and returns their paths as `clientCertPath` / `clientKeyPath`.
   */
  readonly requireClientCert?: boolean;
  /** PEM of the CA whose client certificates are accepted. */
  readonly clientCa?: string;
}

/** The server certificate and, with mutual TLS, what clients need to connect. */
export interface EmulatorTls {
  readonly key: string;
  readonly cert: string;
  /** PEM file of the server certificate (it is its own CA): the client's `ca`. */
  readonly caPath: string;
  /** A client certificate and key (PEM files) the emulator accepts, when it generated its client CA. */
  readonly clientCertPath?: string;
  readonly clientKeyPath?: string;
  /** Options for node:https createServer. */
  readonly serverOptions: {
    key: string;
    cert: string;
    requestCert?: boolean;
    rejectUnauthorized?: boolean;
    ca?: string;
  };
  dispose(): void;
}

const DAY = 86_400_000;

const loadSelfsigned = () => loadOptionalPeer(CERTIFICATE_MAKER, () => import('selfsigned'));

/** What every certificate here has: a 2048-bit RSA key, SHA-256, valid from a day ago for a year. */
function certificateBasics(now: Date) {
  return {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY),
    notAfterDate: new Date(now.getTime() + 365 * DAY),
  } as const;
}

/** A client CA and one client certificate it signed (extendedKeyUsage clientAuth). */
async function clientPki(now: Date): Promise<{ caCert: string; cert: string; key: string }> {
  const { generate } = await loadSelfsigned();
  const ca = await generate([{ name: 'commonName', value: 'nowrest emulator client CA' }], {
    ...certificateBasics(now),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
  const client = await generate([{ name: 'commonName', value: 'nowrest-client' }], {
    ...certificateBasics(now),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return { caCert: ca.cert, cert: client.cert, key: client.private };
}

/**
 * Generates the server certificate (its own CA) and writes the PEM to a fresh temp directory; with
 * `requireClientCert` the server also asks for, and verifies, a client certificate (mutual TLS).
 */
export async function createTls(options: EmulatorTlsOptions = {}): Promise<EmulatorTls> {
  const { generate } = await loadSelfsigned();
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...certificateBasics(now),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'nowrest-emulator-tls-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, pems.cert, { mode: 0o600 });
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const serverOptions = { key: pems.private, cert: pems.cert };
  const mutual = options.requireClientCert ?? options.clientCa !== undefined;
  if (!mutual) return { key: pems.private, cert: pems.cert, caPath, serverOptions, dispose };

  if (options.clientCa !== undefined) {
    if (!/-----BEGIN CERTIFICATE-----/.test(options.clientCa)) {
      dispose();
      throw new Error('tls.clientCa must be the PEM text of a CA certificate (-----BEGIN CERTIFICATE-----)');
    }
    return {
      key: pems.private,
      cert: pems.cert,
      caPath,
      serverOptions: { ...serverOptions, requestCert: true, rejectUnauthorized: true, ca: options.clientCa },
      dispose,
    };
  }
  const client = await clientPki(now);
  const clientCertPath = join(dir, 'client.pem');
  const clientKeyPath = join(dir, 'client-key.pem');
  writeFileSync(clientCertPath, client.cert, { mode: 0o600 });
  writeFileSync(clientKeyPath, client.key, { mode: 0o600 });
  return {
    key: pems.private,
    cert: pems.cert,
    caPath,
    clientCertPath,
    clientKeyPath,
    serverOptions: { ...serverOptions, requestCert: true, rejectUnauthorized: true, ca: client.caCert },
    dispose,
  };
}
