/**
 * The few Kafka protocol primitives the fetch path writes and reads (kafka.apache.org/protocol#protocol_types):
 * big-endian integers, INT16-length STRING, INT32-length BYTES, INT32-count ARRAY. Requests are small and built
 * once per fetch; responses are read in place, without copying.
 */

/** A request body being written: grows as needed. */
export class RequestWriter {
  private buffer = Buffer.allocUnsafe(256);
  private used = 0;

  int8(value: number): this {
    this.reserve(1);
    this.used = this.buffer.writeInt8(value, this.used);
    return this;
  }

  int16(value: number): this {
    this.reserve(2);
    this.used = this.buffer.writeInt16BE(value, this.used);
    return this;
  }

  int32(value: number): this {
    this.reserve(4);
    this.used = this.buffer.writeInt32BE(value, this.used);
    return this;
  }

  /** An offset or a producer id: a safe integer written as INT64. */
  int64(value: number): this {
    this.reserve(8);
    this.used = this.buffer.writeBigInt64BE(BigInt(value), this.used);
    return this;
  }

  /** STRING (null: NULLABLE_STRING's -1). */
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const length = Buffer.byteLength(value, 'utf8');
    this.int16(length);
    this.reserve(length);
    this.used += this.buffer.write(value, this.used, 'utf8');
    return this;
  }

  /** BYTES: INT32 length, then the bytes. */
  bytes(value: Uint8Array): this {
    this.int32(value.length);
    return this.raw(value);
  }

  /** Bytes already in protocol form (a field another encoder wrote). */
  raw(value: Uint8Array): this {
    this.reserve(value.length);
    this.buffer.set(value, this.used);
    this.used += value.length;
    return this;
  }

  array<T>(items: readonly T[], write: (item: T, writer: this) => void): this {
    this.int32(items.length);
    for (const item of items) write(item, this);
    return this;
  }

  /** The bytes written so far (a copy the caller owns). */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.used));
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}

/** Thrown when a response ends before a field it announces: the connection is out of step and must close. */
export class MalformedResponseError extends Error {}

/** Reads a response in place; `position` moves past each field. */
export class ResponseReader {
  constructor(
    readonly data: Buffer,
    public position: number,
    readonly end: number,
  ) {}

  int8(): number {
    this.need(1);
    return this.data.readInt8(this.position++);
  }

  int16(): number {
    this.need(2);
    const value = this.data.readInt16BE(this.position);
    this.position += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.data.readInt32BE(this.position);
    this.position += 4;
    return value;
  }

  /** INT64 as a number: offsets, watermarks and producer ids stay far below 2^53 in practice. */
  int64(): number {
    this.need(8);
    const value = readInt64(this.data, this.position);
    this.position += 8;
    return value;
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    this.need(length);
    const value = this.data.toString('utf8', this.position, this.position + length);
    this.position += length;
    return value;
  }

  /** BYTES as where they are: { start, length } in `data`, length -1 for null. */
  bytesRange(): { start: number; length: number } {
    const length = this.int32();
    const start = this.position;
    if (length > 0) {
      this.need(length);
      this.position += length;
    }
    return { start, length };
  }

  array<T>(read: (reader: this) => T): T[] {
    const count = this.int32();
    if (count < 0) return [];
    const items: T[] = [];
    for (let i = 0; i < count; i += 1) items.push(read(this));
    return items;
  }

  private need(bytes: number): void {
    if (this.position + bytes > this.end) throw new MalformedResponseError(`response ends at byte ${this.end}, a field needs ${bytes} more from ${this.position}`);
  }
}

/** INT64 at `at` as a number (exact up to 2^53; -1 stays -1). */
export function readInt64(data: Uint8Array, at: number): number {
  const high = ((data[at] as number) << 24) | ((data[at + 1] as number) << 16) | ((data[at + 2] as number) << 8) | (data[at + 3] as number);
  const low = (((data[at + 4] as number) << 24) | ((data[at + 5] as number) << 16) | ((data[at + 6] as number) << 8) | (data[at + 7] as number)) >>> 0;
  return high * 4_294_967_296 + low;
}
