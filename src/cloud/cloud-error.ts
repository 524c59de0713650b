import { KafkaOssError } from '../errors.js';

/**
 * The codes with which Alibaba Cloud refuses a call for flow control: the API gateway's `Throttling`,
 * `Throttling.User`, `Throttling.Api` and the like (help.aliyun.com/document_detail/48054.html; the SDKs
 * raise every code containing "Throttling" as ThrottlingError), and alikafka's `ONS_SYSTEM_FLOW_CONTROL`,
 * which Terraform's alicloud provider retries on every alikafka call.
 */
export function isFlowControlCode(code: string): boolean {
  return code.startsWith('Throttling') || code === 'ONS_SYSTEM_FLOW_CONTROL';
}

/** A failed call to a cloud API, naming the API, the code and the message (never a secret). */
export class CloudApiError extends KafkaOssError {
  constructor(
    readonly api: string,
    readonly code: string,
    readonly detail: string,
    readonly status?: number,
    readonly requestId?: string,
    /** Set when nothing answered: the `host:port` the call went to. */
    readonly unreachable?: string,
  ) {
    super(unreachable ? `${api} failed: cannot reach ${unreachable} (${detail})` : `${api} failed: ${code}: ${detail}${requestId ? ` (request id ${requestId})` : ''}`);
  }

  get throttled(): boolean {
    return isFlowControlCode(this.code) || /flow control/i.test(this.detail);
  }
}

interface SdkError {
  code?: string;
  message?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
  requestId?: string;
}

/** Socket errors, as Node names them, that mean the service never answered. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused', ENOTFOUND: 'host not found', EAI_AGAIN: 'DNS lookup failed', ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset', EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable',
};

/** Turns what the SDKs throw into a CloudApiError with the service's own code and message. */
export function toCloudApiError(api: string, err: unknown): CloudApiError {
  if (err instanceof CloudApiError) return err;
  const e = (err ?? {}) as SdkError;
  const reason = e.code ? UNREACHABLE[e.code] : undefined;
  if (reason) {
    // The SDK's message runs the socket error and the request line together ("…127.0.0.1:9100POST http://…").
    const endpoint = /(?:ECONN\w+|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH) ([^\s]+?:\d+)(?=[A-Z]|\s|$)/.exec(e.message ?? '')?.[1]
      ?? /(?:ENOTFOUND|EAI_AGAIN) ([^\s]+?)(?=[A-Z]{3,}|\s|$)/.exec(e.message ?? '')?.[1] ?? 'the endpoint';
    return new CloudApiError(api, 'NetworkError', reason, undefined, undefined, endpoint);
  }
  const data = e.data ?? {};
  // FC answers {ErrorCode, ErrorMessage}; the RPC gateway {Code, Message}.
  const code = String(data.ErrorCode ?? data.Code ?? e.code ?? (e.statusCode ? `HTTP${e.statusCode}` : 'NetworkError'));
  const message = String(data.ErrorMessage ?? data.Message ?? e.message ?? String(err)).replace(/^code: \d+, /, '').replace(/ request id: \S+$/, '');
  const requestId = (data.RequestId as string | undefined) ?? e.requestId;
  return new CloudApiError(api, code, message, e.statusCode, requestId);
}

/**
 * Calls an API, retrying with exponential backoff while the service answers with flow control,
 * so that a throttled call never fails a deploy.
 */
export async function callWithRetry<T>(api: string, call: () => Promise<T>, opts: { attempts?: number; baseDelayMs?: number } = {}): Promise<T> {
  const attempts = opts.attempts ?? 8;
  const base = opts.baseDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const error = toCloudApiError(api, err);
      // Nothing listening (connection refused) will not start listening within a retry: say so at once.
      const refused = error.unreachable !== undefined && error.detail === 'connection refused';
      const transient = error.throttled || (error.status !== undefined && error.status >= 500) || (error.code === 'NetworkError' && !refused);
      if (!transient || attempt >= attempts) throw error;
      const delay = Math.min(base * 2 ** (attempt - 1), 8000) * (0.75 + Math.random() * 0.5);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
