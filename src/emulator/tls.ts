import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A self-signed certificate for 127.0.0.1 / localhost and the temp file holding its PEM (the client's CA). */
export interface EmulatorTls {
  readonly key: string;
  readonly cert: string;
  readonly caPath: string;
  dispose(): void;
}

/** Generates the certificate (its own CA) and writes the PEM to a fresh temp directory. */
export async function createTls(): Promise<EmulatorTls> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 86_400_000),
    notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
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
  return { key: pems.private, cert: pems.cert, caPath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
