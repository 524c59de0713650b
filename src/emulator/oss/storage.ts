import type { Readable } from 'node:stream';

/** What the store keeps with an object and reports on HEAD, GET and listings. */
export interface ObjectMeta {
  key: string;
  size: number;
  /** Quoted upper-case MD5 hex (or the multipart form "<md5>-<parts>"), as OSS reports it. */
  etag: string;
  contentType: string;
  lastModified: string;
  userMeta: Record<string, string>;
  /** Content-Disposition, Content-Encoding, Cache-Control, Expires, Content-Language as given on upload (absent in older data). */
  standardHeaders?: Record<string, string>;
}

/** The fields a writer chooses; size, ETag (unless given) and time come from the store. */
export interface ObjectFields {
  contentType: string;
  userMeta: Record<string, string>;
  standardHeaders?: Record<string, string>;
  etag?: string;
}

export interface BucketMeta { name: string; region: string; creationDate: string }

/** A body streamed to disk and hashed, waiting to become an object or a part (or to be discarded). */
export interface StagedBody {
  readonly size: number;
  readonly md5: Buffer;
  /** Removes it unless it was stored; safe to call more than once. */
  discard(): Promise<void>;
}

/** One version of an object, held open: its metadata and its bytes come from the same file. */
export interface StoredObject {
  readonly meta: ObjectMeta;
  /** The bytes (optionally a range, inclusive end) as a stream, which closes the object when it ends. */
  body(range?: { start: number; end: number }): Readable;
  close(): Promise<void>;
}

/** Buckets and their objects, as the operations see them. */
export interface ObjectStorage {
  bucket(name: string): BucketMeta | undefined;
  listBuckets(): BucketMeta[];
  createBucket(name: string, region: string): Promise<BucketMeta>;
  isEmpty(name: string): boolean;
  deleteBucket(name: string): Promise<void>;
  /** The object's metadata from the index (listings, existence checks). */
  head(bucket: string, key: string): ObjectMeta | undefined;
  /** Streams a body to disk (at most `maxBytes`, else EntityTooLarge), hashing it, before it becomes anything. */
  stage(source: AsyncIterable<Buffer>, maxBytes: number): Promise<StagedBody>;
  /** Makes a staged body the object's new version, atomically; its ETag is the body's MD5 unless given. */
  put(bucket: string, key: string, body: StagedBody, fields: ObjectFields): Promise<ObjectMeta>;
  /** Opens the current version, or undefined when there is none. */
  open(bucket: string, key: string): Promise<StoredObject | undefined>;
  delete(bucket: string, key: string): Promise<boolean>;
  /** Keys of a bucket in byte order (OSS lists in lexicographic UTF-8 order). */
  sortedKeys(bucket: string): readonly string[];
}

/** A multipart upload in progress. */
export interface Upload {
  id: string;
  bucket: string;
  key: string;
  fields: ObjectFields;
}

export interface PartInfo { partNumber: number; lastModified: string; etag: string; size: number }

/** Multipart uploads: their parts until completed into an object, or aborted. */
export interface UploadStorage {
  initiate(bucket: string, key: string, fields: ObjectFields): Promise<Upload>;
  find(uploadId: string): Promise<Upload | undefined>;
  putPart(upload: Upload, partNumber: number, body: StagedBody): Promise<void>;
  listParts(upload: Upload): Promise<PartInfo[]>;
  /** Joins the listed parts into the object, checking order, ETags and sizes as OSS does; the upload ends. */
  complete(upload: Upload, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<ObjectMeta>;
  abort(upload: Upload): Promise<void>;
}
