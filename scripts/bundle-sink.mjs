// Builds the FC code package once, at build time: dist/sink/fc-bundle.zip (the compiled handler and everything it
// imports, bundled by esbuild into one index.js). deploy uploads this file, so an installed kafka-oss needs no bundler.
import { writeFile } from 'node:fs/promises';
import { buildSinkBundle, PREBUILT_BUNDLE } from '../dist/sink/bundle.js';

await writeFile(new URL(`../dist/sink/${PREBUILT_BUNDLE}`, import.meta.url), await buildSinkBundle());
