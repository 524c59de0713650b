import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessKeys, type OssAccessKey } from './access-keys.js';
import type { OssServerState } from './context.js';
import { OssFaults } from './faults.js';
import { BUCKET_RULE } from './operations/bucket.js';
import { handleRequest } from './pipeline.js';
import { ObjectStore } from './store.js';
import { UploadStore } from './uploads.js';

export type { OssPolicy } from './policy.js';
export type { OssAccessKey } from './access-keys.js';

export interface OssServerOptions {
  host?: string;
  port?: number;
  dataDir: string;
  /** Region id, e.g. cn-hangzhou (buckets report `oss-<region>`). */
  region?: string;
  accessKeys: OssAccessKey[];
  /**
   * Accept requests signed with OSS signature V1, for older clients. Off by default: OSS refuses V1 for new
   * accounts and buckets (403, EC 0002-00000080), and so does this server.
   */
  allowV1?: boolean;
  log?: (line: string) => void;
}

export interface OssServer {
  readonly endpoint: string;
  readonly port: number;
  readonly faults: OssFaults;
  addAccessKey(key: OssAccessKey): void;
  createBucket(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The local OSS server: the OSS REST API over HTTP on loopback, objects kept under `dataDir`. */
export async function startOssServer(options: OssServerOptions): Promise<OssServer> {
  const keys = new AccessKeys(options.accessKeys);
  const faults = new OssFaults();
  const disk = (wanted: number) => faults.diskAllows(wanted);
  const store = await ObjectStore.load(options.dataDir, disk);
  const state: OssServerState = {
    region: options.region ?? 'cn-hangzhou',
    allowV1: options.allowV1 ?? false,
    store,
    uploads: await UploadStore.load(options.dataDir, store, disk),
    keys,
    faults,
    log: options.log ?? (() => {}),
  };
  const server = createServer((req, res) => void handleRequest(state, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults: state.faults,
    addAccessKey: (key) => keys.add(key),
    createBucket: async (name) => {
      // the name becomes a directory: the OSS naming rule also keeps it inside the data directory
      if (!BUCKET_RULE.test(name)) throw new Error(`bucket name must be 3–63 lowercase letters, digits or "-", starting and ending with a letter or digit; got ${JSON.stringify(name)}`);
      if (!store.bucket(name)) await store.createBucket(name, state.region);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
