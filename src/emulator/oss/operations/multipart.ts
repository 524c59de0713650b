import type { ObjectContext, OperationTable } from '../context.js';
import type { MultipartOperationName } from '../detect.js';
import { invalidArgument, malformedXml, noSuchUpload } from '../errors.js';
import { send, sendXml } from '../respond.js';
import type { Upload } from '../storage.js';
import { checkMd5, etagOf, fieldsOf, xmlParser } from './common.js';

/** Multipart upload operations (the request names an object and `?uploads` or `?uploadId=`). */
export const multipartOperations: OperationTable<MultipartOperationName, ObjectContext> = {
  InitiateMultipartUpload: { ram: 'PutObject', run: initiate },
  UploadPart: { ram: 'PutObject', body: 'object', run: uploadPart },
  CompleteMultipartUpload: { ram: 'PutObject', body: 'xml', run: complete },
  AbortMultipartUpload: { run: abort },
  ListParts: { run: listParts },
};

/** The upload `?uploadId=` names, which must be for this bucket and key. */
async function uploadOf(ctx: ObjectContext): Promise<Upload> {
  const uploadId = ctx.query.get('uploadId') ?? '';
  const upload = await ctx.server.uploads.find(uploadId);
  if (!upload || upload.bucket !== ctx.bucket || upload.key !== ctx.key) throw noSuchUpload(uploadId);
  return upload;
}

async function initiate(ctx: ObjectContext): Promise<void> {
  const upload = await ctx.server.uploads.initiate(ctx.bucket, ctx.key, fieldsOf(ctx.req.headers));
  sendXml(ctx, 'InitiateMultipartUploadResult', { Bucket: ctx.bucket, Key: ctx.key, UploadId: upload.id });
}

async function uploadPart(ctx: ObjectContext): Promise<void> {
  const upload = await uploadOf(ctx);
  const partNumber = Number(ctx.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw invalidArgument('partNumber', String(ctx.query.get('partNumber')), 'Part number must be an integer between 1 and 10000, inclusive.');
  }
  checkMd5(ctx);
  await ctx.server.uploads.putPart(upload, partNumber, ctx.body.staged());
  send(ctx, 200, '', { etag: etagOf(ctx.body.md5()) });
}

/** A part's ETag as given in CompleteMultipartUpload, quoted and upper-case as the server reports it. */
const quoted = (etag: unknown) => String(etag).toUpperCase().replace(/^(?!")/, '"').replace(/(?<!")$/, '"');

async function complete(ctx: ObjectContext): Promise<void> {
  const upload = await uploadOf(ctx);
  const doc = xmlParser.parse(ctx.body.text()) as { CompleteMultipartUpload?: { Part?: Array<{ PartNumber: string; ETag: string }> } };
  const parts = (doc.CompleteMultipartUpload?.Part ?? []).map((p) => ({ partNumber: Number(p.PartNumber), etag: quoted(p.ETag) }));
  if (parts.length === 0) throw malformedXml();
  const meta = await ctx.server.uploads.complete(upload, parts);
  sendXml(ctx, 'CompleteMultipartUploadResult', { Location: `http://${ctx.bucket}.oss-${ctx.server.region}.aliyuncs.com/${ctx.key}`, Bucket: ctx.bucket, Key: ctx.key, ETag: meta.etag });
}

async function abort(ctx: ObjectContext): Promise<void> {
  await ctx.server.uploads.abort(await uploadOf(ctx));
  send(ctx, 204);
}

async function listParts(ctx: ObjectContext): Promise<void> {
  const upload = await uploadOf(ctx);
  const parts = (await ctx.server.uploads.listParts(upload)).map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: p.etag, Size: p.size }));
  sendXml(ctx, 'ListPartsResult', { Bucket: ctx.bucket, Key: ctx.key, UploadId: upload.id, MaxParts: 1000, IsTruncated: false, Part: parts });
}
