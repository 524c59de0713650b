/**
 * An object body being built: a JSON array with one record per line, encoded into one Buffer as records
 * arrive. The Buffer is kept and reused for the partition's next object, so steady-state writing allocates no
 * per-object memory and the record strings die young instead of piling up in the old generation.
 */
export class ObjectBody {
  private buffer: Buffer = Buffer.alloc(0);
  private used = 0;
  private count = 0;
  private finished = false;

  get records(): number {
    return this.count;
  }

  /** Bytes of the body so far, closing bracket excluded. */
  get bytes(): number {
    return this.used;
  }

  /** Bytes `line` adds: its UTF-8 bytes and the separator before it. */
  sizeOf(line: string): number {
    return Buffer.byteLength(line, 'utf8') + 2;
  }

  add(line: string): void {
    if (this.finished) throw new Error('ObjectBody.add after finish(); clear() it first');
    // 3 bytes per UTF-16 unit is the most UTF-8 can take; only measure exactly when that might not fit
    const worst = line.length * 3 + 8;
    if (this.buffer.length - this.used < worst) this.reserve(this.used + Buffer.byteLength(line, 'utf8') + 8);
    this.used += this.buffer.write(this.count === 0 ? '[\n' : ',\n', this.used, 'latin1');
    this.used += this.buffer.write(line, this.used, 'utf8');
    this.count += 1;
  }

  /** The finished body (a view of the internal buffer, valid until `clear`). */
  finish(): Buffer {
    if (!this.finished) {
      this.reserve(this.used + 3);
      this.used += this.buffer.write(this.count === 0 ? '[\n]\n' : '\n]\n', this.used, 'latin1');
      this.finished = true;
    }
    return this.buffer.subarray(0, this.used);
  }

  clear(): void {
    this.used = 0;
    this.count = 0;
    this.finished = false;
  }

  private reserve(size: number): void {
    if (size <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(size, Math.min(this.buffer.length * 2, 64 * 1024 * 1024), 64 * 1024));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}
