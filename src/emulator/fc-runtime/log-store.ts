import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FunctionLogEntry, FunctionLogFilter } from '../contracts.js';

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

  /**
   * Every function's entries shipped to one logstore in [fromMs, toMs), oldest first, read from the files (all of
   * them, not only the recent ones in memory) once every entry appended so far is written.
   */
  async read(filter: FunctionLogFilter): Promise<FunctionLogEntry[]> {
    await this.flush();
    const found: FunctionLogEntry[] = [];
    for (const file of await this.files()) {
      for await (const entry of entriesIn(file)) {
        const at = Date.parse(entry.time);
        if (at >= filter.fromMs && at < filter.toMs && entry.logConfig?.project === filter.project && entry.logConfig.logstore === filter.logstore) found.push(entry);
      }
    }
    return found.sort((a, b) => a.time.localeCompare(b.time));
  }

  /** Resolves once every appended entry is on disk. */
  flush(): Promise<void> {
    return this.pendingWrites;
  }

  private async files(): Promise<string[]> {
    if (!existsSync(this.dir)) return [];
    const services = await readdir(this.dir, { withFileTypes: true });
    const files: string[] = [];
    for (const service of services.filter((d) => d.isDirectory())) {
      const names = await readdir(join(this.dir, service.name));
      files.push(...names.filter((n) => n.endsWith('.jsonl')).map((n) => join(this.dir, service.name, n)));
    }
    return files;
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
    return lines.slice(-KEPT_IN_MEMORY).flatMap((line) => parsed(line) ?? []);
  }

  private fileOf(serviceName: string, functionName: string): string {
    return join(this.dir, safeSegment(serviceName), `${safeSegment(functionName)}.jsonl`);
  }
}

/** A line cut short by a crash is skipped. */
function parsed(line: string): FunctionLogEntry | undefined {
  try {
    return JSON.parse(line) as FunctionLogEntry;
  } catch {
    return undefined;
  }
}

async function* entriesIn(file: string): AsyncGenerator<FunctionLogEntry> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const entry = line ? parsed(line) : undefined;
    if (entry) yield entry;
  }
}

function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}
