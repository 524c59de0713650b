import { chmod, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../../src/emulator/local-cloud.js';
import { fcModels as F, sdkClients } from './sdk-clients.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;
const clouds: LocalCloud[] = [];
let previousUmask = 0;

beforeEach(() => {
  // The usual umask, under which files are made 0644 and directories 0755 unless the code says otherwise.
  previousUmask = process.umask(0o022);
});

afterEach(async () => {
  for (const cloud of clouds.splice(0)) await cloud.close();
  process.umask(previousUmask);
});

async function start(dataDir: string): Promise<LocalCloud> {
  const cloud = await startLocalCloud({ dataDir, kafkaPort: 0, ossPort: 0, apiPort: 0, alikafkaIntervalMs: 0 });
  clouds.push(cloud);
  return cloud;
}

describe('files that hold secrets (issue #14 item 8)', () => {
  it('are 0600 in 0700 directories, the data directory included, also when an older data directory was looser', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'kafka-oss-secret-files-')), 'cloud');
    const cloud = await start(dataDir);
    const { fc } = sdkClients(cloud.description.api!.endpoint, cloud.accessKey);
    const secret = 'connector-secret-that-must-stay-private';
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await fc.createFunction('svc', new F.CreateFunctionRequest({
      functionName: 'sink', runtime: 'nodejs20', handler: 'index.handler', environmentVariables: { KAFKA_OSS_ACCESS_KEY_SECRET: secret },
      code: new F.Code({ zipFile: Buffer.from(zipSync({ 'index.js': strToU8('exports.handler = () => 1;') })).toString('base64') }),
    }));
    const controlPlaneDir = join(dataDir, 'control-plane');
    const stateFile = join(controlPlaneDir, 'control-plane.json');
    expect(await readFile(stateFile, 'utf8')).toContain(secret);
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(controlPlaneDir)).toBe(0o700);
    expect(await mode(stateFile)).toBe(0o600);
    expect(await mode(join(dataDir, 'access-key.json'))).toBe(0o600);

    await cloud.close();
    await chmod(dataDir, 0o755);
    await chmod(controlPlaneDir, 0o755);
    await chmod(stateFile, 0o644);
    await start(dataDir);
    expect([await mode(dataDir), await mode(controlPlaneDir), await mode(stateFile)]).toEqual([0o700, 0o700, 0o600]);
  });
});
