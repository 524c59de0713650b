import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FcRuntime } from '../../../src/emulator/contracts.js';
import { createFcRuntime } from '../../../src/emulator/fc-runtime/index.js';
import { bundleSource } from '../../../src/sink/bundle.js';
import { tempDataDir, writeFunction } from './function-fixtures.js';

let runtime: FcRuntime;

beforeAll(async () => {
  runtime = createFcRuntime({ dataDir: await tempDataDir() });
});

afterAll(async () => {
  await runtime.close();
});

describe('the bundled sink handler in the local runtime', () => {
  it('loads the one-file CommonJS bundle as index.handler and reports its configuration errors by variable', async () => {
    const fn = await writeFunction({}, { functionName: 'sink' });
    await writeFile(join(fn.codeDir, 'index.js'), await bundleSource());
    const event = Buffer.from(JSON.stringify([{ data: { topic: 't', partition: 0, offset: 0, timestamp: 0, key: null, value: 'v' } }]));
    const result = await runtime.invoke(fn, event);
    expect(result.status).toBe('error');
    expect(result.payload).toContain('invalid function configuration: KAFKA_OSS_BUCKET: is required');
  });
});
