import type { FetchedRecords, IncomingMessage, RecordHeaders } from './client.js';

const NO_HEADERS: RecordHeaders = Object.freeze({});
const EMPTY = new Uint8Array(0);

/** What a message needs to be read as a record; headers are optional. */
export type MessageLike = Omit<IncomingMessage, 'headers'> & { headers?: RecordHeaders };

/** Message objects (another client's, or the FC event's) read through the FetchedRecords interface. */
export class MessageRecords implements FetchedRecords {
  constructor(private readonly messages: readonly MessageLike[]) {}

  get length(): number {
    return this.messages.length;
  }

  offset(i: number): number {
    return this.at(i).offset;
  }

  timestamp(i: number): number {
    return this.at(i).timestamp;
  }

  keySource(i: number): Uint8Array {
    return this.at(i).key ?? EMPTY;
  }

  keyStart(): number {
    return 0;
  }

  keyLength(i: number): number {
    return this.at(i).key?.length ?? -1;
  }

  valueSource(i: number): Uint8Array {
    return this.at(i).value ?? EMPTY;
  }

  valueStart(): number {
    return 0;
  }

  valueLength(i: number): number {
    return this.at(i).value?.length ?? -1;
  }

  headers(i: number): RecordHeaders {
    return this.at(i).headers ?? NO_HEADERS;
  }

  private at(i: number): MessageLike {
    const message = this.messages[i];
    if (!message) throw new RangeError(`record ${i} of ${this.messages.length}`);
    return message;
  }
}

/** Record `i`'s key (or value) as a Buffer view of its source; null when it is null. */
export function keyOf(records: FetchedRecords, i: number): Buffer | null {
  return bytesOf(records.keySource(i), records.keyStart(i), records.keyLength(i));
}

export function valueOf(records: FetchedRecords, i: number): Buffer | null {
  return bytesOf(records.valueSource(i), records.valueStart(i), records.valueLength(i));
}

function bytesOf(source: Uint8Array, start: number, length: number): Buffer | null {
  return length < 0 ? null : Buffer.from(source.buffer, source.byteOffset + start, length);
}

/**
 * The records as message objects. Keys, values and headers are views of the receive buffers, like the records
 * themselves: `copy` makes them copies that outlive the batch.
 */
export function messagesOf(records: FetchedRecords, options: { copy?: boolean } = {}): IncomingMessage[] {
  const copy = (bytes: Buffer | null) => (bytes && options.copy ? Buffer.from(bytes) : bytes);
  const messages: IncomingMessage[] = [];
  for (let i = 0; i < records.length; i += 1) {
    const headers = records.headers(i);
    messages.push({
      offset: records.offset(i),
      timestamp: records.timestamp(i),
      key: copy(keyOf(records, i)),
      value: copy(valueOf(records, i)),
      headers: options.copy ? copyHeaders(headers) : headers,
    });
  }
  return messages;
}

function copyHeaders(headers: RecordHeaders): RecordHeaders {
  const copied: RecordHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    copied[name] = Array.isArray(value) ? value.map((v) => v && Buffer.from(v)) : value && Buffer.from(value);
  }
  return copied;
}
