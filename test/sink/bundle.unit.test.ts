import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { buildSinkBundle } from '../../src/sink/bundle.js';

describe('buildSinkBundle', () => {
  it('is a zip with one self-contained CommonJS index.js exporting handler', async () => {
    const zip = await buildSinkBundle();
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['index.js']);
    const source = Buffer.from(files['index.js']!).toString('utf8');
    expect(source).not.toMatch(/require\(["'](ali-oss|kafkajs|\.\.?\/)/);
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', source)(module, module.exports, (id: string) => require(id));
    expect(typeof module.exports.handler).toBe('function');
  });
});
