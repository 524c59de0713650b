import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FunctionLogEntry } from '../contracts.js';

const KEPT_IN_MEMORY = 1000;

/**
 * Recent log lines of each function, kept in memory and appended as JSON lines to
 * `<dir>/<service>/<function>.jsonl`, so that a restarted local cloud still shows earlier invocations.
 */
export class FunctionLogStore {
  private readonly recent = new Map<string, FunctionLogEntry[]>();
  private pendingWrites: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  append(entry: Omit<FunctionLogEntry, 'time'>): void {
    const full: FunctionLogEntry = { time: new Date().toISOString(), ...entry };
    const entries = this.entriesOf(full.serviceName, full.functionName);
    entries.push(full);
    if (entries.length > KEPT_IN_MEMORY) entries.splice(0, entries.length - KEPT_IN_MEMORY);
    const file = this.fileOf(full.serviceName, full.functionName);
    this.pendingWrites = this.pendingWrites
      .then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, `${JSON.stringify(full)}\n`);
      })
      .catch(() => undefined);
  }

  /** The latest `limit` entries, oldest first. */
  list(serviceName: string, functionName: string, limit = 100): FunctionLogEntry[] {
    const entries = this.entriesOf(serviceName, functionName);
    return entries.slice(Math.max(0, entries.length - limit));
  }

  /** Resolves once every appended entry is on disk. */
  flush(): Promise<void> {
    return this.pendingWrites;
  }

  private entriesOf(serviceName: string, functionName: string): FunctionLogEntry[] {
    const key = `${serviceName}/${functionName}`;
    let entries = this.recent.get(key);
    if (!entries) {
      entries = this.readPersisted(this.fileOf(serviceName, functionName));
      this.recent.set(key, entries);
    }
    return entries;
  }

  private readPersisted(file: string): FunctionLogEntry[] {
    if (!existsSync(file)) return [];
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
    const entries: FunctionLogEntry[] = [];
    for (const line of lines.slice(-KEPT_IN_MEMORY)) {
      try {
        entries.push(JSON.parse(line) as FunctionLogEntry);
      } catch {
        // a line cut short by a crash is skipped
      }
    }
    return entries;
  }

  private fileOf(serviceName: string, functionName: string): string {
    return join(this.dir, safeSegment(serviceName), `${safeSegment(functionName)}.jsonl`);
  }
}

function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}
