/** Splits a byte stream into Kafka frames: a 4-byte big-endian length, then that many bytes. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds bytes; returns the complete frames, or an error message when the stream is not Kafka framing. */
  push(data: Buffer): { frames: Buffer[]; error?: string } {
    this.chunks.push(data);
    this.buffered += data.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const head = this.peek(4);
      const size = head.readInt32BE(0);
      if (size < 0 || size > this.maxFrameBytes) {
        return { frames, error: `frame length ${size} is outside 0..${this.maxFrameBytes}` };
      }
      if (this.buffered < 4 + size) break;
      this.take(4);
      frames.push(this.take(size));
    }
    return { frames };
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.chunks);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }
}
