/** A RAM-style policy limiting what one AccessKey may do (no policy: everything). */
export interface OssPolicy {
  Version: '1';
  Statement: Array<{ Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: string | string[] }>;
}

function matches(pattern: string, value: string, caseInsensitive = false): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, caseInsensitive ? 'i' : '');
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
    const actionHit = list(statement.Action).some((a) => matches(a, action, true));
    const resourceHit = list(statement.Resource).some((r) => matches(r, resource));
    if (!actionHit || !resourceHit) continue;
    if (statement.Effect === 'Deny') return false;
    allow = true;
  }
  return allow;
}

/** Checks a policy's shape, naming the field, the rule and the value given of the first problem. */
export function validatePolicy(policy: unknown, where = 'policy'): OssPolicy {
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new Error(`${where}.${field} ${rule}; got ${JSON.stringify(value)}`);
  };
  const doc = policy as Partial<OssPolicy> | null;
  if (typeof doc !== 'object' || doc === null) fail('', 'must be an object', policy);
  if (doc!.Version !== '1') fail('Version', 'must be "1"', doc!.Version);
  if (!Array.isArray(doc!.Statement) || doc!.Statement.length === 0) fail('Statement', 'must be a non-empty array', doc!.Statement);
  doc!.Statement!.forEach((st, i) => {
    if (st?.Effect !== 'Allow' && st?.Effect !== 'Deny') fail(`Statement[${i}].Effect`, 'must be "Allow" or "Deny"', st?.Effect);
    for (const a of list(st.Action ?? [])) if (typeof a !== 'string' || !/^(oss:[A-Za-z*]+|\*)$/.test(a)) fail(`Statement[${i}].Action`, 'must hold "oss:<Action>" names (wildcards allowed) or "*"', a);
    if (list(st.Action ?? []).length === 0) fail(`Statement[${i}].Action`, 'must name at least one action', st.Action);
    for (const r of list(st.Resource ?? [])) if (typeof r !== 'string' || !(r === '*' || r.startsWith('acs:oss:'))) fail(`Statement[${i}].Resource`, 'must hold "acs:oss:*:*:<bucket>[/<key>]" patterns or "*"', r);
    if (list(st.Resource ?? []).length === 0) fail(`Statement[${i}].Resource`, 'must name at least one resource', st.Resource);
  });
  return doc as OssPolicy;
}
