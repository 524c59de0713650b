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

/** Buckets and their objects, as the operations see them. */
export interface ObjectStorage {
  bucket(name: string): BucketMeta | undefined;
  listBuckets(): BucketMeta[];
  createBucket(name: string, region: string): Promise<BucketMeta>;
  isEmpty(name: string): boolean;
  deleteBucket(name: string): Promise<void>;
  head(bucket: string, key: string): ObjectMeta | undefined;
  /** Stores an object given as one buffer or as the chunks it arrived in. */
  put(bucket: string, key: string, body: Buffer | readonly Buffer[], fields: ObjectFields): Promise<ObjectMeta>;
  /** The object's bytes (optionally a range, inclusive end), as a stream. */
  read(bucket: string, key: string, range?: { start: number; end: number }): Readable;
  readAll(bucket: string, key: string): Promise<Buffer>;
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
  putPart(upload: Upload, partNumber: number, body: readonly Buffer[]): Promise<void>;
  listParts(upload: Upload): Promise<PartInfo[]>;
  /** Joins the listed parts into the object, checking order, ETags and sizes as OSS does; the upload ends. */
  complete(upload: Upload, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<ObjectMeta>;
  abort(upload: Upload): Promise<void>;
}
