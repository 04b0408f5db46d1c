// Connection options for a Temporal server: the dev server, a self-hosted cluster with mTLS, or Temporal Cloud.
import { readFileSync } from 'node:fs';
import type { Config } from './config';

export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/** Options for both `Connection.connect` (client) and `NativeConnection.connect` (worker). */
export function temporalConnectionOptions(config: Config, address: string): TemporalConnectionOptions {
  const { tls, apiKey } = config.temporal;
  if (!tls.enabled) return { address };
  return {
    address,
    apiKey,
    tls: {
      serverNameOverride: tls.serverName,
      serverRootCACertificate: tls.ca ? readFileSync(tls.ca) : undefined,
      clientCertPair:
        tls.cert && tls.key ? { crt: readFileSync(tls.cert), key: readFileSync(tls.key) } : undefined,
    },
  };
}

/** Where the worker and clients connect: the configured cluster, else the local dev server. */
export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}
