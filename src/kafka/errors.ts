/** Errors of the data-plane client that callers (the CLI) turn into exit codes. */

/** The request names something the cluster does not have: an unknown topic or a partition out of range. */
export class KafkaNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaNotFoundError';
  }
}

/** The cluster could not be reached, refused the credentials, or failed the request after the bounded retries. */
export class KafkaRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaRequestError';
  }
}

/** Removes a secret from text that may echo it (kafkajs error messages can quote the SASL request). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
