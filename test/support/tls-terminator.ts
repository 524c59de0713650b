import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { promisify } from 'node:util';

export interface TlsTerminator {
  port: number;
  /** The self-signed certificate (CN and SAN localhost): the CA a client must be given. */
  certificate: Buffer;
  close(): Promise<void>;
}

/**
 * TLS in front of a plaintext listener on loopback, with a certificate made by openssl for the test: what a
 * client sees of an alikafka SSL endpoint.
 */
export async function startTlsTerminator(upstreamPort: number): Promise<TlsTerminator> {
  const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-tls-'));
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  const certificate = await readFile(join(dir, 'cert.pem'));
  const server = createTlsServer({ key: await readFile(join(dir, 'key.pem')), cert: certificate }, (clear) => {
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort });
    clear.pipe(upstream).pipe(clear);
    clear.on('error', () => upstream.destroy());
    upstream.on('error', () => clear.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    certificate,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
