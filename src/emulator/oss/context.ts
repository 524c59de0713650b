import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessKeys } from './access-keys.js';
import type { OssFaults } from './faults.js';
import type { BodyKind, RequestBody } from './request-body.js';
import type { ObjectStorage, UploadStorage } from './storage.js';

/** What every request may use of the server: its stores, keys, region and faults. */
export interface OssServerState {
  readonly region: string;
  /** Accept OSS signature V1 (refused otherwise, as OSS does for new accounts and buckets). */
  readonly allowV1: boolean;
  readonly store: ObjectStorage;
  readonly uploads: UploadStorage;
  readonly keys: AccessKeys;
  readonly faults: OssFaults;
  readonly log: (line: string) => void;
}

/** A request once routed, authenticated and its body read. */
export interface RequestContext {
  readonly server: OssServerState;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly query: ReadonlyMap<string, string | null>;
  readonly body: RequestBody;
  readonly accessKeyId: string;
}

export interface BucketContext extends RequestContext { readonly bucket: string }
export interface ObjectContext extends BucketContext { readonly key: string }

/** One OSS operation of a level, run with that level's context. */
export interface Operation<C extends RequestContext> {
  /** The RAM action the request is authorised as, when it is not the operation's own name (HeadObject is GetObject). */
  readonly ram?: string;
  /** The bucket need not exist yet (PutBucket). */
  readonly createsBucket?: true;
  /** What the operation does with the request body (default: ignores it). */
  readonly body?: BodyKind;
  run(ctx: C): Promise<void>;
}

export type OperationTable<Name extends string, C extends RequestContext> = { readonly [N in Name]: Operation<C> };
