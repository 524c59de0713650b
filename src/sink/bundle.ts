import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

/** Where `npm run build` leaves the code package, beside the compiled modules (and in the published package). */
export const PREBUILT_BUNDLE = 'fc-bundle.zip';

/**
 * The code package deploy uploads: the one `npm run build` made (so an installed kafka-oss needs no bundler
 * and every deploy uploads the same bytes), else built now — from a source checkout before its first build.
 */
export async function loadSinkBundle(): Promise<Buffer> {
  for (const candidate of [`./${PREBUILT_BUNDLE}`, `../../dist/sink/${PREBUILT_BUNDLE}`]) {
    try {
      return await readFile(fileURLToPath(new URL(candidate, import.meta.url)));
    } catch {
      // not built here
    }
  }
  return buildSinkBundle();
}

/**
 * The deployable code package: the FC handler and everything it imports (ali-oss, kafkajs) bundled by esbuild
 * into ONE CommonJS `index.js` for FC's node runtime (handler `index.handler`), zipped.
 */
export async function buildSinkBundle(): Promise<Buffer> {
  const source = await bundleSource();
  return Buffer.from(zipSync({ 'index.js': [Buffer.from(source, 'utf8'), { level: 9, mtime: new Date('2020-01-01T00:00:00Z') }] }));
}

/** The bundled `index.js` text. */
export async function bundleSource(): Promise<string> {
  // esbuild is a build-time tool (a devDependency): loaded only when no prebuilt package is at hand.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [await handlerEntry()],
    bundle: true,
    platform: 'node',
    target: 'node20', // FC's nodejs20 runtime, which deploy asks for
    format: 'cjs',
    write: false,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Optional modules dependencies require lazily: native helpers with pure-JS fallbacks, and urllib's
    // proxy-agent, which is only loaded when an HTTP proxy is configured (never in FC).
    external: ['bufferutil', 'utf-8-validate', 'supports-color', 'proxy-agent'],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the sink handler');
  return output.text;
}

/** The compiled handler next to this module (dist), or its TypeScript source when running from src. */
async function handlerEntry(): Promise<string> {
  for (const candidate of ['./fc-handler.js', './fc-handler.ts']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    try {
      await access(path);
      return path;
    } catch {
      // try the next one
    }
  }
  throw new Error('the sink handler (fc-handler.js) is missing next to bundle.js; run the build first');
}
