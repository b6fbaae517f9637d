/**
 * Reading the PEM files a connection points at: the JWT signing key (read once, then kept in the vault) and
 * the client certificate, its key and extra CAs (paths kept in the profile, read on every use). Shared by the
 * CLI (where `label` is the label, e.g. `--client-cert`) and the console (a field name). Errors are ConfigErrors
 * naming the label and the file, never what the file holds.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';

const RSA_KEY_HINT = 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-key.pem';

/** A PEM file that cannot be used; `label` says which one (the flag or field that named it). */
export class PemFileError extends ConfigError {
  constructor(
    readonly label: string,
    message: string,
    remedy: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, remedy, options);
    this.name = 'PemFileError';
  }
}

function fileError(label: string, message: string, remedy: string, cause?: unknown): PemFileError {
  return new PemFileError(label, message, remedy, cause === undefined ? {} : { cause });
}

/**
 * Reads a UTF-8 file (relative to `cwd`).
 * @throws {ConfigError} naming `label` and the file when it cannot be read.
 */
export async function readPemFile(
  cwd: string,
  label: string,
  file: string,
  remedy: string,
): Promise<{ path: string; text: string }> {
  const path = resolve(cwd, file);
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw fileError(label, `cannot read ${label} ${file}: ${code}`, remedy, err);
  }
}

/** Parses a private key; the error never contains the key. */
function privateKeyOf(text: string, label: string, file: string): KeyObject {
  try {
    return createPrivateKey(text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MISSING_PASSPHRASE') {
      throw fileError(
        label,
        `${label} ${file} is an encrypted (passphrase-protected) private key`,
        `store it unencrypted: openssl pkey -in ${file} -out plain-key.pem (nowrest keeps it encrypted in its vault)`,
      );
    }
    throw fileError(
      label,
      `${label} ${file} is not a PEM private key`,
      `pass the file that starts with -----BEGIN PRIVATE KEY----- (or BEGIN RSA PRIVATE KEY), e.g. made with ${RSA_KEY_HINT}`,
    );
  }
}

/**
 * Reads and checks the RSA private key that signs JWT bearer assertions.
 * @returns the PEM text exactly as read (the caller stores it in the vault).
 * @throws {ConfigError} when the file is unreadable, not a private key, or not RSA.
 */
export async function readJwtPrivateKey(cwd: string, file: string, label: string): Promise<string> {
  const { text } = await readPemFile(
    cwd,
    label,
    file,
    `pass the PEM file with the RSA private key whose public key the instance's JWT verifier map holds`,
  );
  const key = privateKeyOf(text, label, file);
  if (key.asymmetricKeyType !== 'rsa') {
    throw fileError(
      label,
      `${label} ${file} holds an ${key.asymmetricKeyType ?? 'unknown'} key, not an RSA key`,
      `the JWT bearer grant signs with RS256, which needs an RSA key: ${RSA_KEY_HINT}`,
    );
  }
  return text;
}

/**
 * Checks a client certificate and key pair for mutual TLS and returns their absolute paths. The key is read
 * only to check that it belongs to the certificate; nothing of it is kept.
 * @throws {ConfigError} naming the label and file that is unreadable, malformed or mismatched.
 */
export async function checkClientCertificate(
  cwd: string,
  certFile: string,
  keyFile: string,
  labels: { cert: string; key: string },
): Promise<{ certPath: string; keyPath: string }> {
  const cert = await readPemFile(cwd, labels.cert, certFile, 'pass the PEM file with your client certificate');
  const key = await readPemFile(cwd, labels.key, keyFile, 'pass the PEM file with the private key of the certificate');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert.text);
  } catch (err) {
    throw fileError(
      labels.cert,
      `${labels.cert} ${certFile} is not a PEM certificate`,
      'pass the file that starts with -----BEGIN CERTIFICATE-----',
      err,
    );
  }
  const keyObject = privateKeyOf(key.text, labels.key, keyFile);
  if (!x509.checkPrivateKey(keyObject)) {
    throw fileError(
      labels.key,
      `${labels.key} ${keyFile} is not the private key of the certificate ${certFile}`,
      `pass the key the certificate was issued for`,
    );
  }
  return { certPath: cert.path, keyPath: key.path };
}

/**
 * Checks a CA file (one or more PEM certificates) and returns its absolute path.
 * @throws {ConfigError} when unreadable or holding no certificate.
 */
export async function checkCaFile(cwd: string, label: string, file: string): Promise<string> {
  const remedy = 'pass a PEM file with the CA certificate(s)';
  const { path, text } = await readPemFile(cwd, label, file, remedy);
  try {
    new X509Certificate(text);
  } catch (err) {
    throw fileError(label, `${label} ${file} holds no PEM certificate`, remedy, err);
  }
  return path;
}
