// The embedded broker alone in a process, for tests that measure the process (RSS, open files) or limit it
// (ulimit -n). Options come as JSON in argv[2]; "bootstrap <host:port>" goes to stdout once it listens, and
// each "stats" line on stdin is answered with one JSON line (after a GC when node runs with --expose-gc).
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startKafkaBroker, type KafkaBrokerOptions } from '../../../src/emulator/kafka/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as KafkaBrokerOptions;
const broker = await startKafkaBroker({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`bootstrap ${broker.bootstrapServers}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'stats') return;
  gc?.();
  const fds = readdirSync('/proc/self/fd').length;
  const m = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ ...broker.stats(), rss: m.rss, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, fds })}\n`);
});
process.stdin.on('end', () => void broker.close().then(() => process.exit(0)));
