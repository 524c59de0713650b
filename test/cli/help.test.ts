import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/kafka-oss.js', import.meta.url).pathname;

describe('kafka-oss --help', () => {
  it('prints usage and exits 0', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    expect(stdout).toContain('Usage: kafka-oss');
    expect(stdout).toContain('--output <format>');
  });

  it('rejects an unknown option with exit code 2', async () => {
    const err = await run(process.execPath, [bin, '--no-such-flag']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toContain('--no-such-flag');
  });
});
