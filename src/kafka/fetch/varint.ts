/** A record batch that cannot be read as Kafka defines it (a field runs past its record or batch). */
export class CorruptBatchError extends Error {}

const EMPTY = new Uint8Array(0);

/**
 * Reads the variable-length zig-zag integers of the record format (protobuf's varint/varlong, as Kafka's
 * ByteUtils.readVarint/readVarlong) from `source` between `position` and `end`.
 */
export class VarintReader {
  source: Uint8Array = EMPTY;
  position = 0;
  end = 0;

  at(source: Uint8Array, start: number, end: number): this {
    this.source = source;
    this.position = start;
    this.end = end;
    return this;
  }

  byte(): number {
    if (this.position >= this.end) throw new CorruptBatchError(`a record field runs past byte ${this.end}`);
    return this.source[this.position++] as number;
  }

  /** VARINT: at most 5 bytes, a signed 32-bit value. */
  varint(): number {
    let b = this.byte();
    let unsigned = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      if (shift > 28) throw new CorruptBatchError('a varint runs past 5 bytes');
      b = this.byte();
      unsigned |= (b & 0x7f) << shift;
    }
    return (unsigned >>> 1) ^ -(unsigned & 1);
  }

  /** VARLONG: at most 10 bytes; exact while the value stays within ±2^53 (timestamp deltas do). */
  varlong(): number {
    let b = this.byte();
    let unsigned = b & 0x7f;
    for (let scale = 128; b & 0x80; scale *= 128) {
      if (scale > 2 ** 63) throw new CorruptBatchError('a varlong runs past 10 bytes');
      b = this.byte();
      unsigned += (b & 0x7f) * scale;
    }
    return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
  }

  /** The next `length` bytes, as a view. */
  bytes(length: number): Uint8Array {
    if (length < 0 || this.position + length > this.end) throw new CorruptBatchError(`a field of ${length} bytes runs past byte ${this.end}`);
    const view = this.source.subarray(this.position, this.position + length);
    this.position += length;
    return view;
  }
}
