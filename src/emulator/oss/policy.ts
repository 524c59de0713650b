/** A RAM-style policy limiting what one AccessKey may do (no policy: everything). */
export interface OssPolicy {
  Version: '1';
  Statement: Array<{ Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: string | string[] }>;
}

function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/**
 * Evaluates a policy like RAM does: an explicit Deny wins, then any Allow; otherwise denied.
 * `resource` is `acs:oss:*:*:<bucket>` or `acs:oss:*:*:<bucket>/<key>`.
 */
export function allowed(policy: OssPolicy | undefined, action: string, resource: string): boolean {
  if (!policy) return true;
  let allow = false;
  for (const statement of policy.Statement) {
    const actionHit = list(statement.Action).some((a) => matches(a, action));
    const resourceHit = list(statement.Resource).some((r) => matches(r, resource));
    if (!actionHit || !resourceHit) continue;
    if (statement.Effect === 'Deny') return false;
    allow = true;
  }
  return allow;
}
