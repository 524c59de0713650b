/** Kafka wire primitives: big-endian fixed-width integers, (compact) strings/bytes/arrays, varints, tagged fields. */

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export class Reader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
  ) {
    this.pos = offset;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new ProtocolError(`truncated request: ${what} needs ${n} bytes at offset ${this.pos}, ${this.remaining} left`);
    }
  }

  int8(): number {
    this.need(1, 'int8');
    return this.buf.readInt8(this.pos++);
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2, 'int16');
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4, 'int32');
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** int64 as a number: offsets and timestamps stay far below 2^53. */
  int64(): number {
    this.need(8, 'int64');
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      this.need(1, 'varint');
      const byte = this.buf[this.pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
      if (shift > 28) throw new ProtocolError('varint longer than 5 bytes');
    }
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    if (len < -1) throw new ProtocolError(`string length ${len} is negative`);
    return this.utf8(len);
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError('null where a string is required');
    return s;
  }

  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    if (len === -1) return null;
    return this.utf8(len);
  }

  compactString(): string {
    const s = this.compactNullableString();
    if (s === null) throw new ProtocolError('null where a string is required');
    return s;
  }

  private utf8(len: number): string {
    this.need(len, 'string');
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    if (len < -1) throw new ProtocolError(`bytes length ${len} is negative`);
    return this.raw(len);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  raw(len: number): Buffer {
    this.need(len, 'bytes');
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }

  /** An array of int32 length; null (-1) becomes null. */
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n === -1) return null;
    if (n < -1) throw new ProtocolError(`array length ${n} is negative`);
    // every element takes at least one byte: a huge count in a short frame is garbage, not an allocation
    if (n > this.remaining) throw new ProtocolError(`array length ${n} exceeds the ${this.remaining} bytes left`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }

  compactArray<T>(item: (r: Reader) => T): T[] {
    const n = this.uvarint() - 1;
    if (n <= 0) return [];
    if (n > this.remaining) throw new ProtocolError(`array length ${n} exceeds the ${this.remaining} bytes left`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  /** Tagged fields are skipped: none of the ones clients send here changes an answer. */
  taggedFields(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.raw(this.uvarint());
    }
  }
}

/** Buffers at least this big are kept by reference (`raw`), not copied into the writer. */
const BY_REFERENCE_BYTES = 16 * 1024;

/**
 * Encodes into a growing buffer. Big byte arrays (a Fetch response's record batches) are not copied in: they
 * are kept by reference between the encoded parts, and `toChunks` hands them all to the socket, so a
 * response of megabytes is neither copied nor grown by doubling.
 */
export class Writer {
  private buf: Buffer;
  private pos = 0;
  /** What was written before the current buffer: sealed encoded parts and buffers kept by reference, in order. */
  private readonly parts: Buffer[] = [];
  private partsLength = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.partsLength + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos++);
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }

  uvarint(v: number): this {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  nullableString(s: string | null): this {
    if (s === null) return this.int16(-1);
    const len = Buffer.byteLength(s);
    this.int16(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this;
  }

  string(s: string): this {
    return this.nullableString(s);
  }

  compactNullableString(s: string | null): this {
    if (s === null) return this.uvarint(0);
    const len = Buffer.byteLength(s);
    this.uvarint(len + 1);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this;
  }

  compactString(s: string): this {
    return this.compactNullableString(s);
  }

  nullableBytes(b: Buffer | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    return this.raw(b);
  }

  bytes(b: Buffer): this {
    return this.nullableBytes(b);
  }

  raw(b: Buffer): this {
    if (b.length >= BY_REFERENCE_BYTES) {
      this.seal();
      this.parts.push(b);
      this.partsLength += b.length;
      return this;
    }
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Ends the current encoded part; what follows goes into a fresh buffer. */
  private seal(): void {
    if (this.pos === 0) return;
    this.parts.push(this.buf.subarray(0, this.pos));
    this.partsLength += this.pos;
    this.buf = Buffer.allocUnsafe(256);
    this.pos = 0;
  }

  array<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  compactArray<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.uvarint(0);
    this.uvarint(items.length + 1);
    for (const v of items) item(this, v);
    return this;
  }

  emptyTaggedFields(): this {
    return this.uvarint(0);
  }

  /** Reserves an int32 and returns a function that writes into it later. */
  placeholderInt32(): (v: number) => void {
    this.ensure(4);
    const at = this.pos;
    // the part this buffer becomes once sealed; until then it is the current buffer (which may still grow)
    const part = this.parts.length;
    this.pos += 4;
    return (v) => {
      const target = part === this.parts.length ? this.buf : this.parts[part]!;
      target.writeInt32BE(v, at);
    };
  }

  /** Everything written, in order, without copying the parts kept by reference. */
  toChunks(): Buffer[] {
    return this.pos > 0 ? [...this.parts, this.buf.subarray(0, this.pos)] : [...this.parts];
  }

  toBuffer(): Buffer {
    if (this.parts.length === 0) return this.buf.subarray(0, this.pos);
    return Buffer.concat(this.toChunks(), this.length);
  }
}
