import { gunzipSync } from 'node:zlib';
import kafkajs from 'kafkajs';
import { decompress as zstdDecompress } from 'fzstd';
import { decompress as lz4Decompress } from 'lz4js';
import { uncompress as snappyUncompress } from 'snappyjs';

/**
 * kafkajs reads gzip batches only. alikafka producers often compress with snappy, lz4 or zstd, so the
 * local runner registers pure-JS decompressors for them (no native build, same code in the FC bundle); the
 * fetch path (fetch/record-batches.ts) uses the same ones. The tool never produces compressed batches, so
 * compressing with them is refused.
 */
export function registerCompressionCodecs(): void {
  // kafkajs is CommonJS and Node's ESM loader does not see these two as named exports
  const { CompressionCodecs, CompressionTypes } = kafkajs;
  CompressionCodecs[CompressionTypes.Snappy] = () => codec(CompressionTypes.Snappy);
  CompressionCodecs[CompressionTypes.LZ4] = () => codec(CompressionTypes.LZ4);
  CompressionCodecs[CompressionTypes.ZSTD] = () => codec(CompressionTypes.ZSTD);
}

function codec(id: number) {
  return {
    compress: (): Promise<Buffer> => Promise.reject(new Error(`kafka-oss does not produce ${CODEC_NAMES[id] ?? id}-compressed batches`)),
    decompress: async (data: Buffer): Promise<Buffer> => decompressBatch(id, data),
  };
}

/** The codec ids of a record batch's attributes, bits 0–2 (kafka.apache.org/documentation/#recordbatch). */
const CODEC_NAMES: Record<number, string> = { 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };
const DECOMPRESSORS: Record<number, (data: Buffer) => Uint8Array> = {
  1: (data) => gunzipSync(data),
  2: (data) => unsnappy(data),
  3: (data) => lz4Decompress(data),
  4: (data) => zstdDecompress(data),
};

/** The records of a compressed batch, decompressed; an unknown codec or bad data throws, naming the codec. */
export function decompressBatch(codecId: number, data: Buffer): Buffer {
  const decompress = DECOMPRESSORS[codecId];
  if (!decompress) throw new Error(`a record batch names compression codec ${codecId}, which Kafka does not define`);
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

/** librdkafka writes raw snappy; the Java client writes xerial frames. Both are read. */
export function unsnappy(data: Buffer): Uint8Array {
  if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) return snappyUncompress(data);
  const blocks: Uint8Array[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < data.length) {
    if (at + 4 > data.length) throw new Error('truncated xerial snappy block length');
    const length = data.readUInt32BE(at);
    at += 4;
    if (at + length > data.length) throw new Error('truncated xerial snappy block');
    blocks.push(snappyUncompress(data.subarray(at, at + length)));
    at += length;
  }
  return Buffer.concat(blocks);
}
