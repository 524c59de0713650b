import kafkajs from 'kafkajs';
import { decompress as zstdDecompress } from 'fzstd';
import { decompress as lz4Decompress } from 'lz4js';
import { uncompress as snappyUncompress } from 'snappyjs';

/**
 * kafkajs reads gzip batches only. alikafka producers often compress with snappy, lz4 or zstd, so the
 * local runner registers pure-JS decompressors for them (no native build, same code in the FC bundle).
 * The tool never produces compressed batches, so compressing with them is refused.
 */
export function registerCompressionCodecs(): void {
  // kafkajs is CommonJS and Node's ESM loader does not see these two as named exports
  const { CompressionCodecs, CompressionTypes } = kafkajs;
  CompressionCodecs[CompressionTypes.Snappy] = () => codec('snappy', unsnappy);
  CompressionCodecs[CompressionTypes.LZ4] = () => codec('lz4', (data) => lz4Decompress(data));
  CompressionCodecs[CompressionTypes.ZSTD] = () => codec('zstd', (data) => zstdDecompress(data));
}

function codec(name: string, decompress: (data: Buffer) => Uint8Array) {
  return {
    compress: (): Promise<Buffer> => Promise.reject(new Error(`kafka-oss does not produce ${name}-compressed batches`)),
    decompress: async (data: Buffer): Promise<Buffer> => {
      try {
        const bytes = decompress(data);
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (err) {
        throw new Error(`could not decompress a ${name} batch: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
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
