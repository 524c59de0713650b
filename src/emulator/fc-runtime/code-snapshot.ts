import { existsSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Instances run a private copy of each code version, as FC instances do, so that a package being replaced
 * never changes under a running instance. The copy sits below a `{"type":"commonjs"}` package.json: like
 * FC's /code, a package without its own package.json is CommonJS, whatever project the data dir lives in.
 */
export class CodeSnapshots {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly root: string) {}

  /** The directory holding the copy of `codeDir` for this fingerprint, made once. */
  get(codeDir: string, fingerprint: string): Promise<string> {
    const id = fingerprint.slice(0, 24);
    let snapshot = this.inFlight.get(id);
    if (!snapshot) {
      snapshot = this.make(codeDir, join(this.root, id));
      this.inFlight.set(id, snapshot);
      snapshot.catch(() => this.inFlight.delete(id));
    }
    return snapshot;
  }

  async removeAll(): Promise<void> {
    this.inFlight.clear();
    await rm(this.root, { recursive: true, force: true });
  }

  private async make(codeDir: string, home: string): Promise<string> {
    const code = join(home, 'code');
    const complete = join(home, '.complete');
    if (existsSync(complete)) return code;
    await rm(home, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'package.json'), '{"type":"commonjs"}\n');
    await cp(codeDir, code, { recursive: true });
    await writeFile(complete, '');
    return code;
  }
}
