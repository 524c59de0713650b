/**
 * Reads the records of an uncompressed v2 record batch one by one (Kafka's DefaultRecord layout: length,
 * attributes, timestamp delta, offset delta, key, value, headers). Every read is bounds-checked, so a
 * record that lies about a length ends the walk with a RecordFormatError instead of looping.
 */
export class RecordCursor {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** The next record's deltas; throws RecordFormatError with Kafka's wording when it is malformed. */
  next(): { timestampDelta: number; offsetDelta: number } {
    const size = this.varint();
    if (size < 0 || size > this.remaining) {
      throw new RecordFormatError(`Invalid record size: expected ${size} bytes in record payload, but instead the buffer has only ${this.remaining} remaining bytes.`);
    }
    const start = this.pos;
    const stop = start + size;
    this.skip(1, stop); // attributes
    const timestampDelta = this.varlong(stop);
    const offsetDelta = this.varint(stop);
    this.bytesField(stop, 'key');
    this.bytesField(stop, 'value');
    const headers = this.varint(stop);
    if (headers < 0) throw new RecordFormatError(`Found invalid number of record headers ${headers}`);
    for (let h = 0; h < headers; h++) {
      const keySize = this.varint(stop);
      if (keySize < 0) throw new RecordFormatError(`Invalid negative header key size ${keySize}`);
      this.skip(keySize, stop);
      this.bytesField(stop, 'header value');
    }
    if (this.pos !== stop) throw new RecordFormatError(`Invalid record size: expected to read ${size} bytes in record payload, but instead read ${this.pos - start}`);
    return { timestampDelta, offsetDelta };
  }

  private bytesField(stop: number, what: string): void {
    const size = this.varint(stop);
    if (size < -1) throw new RecordFormatError(`Invalid ${what} size ${size}`);
    if (size > 0) this.skip(size, stop);
  }

  private skip(n: number, stop: number): void {
    if (this.pos + n > stop) throw new RecordFormatError('Found invalid record structure');
    this.pos += n;
  }

  /** Zigzag varint of at most 5 bytes (int32). */
  private varint(stop = this.end): number {
    const value = this.unsigned(5, stop);
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  /** Zigzag varlong of at most 10 bytes; precise while the delta stays within 2^53. */
  private varlong(stop: number): number {
    const value = this.unsigned(10, stop);
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  private unsigned(maxBytes: number, stop: number): number {
    let value = 0;
    for (let i = 0; i < maxBytes; i++) {
      if (this.pos >= stop) throw new RecordFormatError('Found invalid record structure');
      const byte = this.buf[this.pos++]!;
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) return value;
    }
    throw new RecordFormatError('Found invalid record structure (varint too long)');
  }
}

/** A record that does not follow the v2 layout; Kafka answers InvalidRecordException (INVALID_RECORD). */
export class RecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordFormatError';
  }
}
