#!/usr/bin/env node
// Prints the longest functions under the given folders (default: src), longest first:
//   node scripts/longest-functions.mjs [--top N] [--max LINES] [folder ...]
// With --max, exits 1 when a function is longer than LINES (a guard for a folder's size rule).
// A function's length is its lines from the first to the last, nested functions included.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseSync, Visitor } from 'oxc-parser';

const args = process.argv.slice(2);
let top = 10;
let max;
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--max') max = Number(args[++i]);
  else roots.push(args[i]);
}
if (roots.length === 0) roots.push('src');

async function* sourceFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

function nameOf(node, parent) {
  if (node.id?.name) return node.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id?.name) return parent.id.name;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.key) {
    return parent.key.name ?? parent.key.value ?? '(computed)';
  }
  return '(anonymous)';
}

const found = [];
for (const root of roots) {
  for await (const file of sourceFiles(root)) {
    const text = await readFile(file, 'utf8');
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const lineOf = (offset) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    };
    const { program } = parseSync(file, text);
    const parents = [];
    const record = (node) => {
      const parent = parents.at(-1);
      const start = parent && parent.type !== 'Program' && parent.value === node ? parent.start : node.start;
      found.push({ file: relative('.', file), name: nameOf(node, parent), line: lineOf(start), lines: lineOf(node.end) - lineOf(start) + 1 });
    };
    const track = { enter: (node) => parents.push(node), exit: () => parents.pop() };
    new Visitor({
      VariableDeclarator: track.enter, 'VariableDeclarator:exit': track.exit,
      MethodDefinition: track.enter, 'MethodDefinition:exit': track.exit,
      Property: track.enter, 'Property:exit': track.exit,
      PropertyDefinition: track.enter, 'PropertyDefinition:exit': track.exit,
      FunctionDeclaration: record,
      FunctionExpression: record,
      ArrowFunctionExpression: record,
    }).visit(program);
  }
}

found.sort((a, b) => b.lines - a.lines);
for (const f of found.slice(0, top)) console.log(`${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
if (max !== undefined) {
  const over = found.filter((f) => f.lines > max);
  if (over.length > 0) {
    console.error(`${over.length} function(s) over ${max} lines`);
    process.exit(1);
  }
}
