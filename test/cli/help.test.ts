import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('kafka-oss --help', () => {
  it('prints usage and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: kafka-oss');
    expect(stdout).toContain('--output <format>');
  });

  it('rejects an unknown option with exit code 2', async () => {
    const { code, stderr } = await runCli(['--no-such-flag']);
    expect(code).toBe(2);
    expect(stderr).toContain('--no-such-flag');
  });

  it('refuses an unknown --output format for every command with exit code 2', async () => {
    for (const command of [['list'], ['send-message', '--topic', 't', '--value', 'v'], ['create', '--offline']]) {
      const { code, stderr } = await runCli(['--output', 'yaml', ...command], { env: { CI: 'true' } });
      expect(code, command.join(' ')).toBe(2);
      expect(stderr).toContain('--output: must be text or json (got "yaml")');
    }
  });
});
