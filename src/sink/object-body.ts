import type { RecordEncoder } from './record.js';

/**
 * An object body being built: a JSON array with one record per line, written into one Buffer as records
 * arrive. The Buffer is kept and reused for the partition's next object, so steady-state writing allocates
 * no per-object memory.
 */
export class ObjectBody {
  private buffer: Buffer = Buffer.alloc(0);
  private used = 0;
  private count = 0;
  private finished = false;

  /** @param capacityHint the size objects are cut at: the buffer grows to it, and beyond only for one big record. */
  constructor(private readonly capacityHint = 4 * 1024 * 1024) {}

  get records(): number {
    return this.count;
  }

  /** Bytes the body holds without growing. */
  get capacity(): number {
    return this.buffer.length;
  }

  /** Bytes of the body so far, closing bracket excluded. */
  get bytes(): number {
    return this.used;
  }

  /** Bytes a line of `lineSize` adds: the line and the separator before it. */
  sizeOf(lineSize: number): number {
    return lineSize + 2;
  }

  /** Adds the line the encoder prepared, of `lineSize` bytes. */
  add(encoder: RecordEncoder, lineSize: number): void {
    if (this.finished) throw new Error('ObjectBody.add after finish(); clear() it first');
    this.reserve(this.used + lineSize + 2);
    this.buffer[this.used] = this.count === 0 ? 0x5b : 0x2c; // [ or ,
    this.buffer[this.used + 1] = 0x0a;
    this.used = encoder.write(this.buffer, this.used + 2);
    this.count += 1;
  }

  /** The finished body (a view of the internal buffer, valid until `clear`). */
  finish(): Buffer {
    if (!this.finished) {
      this.reserve(this.used + 4);
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
    // the hint (+ room for the closing bracket) at once, rather than doubling up to it and copying each time (memory
    // the body does not fill is never touched, so it costs no RSS); beyond it, exactly what one oversized record needs
    const next = Buffer.allocUnsafe(Math.max(size, this.capacityHint + 4));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}
