/** An error answered as OSS answers it: an XML <Error> with Code, Message, RequestId and HostId. */
export class OssApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const noSuchBucket = (bucket: string) => new OssApiError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket });
export const noSuchKey = (key: string) => new OssApiError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
export const accessDenied = (why: string) => new OssApiError(403, 'AccessDenied', why);
export const invalidArgument = (name: string, value: string, why: string) =>
  new OssApiError(400, 'InvalidArgument', why, { ArgumentName: name, ArgumentValue: value });
