import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { parseSync } from 'oxc-parser';

/** One import of a source file: where it points (resolved to a src path when relative) and how. */
export interface ImportEdge {
  from: string;
  specifier: string;
  /** `src/...` path for relative imports, undefined for packages and node built-ins. */
  target?: string;
  kind: 'static' | 'type' | 'dynamic' | 're-export';
}

/** Every import (static, type-only, dynamic, re-export) of the given sources, keyed by `src/...` path. */
export function importsOf(sources: Map<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [path, text] of sources) {
    const { module } = parseSync(path, text);
    const add = (specifier: string, kind: ImportEdge['kind']) => {
      const target = specifier.startsWith('.') ? normalize(join(dirname(path), specifier)).replace(/\.js$/, '.ts') : undefined;
      edges.push({ from: path, specifier, ...(target ? { target } : {}), kind });
    };
    for (const i of module.staticImports) add(i.moduleRequest.value, i.entries.length > 0 && i.entries.every((e) => e.isType) ? 'type' : 'static');
    for (const e of module.staticExports) for (const entry of e.entries) if (entry.moduleRequest) add(entry.moduleRequest.value, 're-export');
    for (const d of module.dynamicImports) {
      const literal = /^['"`]([^'"`$]+)['"`]$/.exec(text.slice(d.moduleRequest.start, d.moduleRequest.end));
      if (literal?.[1]) add(literal[1], 'dynamic');
    }
  }
  return edges;
}

/** The folder a source belongs to: `src/cli/main.ts` → `cli`, `src/errors.ts` → `errors`. */
export function layerOf(path: string): string {
  const [, first = ''] = path.split('/');
  return first.replace(/\.ts$/, '');
}

/** Files that may start the local cloud: `local up`, its profile, and quickstart. */
export const LOCAL_CLOUD_COMMANDS = new Set(['src/cli/local.ts', 'src/cli/local-up.ts', 'src/cli/local-profile.ts', 'src/cli/quickstart-flow.ts']);
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|readline|process)$/;
const IO_GLOBALS = /\bprocess\.(env|stdin|stdout|stderr|argv|exit|cwd)\b|\bfetch\(/;

/** The rules of DESIGN §6 as violations, each a sentence naming the file and the import. */
export function architectureViolations(sources: Map<string, string>): string[] {
  const edges = importsOf(sources);
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = edge.target ? layerOf(edge.target) : undefined;
    if (to === 'emulator' && from !== 'emulator' && !LOCAL_CLOUD_COMMANDS.has(edge.from)) {
      problems.push(`${edge.from} imports the emulator (${edge.specifier}): only src/emulator and the local-cloud commands may`);
    }
    if (from === 'emulator' && edge.target && to !== 'emulator') {
      problems.push(`${edge.from} imports ${edge.target}: the emulator imports nothing outside src/emulator`);
    }
    if (from === 'definition') {
      if (edge.target && to !== 'definition' && to !== 'errors') problems.push(`${edge.from} imports ${edge.target}: src/definition imports no layer above it`);
      if (!edge.target && IO_MODULES.test(edge.specifier)) problems.push(`${edge.from} imports ${edge.specifier}: src/definition does no I/O`);
    }
  }
  for (const [path, text] of sources) {
    if (layerOf(path) === 'definition' && IO_GLOBALS.test(text)) problems.push(`${path} reads or writes the process (${IO_GLOBALS.exec(text)?.[0]}): src/definition does no I/O`);
  }
  problems.push(...folderCycles(edges).map((cycle) => `import cycle between folders: ${cycle.join(' → ')}`));
  return problems;
}

/** Cycles in the graph of folders (an edge when any file of one imports any file of the other). */
export function folderCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!edge.target) continue;
    const [from, to] = [layerOf(edge.from), layerOf(edge.target)];
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Reads every TypeScript source under `src`, keyed by its path relative to the repository. */
export async function readSources(root: string): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) sources.set(relative(root, path), await readFile(path, 'utf8'));
    }
  };
  await walk(join(root, 'src'));
  return sources;
}
