import type { FetchedRecords, RecordHeaders } from '../client.js';
import { VarintReader } from './varint.js';

const INITIAL_ROWS = 1024;
const RANGES = 7;

/**
 * Decoded records of one partition, one typed-array column per field, reused from fetch to fetch: adding a
 * record stores numbers, never an object. Keys and values stay where they are (the receive buffer, or a
 * decompressed batch); headers are decoded only when asked for.
 */
export class RecordColumns implements FetchedRecords {
  length = 0;
  private offsets = new Float64Array(INITIAL_ROWS);
  private timestamps = new Float64Array(INITIAL_ROWS);
  /** Per record: key start, key length, value start, value length, headers start, record end, source. */
  private ranges = new Int32Array(INITIAL_ROWS * RANGES);
  /** The buffers records lie in (the receive buffer, decompressed batches), each once; records name theirs by index. */
  private readonly sources: Uint8Array[] = [];
  private readonly headerReader = new VarintReader();

  clear(): void {
    this.length = 0;
    this.sources.length = 0;
  }

  /** Record end: where its headers stop. Lengths of -1 are null keys and values. */
  push(source: Uint8Array, offset: number, timestamp: number, keyStart: number, keyLength: number, valueStart: number, valueLength: number, headersStart: number, recordEnd: number): void {
    const i = this.length;
    if (i === this.offsets.length) this.grow();
    this.offsets[i] = offset;
    this.timestamps[i] = timestamp;
    const r = i * RANGES;
    const ranges = this.ranges;
    if (this.sources[this.sources.length - 1] !== source) this.sources.push(source);
    ranges[r] = keyStart;
    ranges[r + 1] = keyLength;
    ranges[r + 2] = valueStart;
    ranges[r + 3] = valueLength;
    ranges[r + 4] = headersStart;
    ranges[r + 5] = recordEnd;
    ranges[r + 6] = this.sources.length - 1;
    this.length = i + 1;
  }

  offset(i: number): number {
    return this.offsets[i] as number;
  }

  timestamp(i: number): number {
    return this.timestamps[i] as number;
  }

  keySource(i: number): Uint8Array {
    return this.sources[this.ranges[i * RANGES + 6] as number] as Uint8Array;
  }

  keyStart(i: number): number {
    return this.ranges[i * RANGES] as number;
  }

  keyLength(i: number): number {
    return this.ranges[i * RANGES + 1] as number;
  }

  valueSource(i: number): Uint8Array {
    return this.sources[this.ranges[i * RANGES + 6] as number] as Uint8Array;
  }

  valueStart(i: number): number {
    return this.ranges[i * RANGES + 2] as number;
  }

  valueLength(i: number): number {
    return this.ranges[i * RANGES + 3] as number;
  }

  /** Header => key: VARINT-length STRING, value: VARINT-length BYTES (null at -1); a repeated key collects its values. */
  headers(i: number): RecordHeaders {
    const reader = this.headerReader.at(this.keySource(i), this.ranges[i * RANGES + 4] as number, this.ranges[i * RANGES + 5] as number);
    const headers: RecordHeaders = {};
    if (reader.position >= reader.end) return headers; // a message before v2: none
    const count = reader.varint();
    for (let h = 0; h < count; h += 1) {
      const name = Buffer.from(reader.bytes(reader.varint())).toString('utf8');
      const length = reader.varint();
      const value = length < 0 ? null : Buffer.from(reader.bytes(length));
      const earlier = headers[name];
      headers[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
    }
    return headers;
  }

  private grow(): void {
    const rows = this.offsets.length * 2;
    const offsets = new Float64Array(rows);
    offsets.set(this.offsets);
    const timestamps = new Float64Array(rows);
    timestamps.set(this.timestamps);
    const ranges = new Int32Array(rows * RANGES);
    ranges.set(this.ranges);
    this.offsets = offsets;
    this.timestamps = timestamps;
    this.ranges = ranges;
  }
}
