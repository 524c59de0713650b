// Bundles the CLI's start-up path (commander, the program and every command's flag definitions) into
// one file, so `kafka-oss --help` loads one module instead of dozens. Everything a command does runs
// behind a dynamic import(), which stays external and loads the tsc-compiled module beside it in dist/.
import path from 'node:path';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/main.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // commander is CommonJS: give it a require() inside the ESM bundle.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [
    {
      name: 'keep-dynamic-imports-lazy',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
        // One copy of the error classes for the bundle and the modules it loads, so instanceof holds across both:
        // every src/cli file that imports src/errors.ts gets dist/errors.js, beside the bundle's folder.
        b.onResolve({ filter: /^\.\.\/errors\.js$/ }, (args) =>
          /[\\/]src[\\/]cli[\\/][^\\/]+\.ts$/.test(args.importer) ? { path: '../errors.js', external: true } : undefined);
      },
    },
  ],
  logLevel: 'warning',
});

// `sink run`'s engine (src/cli/sink-engine.ts): kafkajs and the modules the sink needs before its first fetch, in
// one file that replaces tsc's dist/cli/sink-engine.js (loading kafkajs' ~190 files one by one cost ~0.1 CPU-s).
// Dynamic imports stay lazy, and the error classes stay the ones in dist/, so that instanceof holds in main.
await build({
  entryPoints: ['src/cli/sink-engine.ts'],
  outfile: 'dist/cli/sink-engine.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [
    {
      name: 'lazy-imports-and-shared-errors',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
        b.onResolve({ filter: /(^|\/|-)errors?\.js$/ }, (args) => {
          const source = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
          const inSrc = path.relative(path.resolve('src'), source);
          if (inSrc.startsWith('..')) return undefined;
          return { path: `../${inSrc.replace(/\.ts$/, '.js').split(path.sep).join('/')}`, external: true };
        });
      },
    },
  ],
  logLevel: 'warning',
});
