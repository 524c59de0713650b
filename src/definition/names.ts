/** Names derived from the connector name, as the console derives them. */
export function derivedNames(name: string) {
  return {
    taskGroup: `connect-${name}`,
    connectorGroup: `connect-cluster-${name}`,
    offsetTopic: `connect-offset-${name}`,
    configTopic: `connect-config-${name}`,
    statusTopic: `connect-status-${name}`,
    errorTopic: `connect-error-${name}`,
    deadLetterTopic: `connect-error-${name}`,
  };
}

/**
 * Where a connector's objects go in its bucket: `<name>/`, then `<topic>/<partition>/<first offset>.json`.
 * The deployed function and `sink run` use the same prefix, so their objects are interchangeable.
 */
export function objectPrefixOf(name: string): string {
  return `${name}/`;
}

/** Masks a secret for display: the first four characters, then ****. Short secrets show nothing. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '';
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}****`;
}

/** Where `create` records a connector unless told otherwise (here, not in definition-file.ts: no zod to load for it). */
export function defaultDefinitionPath(name: string): string {
  return `kafka-oss.${name}.json`;
}
