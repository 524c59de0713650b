/**
 * Every error the OSS server answers, in one catalogue: code, HTTP status and message as OSS documents them
 * (OSS API reference, "Error responses" and the per-operation error tables; help.aliyun.com/document_detail/32005).
 * Handlers throw these; the pipeline renders them as OSS's XML <Error> envelope.
 */
export class OssApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    /** OSS's error-center code (EC), where its documentation names the case. */
    readonly ec?: string,
  ) {
    super(message);
  }
}

interface ErrorSpec { status: number; message: string }

const CATALOGUE = {
  AccessDenied: { status: 403, message: 'You have no right to access this object because of bucket acl or RAM policy.' },
  BadDigest: { status: 400, message: 'The Content-MD5 you specified did not match what we received.' },
  BucketAlreadyExists: { status: 409, message: 'The requested bucket name is not available.' },
  BucketNotEmpty: { status: 409, message: 'The bucket you tried to delete is not empty.' },
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed object size.' },
  EntityTooSmall: { status: 400, message: 'Your proposed upload is smaller than the minimum allowed size: every part but the last must be at least 100 KB.' },
  FileAlreadyExists: { status: 409, message: 'The object you specified already exists and can not be overwritten.' },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  InvalidAccessKeyId: { status: 403, message: 'The OSS Access Key Id you provided does not exist in our records.' },
  InvalidArgument: { status: 400, message: 'Invalid argument.' },
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.' },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified is not valid.' },
  InvalidObjectName: { status: 400, message: 'The specified object is not valid: a key is at most 1023 bytes of UTF-8.' },
  InvalidPart: { status: 400, message: "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag." },
  InvalidPartOrder: { status: 400, message: 'The list of parts was not in ascending order.' },
  InvalidRange: { status: 416, message: 'The requested range cannot be satisfied.' },
  InvalidURI: { status: 400, message: 'Could not parse the specified URI.' },
  MalformedXML: { status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema.' },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.' },
  NoSuchKey: { status: 404, message: 'The specified key does not exist.' },
  NoSuchUpload: { status: 404, message: 'The specified upload does not exist.' },
  RequestTimeTooSkewed: { status: 403, message: 'The difference between the request time and the current time is too large.' },
  SignatureDoesNotMatch: { status: 403, message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' },
} as const satisfies Record<string, ErrorSpec>;

export type OssErrorCode = keyof typeof CATALOGUE;

/** An error of the catalogue; `message` replaces the documented one where OSS words it per case. */
export function ossError(code: OssErrorCode, extra: Record<string, string> = {}, message?: string): OssApiError {
  const spec: ErrorSpec = CATALOGUE[code];
  return new OssApiError(spec.status, code, message ?? spec.message, extra);
}

export const accessDenied = (why: string) => ossError('AccessDenied', {}, why);
export const invalidArgument = (name: string, value: string, why: string) => ossError('InvalidArgument', { ArgumentName: name, ArgumentValue: value }, why);
export const noSuchBucket = (bucket: string) => ossError('NoSuchBucket', { BucketName: bucket });
export const noSuchKey = (key: string) => ossError('NoSuchKey', { Key: key });
export const noSuchUpload = (uploadId: string) => ossError('NoSuchUpload', { UploadId: uploadId });
export const invalidUri = (text: string) =>
  ossError('InvalidURI', {}, `Could not parse the specified URI: ${JSON.stringify(text.slice(0, 200))} is not valid percent-encoding.`);
export const malformedXml = (why?: string) => ossError('MalformedXML', {}, why);
export const internalError = () => ossError('InternalError');

/**
 * A V1 signature (header or presigned URL) on a server that no longer accepts it: 403, EC 0002-00000080
 * (help.aliyun.com/en/oss/user-guide/0002-00000080 documents the status and EC, not the code string;
 * AccessDenied is the code OSS gives its other 403 refusals).
 */
export function v1SignatureRefused(): OssApiError {
  const message = 'OSS signature V1 is not accepted by this bucket: sign requests with V4 (OSS4-HMAC-SHA256), or start the server with V1 allowed.';
  return new OssApiError(403, 'AccessDenied', message, {}, '0002-00000080');
}

/**
 * A V4 request whose `x-oss-content-sha256` is anything but UNSIGNED-PAYLOAD, matching the body or not: OSS's V4
 * does not sign payloads and says to send UNSIGNED-PAYLOAD (EC 0002-00000214,
 * help.aliyun.com/en/oss/user-guide/0002-00000214); 400 InvalidArgument naming the header, as OSS answers.
 */
export function payloadHashRefused(value: string): OssApiError {
  const extra = { ArgumentName: 'x-oss-content-sha256', ArgumentValue: value.slice(0, 64) };
  return new OssApiError(400, 'InvalidArgument', 'The x-oss-content-sha256 only supports UNSIGNED-PAYLOAD.', extra, '0002-00000214');
}

/**
 * A V4 presigned URL whose `x-oss-expires` is outside 1–604 800 s (7 days): EC 0002-00000232
 * (help.aliyun.com/en/oss/user-guide/0002-00000232 names the EC and the range, not the code string;
 * InvalidArgument is what OSS answers for the URL's other malformed parameters).
 */
export function presignedExpiryRefused(value: string): OssApiError {
  const message = `x-oss-expires must be from 1 to 604800 seconds (7 days); got ${JSON.stringify(value)}.`;
  return new OssApiError(400, 'InvalidArgument', message, { ArgumentName: 'x-oss-expires', ArgumentValue: value }, '0002-00000232');
}

/** A failure injected by a test (OssFaults): the status and code it asked for. */
export function injectedFault(status: number, code: string | undefined, action: string): OssApiError {
  return new OssApiError(status, code ?? (status >= 500 ? 'ServiceUnavailable' : 'InjectedFault'), `Injected fault for ${action}.`);
}
