import { isAbsolute } from 'node:path';
import { checkCaFile, checkClientCertificate, PemFileError } from '../lib/config/pem-files.js';
import type { VaultSecrets } from '../lib/auth/vault.js';
import { validateConnectionForm, type ConnectionForm, type FieldName } from './connection-form.js';

/** The labels the shared PEM checks put in their messages, mapped back to the editor's fields. */
const LABELS = {
  clientCertFile: 'the client certificate file',
  clientKeyFile: 'the private key file',
  caFile: 'the CA file',
} as const satisfies Partial<Record<FieldName, string>>;

type TlsField = keyof typeof LABELS;

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A check failure as the editor shows it next to the field: the problem, then the fix. */
function fieldMessage(error: PemFileError): string {
  return `${capitalized(error.problem)}. ${capitalized(error.fix ?? '')}`.replace(/\.\s*$/, '');
}

function fieldOf(error: PemFileError): TlsField {
  const found = (Object.keys(LABELS) as TlsField[]).find((field) => LABELS[field] === error.label);
  return found ?? 'clientCertFile';
}

/**
 * Checks the mutual-TLS and CA paths of the form with the same checks as `nowrest connection edit --client-cert`:
 * both halves of the certificate pair, full paths (the console may run anywhere), readable PEM files, and a key
 * that belongs to the certificate. The files are read to check them and never copied or shown.
 */
export async function checkTlsFields(form: ConnectionForm): Promise<Partial<Record<FieldName, string>>> {
  const errors: Partial<Record<FieldName, string>> = {};
  const notAbsolute = (field: TlsField, value: string): boolean => {
    if (value === '' || isAbsolute(value)) return false;
    errors[field] =
      `${capitalized(LABELS[field])} must be a full path on this computer, e.g. /home/me/certs/client.pem`;
    return true;
  };
  const { clientCertFile: cert, clientKeyFile: key, caFile } = form;
  if (cert !== '' && key === '') {
    errors.clientKeyFile = 'The private key file is empty. Give the key of the client certificate too, or clear both';
  } else if (cert === '' && key !== '') {
    errors.clientCertFile = 'The client certificate file is empty. Give the certificate too, or clear both';
  } else if (cert !== '' && !notAbsolute('clientCertFile', cert) && !notAbsolute('clientKeyFile', key)) {
    await checkClientCertificate('/', cert, key, { cert: LABELS.clientCertFile, key: LABELS.clientKeyFile }).catch(
      (error: unknown) => {
        if (!(error instanceof PemFileError)) throw error;
        errors[fieldOf(error)] = fieldMessage(error);
      },
    );
  }
  if (caFile !== '' && !notAbsolute('caFile', caFile)) {
    await checkCaFile('/', LABELS.caFile, caFile).catch((error: unknown) => {
      if (!(error instanceof PemFileError)) throw error;
      errors.caFile = fieldMessage(error);
    });
  }
  return errors;
}

/**
 * Every error of a submitted editor form: the field checks (with the secrets already in the vault counting as set)
 * and the certificate and CA files. Save and Test Connection both refuse a form with any.
 */
export async function connectionFormErrors(
  form: ConnectionForm,
  stored: VaultSecrets,
): Promise<Partial<Record<FieldName, string>>> {
  return {
    ...validateConnectionForm(form, {
      password: stored.password !== undefined,
      clientSecret: stored.clientSecret !== undefined,
      privateKey: stored.privateKey !== undefined,
    }),
    ...(await checkTlsFields(form)),
  };
}
