/**
 * The official SDKs are CommonJS modules whose `exports.default` is the client class. Node's ESM
 * loader hands us `module.exports` as the default import, while bundlers and vitest hand us
 * `exports.default` directly: accept both.
 */
export function sdkClientClass<T>(imported: { default: T }): T {
  return (typeof imported === 'function' ? imported : imported.default) as T;
}
