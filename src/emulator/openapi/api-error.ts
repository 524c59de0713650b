/**
 * An error answered the way the real service answers it. `envelope` picks the body shape:
 * - 'pop': the API gateway's JSON error with the HTTP status (signature, throttling, parameters);
 * - 'alikafka-200': HTTP 200 with `Success: false`, as alikafka reports business failures;
 * - 'fc': FC's `{ErrorCode, ErrorMessage}` with the HTTP status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly envelope: 'pop' | 'alikafka-200' | 'fc' = 'pop',
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const missingParameter = (name: string) => new ApiError(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
export const invalidParameter = (name: string, why: string) => new ApiError(400, 'InvalidParameter', `The parameter ${name} is invalid: ${why}.`);
