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

/** Masks a secret for display: the first four characters, then ****. Short secrets show nothing. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '';
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}****`;
}
