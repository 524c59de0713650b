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

/**
 * A command's work in one file that replaces tsc's module of the same name in dist/cli/, as the start-up path is:
 * loading the SDKs' hundreds of files one by one (kafkajs ~190, each Alibaba Cloud SDK hundreds) cost more CPU than
 * the work. Dynamic imports stay lazy; the error classes stay the ones in dist/, so instanceof holds across files;
 * what `external` names (the local cloud for quickstart) stays in dist/ too.
 */
async function bundleCommand(entry, external = []) {
  await build({
    entryPoints: [`src/cli/${entry}.ts`],
    outfile: `dist/cli/${entry}.js`,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // the SDKs' model classes are most of it: minified, the file is smaller to ship and quicker to parse
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // Loaded from node_modules as they are: a native addon (Log Service's lz4), and optional modules dependencies
    // require lazily (ws' native helpers, urllib's proxy-agent, only loaded when a proxy is configured).
    external: ['lz4-napi', 'bufferutil', 'utf-8-validate', 'supports-color', 'proxy-agent'],
    plugins: [
      {
        name: 'lazy-imports-and-shared-modules',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
          b.onResolve({ filter: /\.js$/ }, (args) => {
            const source = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
            const inSrc = path.relative(path.resolve('src'), source).split(path.sep).join('/');
            if (inSrc.startsWith('..')) return undefined;
            const shared = /(^|\/|-)errors?\.ts$/.test(inSrc) || external.some((prefix) => inSrc.startsWith(prefix));
            return shared ? { path: `../${inSrc.replace(/\.ts$/, '.js')}`, external: true } : undefined;
          });
        },
      },
    ],
    logLevel: 'warning',
  });
}

// `sink run`'s engine (src/cli/sink-engine.ts): kafkajs and the modules the sink needs before its first fetch.
await bundleCommand('sink-engine');
// quickstart: the SDK adapters, deploy and the Kafka client; the local cloud it starts stays in dist/ (its FC
// runtime starts functions from files beside it).
await bundleCommand('quickstart-flow', ['emulator/']);
