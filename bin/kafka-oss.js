#!/usr/bin/env node
import { main } from '../dist/cli/main.bundle.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`kafka-oss: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
