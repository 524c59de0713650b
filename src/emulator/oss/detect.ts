import type { IncomingHttpHeaders } from 'node:http';
import type { Target } from './route.js';

export type ServiceOperationName = 'ListBuckets';
export type BucketOperationName =
  'PutBucket' | 'DeleteBucket' | 'GetBucketInfo' | 'GetBucketLocation' | 'ListObjects' | 'ListObjectsV2' | 'DeleteMultipleObjects';
export type ObjectOperationName = 'PutObject' | 'CopyObject' | 'GetObject' | 'HeadObject' | 'DeleteObject';
export type MultipartOperationName = 'InitiateMultipartUpload' | 'UploadPart' | 'CompleteMultipartUpload' | 'AbortMultipartUpload' | 'ListParts';
export type OperationName = ServiceOperationName | BucketOperationName | ObjectOperationName | MultipartOperationName;

/** A request's operation, with the target its level needs. */
export type Dispatch =
  | { level: 'service'; name: ServiceOperationName }
  | { level: 'bucket'; bucket: string; name: BucketOperationName }
  | { level: 'object'; bucket: string; key: string; name: ObjectOperationName }
  | { level: 'multipart'; bucket: string; key: string; name: MultipartOperationName };

type Query = ReadonlyMap<string, string | null>;

/** Which OSS operation a request is, from its method, target and sub-resources (as the OSS API reference names them). */
export function detectOperation(method: string, target: Target, query: Query, headers: IncomingHttpHeaders): Dispatch {
  switch (target.level) {
    case 'service':
      return { level: 'service', name: 'ListBuckets' };
    case 'bucket':
      return { level: 'bucket', bucket: target.bucket, name: bucketOperation(method, query) };
    case 'object': {
      const multipart = multipartOperation(method, query);
      if (multipart) return { level: 'multipart', bucket: target.bucket, key: target.key, name: multipart };
      return { level: 'object', bucket: target.bucket, key: target.key, name: objectOperation(method, headers) };
    }
  }
}

function bucketOperation(method: string, query: Query): BucketOperationName {
  if (method === 'PUT') return 'PutBucket';
  if (method === 'DELETE') return 'DeleteBucket';
  if (method === 'POST' && query.has('delete')) return 'DeleteMultipleObjects';
  if (query.has('bucketInfo')) return 'GetBucketInfo';
  if (query.has('location')) return 'GetBucketLocation';
  return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
}

/** `?uploads` starts an upload; `?uploadId=` names one (PUT a part, POST completes, DELETE aborts, GET lists parts). */
function multipartOperation(method: string, query: Query): MultipartOperationName | undefined {
  if (method === 'POST') return query.has('uploads') ? 'InitiateMultipartUpload' : 'CompleteMultipartUpload';
  if (!query.has('uploadId')) return undefined;
  if (method === 'PUT') return 'UploadPart';
  if (method === 'DELETE') return 'AbortMultipartUpload';
  return method === 'HEAD' ? undefined : 'ListParts';
}

function objectOperation(method: string, headers: IncomingHttpHeaders): ObjectOperationName {
  if (method === 'PUT') return headers['x-oss-copy-source'] ? 'CopyObject' : 'PutObject';
  if (method === 'DELETE') return 'DeleteObject';
  if (method === 'HEAD') return 'HeadObject';
  return 'GetObject';
}
