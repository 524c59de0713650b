import { EXIT_USAGE, KafkaOssError } from '../errors.js';

/** Errors of the data-plane client, with the exit codes the README documents. */

/** The request names something the cluster does not have: an unknown topic or a partition out of range. */
export class KafkaNotFoundError extends KafkaOssError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

/** The cluster could not be reached, refused the credentials, or failed the request after the bounded retries. */
export class KafkaRequestError extends KafkaOssError {}

/** Removes a secret from text that may echo it (kafkajs error messages can quote the SASL request). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
