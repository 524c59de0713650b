import type { RequestMemoryPool } from './request-memory.js';

/** Frames longer than this are copied into a buffer of their own as they arrive. */
const LARGE_FRAME_BYTES = 1 << 20;

/**
 * Splits a byte stream into Kafka frames: a 4-byte big-endian length, then that many bytes. A frame's bytes
 * are gathered as they arrive, never allocated from the declared length. With a pool, each frame's declared
 * length is reserved before its body is read; when the pool is short the reader stops at that frame
 * (`waitingForMemory`) until `retryReserve` succeeds. A frame handed out keeps its reservation
 * (its length) until the caller releases it.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the frame whose header was read (and reserved). */
  private declared: number | undefined;
  /**
   * A large frame's bytes so far, in a buffer that doubles as they arrive. Holding the socket's 64 KiB reads
   * instead would keep thousands of small allocations alive at once, which the allocator does not give back
   * to the system after the request is gone.
   */
  private large: { buf: Buffer; filled: number } | undefined;
  /** The length of the frame the pool could not reserve yet. */
  private blockedOn: number | undefined;

  /** @param maxFrameBytes the longest frame accepted; may change between frames (a SASL listener lifts it after authentication) */
  constructor(
    public maxFrameBytes: number,
    private readonly pool?: RequestMemoryPool,
  ) {}

  get waitingForMemory(): boolean {
    return this.blockedOn !== undefined;
  }

  /** Adds bytes; returns the complete frames, or an error message when the stream is not Kafka framing. */
  push(data: Buffer): { frames: Buffer[]; error?: string } {
    if (data.length > 0) {
      this.chunks.push(data);
      this.buffered += data.length;
    }
    const frames: Buffer[] = [];
    while (this.blockedOn === undefined) {
      if (this.declared === undefined) {
        if (this.buffered < 4) break;
        const size = this.peek(4).readInt32BE(0);
        if (size < 0 || size > this.maxFrameBytes) return { frames, error: `frame length ${size} is outside 0..${this.maxFrameBytes}` };
        if (this.pool && !this.pool.tryReserve(size)) {
          this.blockedOn = size;
          break;
        }
        this.startFrame(size);
      }
      const frame = this.large ? this.fillLarge() : this.buffered >= this.declared! ? this.take(this.declared!) : undefined;
      if (!frame) break;
      frames.push(frame);
      this.declared = undefined;
    }
    return { frames };
  }

  private startFrame(size: number): void {
    this.take(4);
    this.declared = size;
    if (size > LARGE_FRAME_BYTES) this.large = { buf: Buffer.allocUnsafeSlow(LARGE_FRAME_BYTES), filled: 0 };
  }

  /** Moves buffered bytes into the large frame; returns it once whole. */
  private fillLarge(): Buffer | undefined {
    const large = this.large!;
    const size = this.declared!;
    while (this.chunks.length > 0 && large.filled < size) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length, size - large.filled);
      if (large.filled + n > large.buf.length) {
        const grown = Buffer.allocUnsafeSlow(Math.min(size, Math.max(2 * large.buf.length, large.filled + n)));
        large.buf.copy(grown, 0, 0, large.filled);
        large.buf = grown;
      }
      chunk.copy(large.buf, large.filled, 0, n);
      large.filled += n;
      this.buffered -= n;
      if (n === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(n);
    }
    if (large.filled < size) return undefined;
    this.large = undefined;
    return large.buf;
  }

  /** Tries again to reserve the frame the pool was short of; true when the reader can go on (push an empty buffer). */
  retryReserve(): boolean {
    if (this.blockedOn === undefined) return true;
    if (!this.pool!.tryReserve(this.blockedOn)) return false;
    this.startFrame(this.blockedOn);
    this.blockedOn = undefined;
    return true;
  }

  /** Gives back the reservation of the frame in progress and drops what was buffered. */
  discard(): void {
    if (this.declared !== undefined) this.pool?.release(this.declared);
    this.declared = undefined;
    this.blockedOn = undefined;
    this.large = undefined;
    this.chunks = [];
    this.buffered = 0;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (n === 0) out = Buffer.alloc(0);
    else if (first!.length >= n) {
      out = first!.subarray(0, n);
      if (first!.length === n) this.chunks.shift();
      else this.chunks[0] = first!.subarray(n);
    } else {
      const all = Buffer.concat(this.chunks);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }
}
