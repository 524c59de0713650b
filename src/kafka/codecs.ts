import { gunzipSync } from 'node:zlib';

/**
 * The decompressors of the fetch path (fetch/record-batches.ts), for the codecs a record batch may name in its
 * attributes, bits 0–2 (kafka.apache.org/documentation/#recordbatch). alikafka producers often compress with
 * snappy, lz4 or zstd: pure-JS decompressors (no native build), each loaded the first time a batch needs it.
 */
type Decompress = (data: Buffer) => Uint8Array;

const CODEC_NAMES: Record<number, string> = { 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };
const LOADERS: Record<number, () => Promise<Decompress>> = {
  2: async () => unsnappyWith((await import('snappyjs')).uncompress),
  3: async () => (await import('lz4js')).decompress,
  4: async () => (await import('fzstd')).decompress,
};
const loaded = new Map<number, Decompress>([[1, (data) => gunzipSync(data)]]);

/** Loads the decompressors of the codecs not loaded yet; an id Kafka does not define is left for decompressBatch to refuse. */
export async function loadCodecs(ids: Iterable<number>): Promise<void> {
  for (const id of ids) {
    const load = LOADERS[id];
    if (!loaded.has(id) && load) loaded.set(id, await load());
  }
}

export function codecLoaded(id: number): boolean {
  return loaded.has(id);
}

/** The records of a compressed batch, decompressed; an unknown codec or bad data throws, naming the codec. */
export function decompressBatch(codecId: number, data: Buffer): Buffer {
  const decompress = loaded.get(codecId);
  if (!decompress) throw new Error(CODEC_NAMES[codecId] ? `the ${CODEC_NAMES[codecId]} decompressor is not loaded` : `a record batch names compression codec ${codecId}, which Kafka does not define`);
  try {
    const bytes = decompress(data);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (err) {
    throw new Error(`could not decompress a ${CODEC_NAMES[codecId]} batch: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The Java client's snappy framing (xerial SnappyOutputStream): a magic header, then length-prefixed blocks. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16; // magic, version, compatible version

/** librdkafka writes raw snappy; the Java client writes xerial frames. Both are read, with `uncompress` (snappyjs'). */
export function unsnappyWith(uncompress: (block: Uint8Array) => Uint8Array): (data: Buffer) => Uint8Array {
  return (data) => {
    if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) return uncompress(data);
    const blocks: Uint8Array[] = [];
    let at = XERIAL_HEADER_BYTES;
    while (at < data.length) {
      if (at + 4 > data.length) throw new Error('truncated xerial snappy block length');
      const length = data.readUInt32BE(at);
      at += 4;
      if (at + length > data.length) throw new Error('truncated xerial snappy block');
      blocks.push(uncompress(data.subarray(at, at + length)));
      at += length;
    }
    return Buffer.concat(blocks);
  };
}
