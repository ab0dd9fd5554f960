// The Ferry service's own TLS certificate: generated at first start (self-signed, EC P-256), kept in the data
// folder (the key owner-only), and identified by its SHA-256 fingerprint, which consoles pin on first connect.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface ServiceCert {
  certPem: string;
  keyPem: string;
  /** AA:BB:… as Node prints it (X509Certificate.fingerprint256) */
  fingerprint256: string;
  /** true: made just now (first start) */
  created: boolean;
}

const VALID_MS = 10 * 365 * 24 * 3600_000;

export async function loadOrCreateServiceCert(dataDir: string): Promise<ServiceCert> {
  const dir = join(dataDir, 'service-tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    return { certPem, keyPem: readFileSync(keyPath, 'utf8'), fingerprint256: new X509Certificate(certPem).fingerprint256, created: false };
  }
  // loaded here, not at start-up: its X.509 stack costs ~200 ms and only the first --listen start needs it
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: `Ferry service on ${hostname()}` }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notAfterDate: new Date(Date.now() + VALID_MS) });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // key first, then the certificate, each complete before its final name: a crash leaves no half pair that loads
  writeFileSync(`${keyPath}.tmp`, pems.private, { mode: 0o600 });
  chmodSync(`${keyPath}.tmp`, 0o600);
  renameSync(`${keyPath}.tmp`, keyPath);
  writeFileSync(`${certPath}.tmp`, pems.cert);
  renameSync(`${certPath}.tmp`, certPath);
  return { certPem: pems.cert, keyPem: pems.private, fingerprint256: new X509Certificate(pems.cert).fingerprint256, created: true };
}
