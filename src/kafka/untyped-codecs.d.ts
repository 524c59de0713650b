// Declarations for the two pure-JS codec packages that ship without types (only what codecs.ts uses).
declare module 'snappyjs' {
  /** Raw snappy block → bytes. */
  export function uncompress(compressed: Uint8Array): Uint8Array;
  /** bytes → raw snappy block (tests build Java-style frames with it). */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}

declare module 'lz4js' {
  /** LZ4 frame → bytes. */
  export function decompress(frame: Uint8Array, maxSize?: number): Uint8Array;
}
