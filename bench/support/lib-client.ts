/** A library client on an emulator started by a benchmark (basic auth admin/admin, or an explicit strategy). */
import { createClient, type ClientOptions, type ServiceNowClient } from '../../src/lib/index.js';

export const BASIC_AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

export function emulatorClient(url: string, options: ClientOptions = {}): ServiceNowClient {
  return createClient(
    { name: 'bench', baseUrl: `${url}/api/now/v2`, auth: { type: 'basic', username: 'admin', password: 'admin' } },
    options,
  );
}

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${raw} is not a positive integer`);
  return value;
}

/** Median of a few numbers (the middle run of repeated measurements). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
