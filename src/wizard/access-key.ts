import type { AccessProbe } from '../definition/catalog.js';
import { objectPrefixOf } from '../definition/names.js';
import { minimalOssPolicyLine } from '../definition/oss-policy.js';
import { problem } from '../definition/problems.js';
import { hint } from '../i18n/explanations.js';
import { format } from '../i18n/messages.js';
import { problemText } from '../i18n/problems.js';
import { errorText } from './context.js';
import type { FieldPrompt } from './field-prompt.js';

/**
 * The AccessKey ID and Secret, with the console's explanation (passed to FC, not stored; the minimal
 * policy). The secret is probed against the bucket at once (put, get, delete of a probe object); a
 * refusal shows at the secret prompt, which asks again — or, answered empty, goes back to the ID. A
 * secret given in the environment or on standard input is probed at the ID prompt instead.
 */
export async function askAccessKey(p: FieldPrompt): Promise<void> {
  const { state } = p;
  p.explain(hint('accessKey', p.ctx.lang));
  p.explain(`${hint('minimalPolicy', p.ctx.lang)} ${minimalOssPolicyLine()}`);
  for (;;) {
    const warnings: string[] = [];
    const given = state.secretGiven ? state.secret : undefined;
    await p.text('accessKeyId', given ? { extra: (id) => probeProblem(p, id, given, warnings) } : {});
    if (given) return p.warn(warnings);
    const secret = await askSecret(p, state.input.accessKeyId ?? '', warnings);
    p.warn(warnings);
    if (secret !== '') {
      state.secret = secret;
      return;
    }
  }
}

/** The secret, probed at the prompt; '' when the user, refused, chose to change the AccessKey ID. */
async function askSecret(p: FieldPrompt, accessKeyId: string, warnings: string[]): Promise<string> {
  const { t } = p;
  let refused = false;
  return p.ctx.prompts.password({
    message: t.accessKeySecret,
    mask: '*',
    validate: async (value) => {
      if (value === '') return refused || p.labelled(t.accessKeySecret, problemText(problem('required', {}), p.ctx.lang));
      const refusal = await probeProblem(p, accessKeyId, value, warnings);
      refused = refusal !== undefined;
      return refusal ?? true;
    },
  });
}

/** The probe's refusal as the line to show at the prompt, or undefined (a probe that could not run is a warning). */
async function probeProblem(p: FieldPrompt, accessKeyId: string, secret: string, warnings: string[]): Promise<string | undefined> {
  const { catalog } = p.ctx;
  const { bucket, name } = p.state.input;
  if (!catalog || !bucket) return undefined;
  let probe: AccessProbe;
  try {
    probe = await catalog.probeAccess(bucket, accessKeyId, secret, name ? objectPrefixOf(name) : '');
  } catch (err) {
    probe = { ok: false, refusal: 'failed', action: 'PutObject', detail: errorText(err) };
  }
  const { t } = p;
  warnings.length = 0;
  if (probe.ok) {
    if (probe.leftBehind) warnings.push(format(t.probeLeftBehind, { object: probe.leftBehind }));
    return undefined;
  }
  if (probe.refusal === 'failed') {
    warnings.push(format(t.probeFailed, { bucket, detail: probe.detail }));
    return undefined;
  }
  const reason = {
    'bad-credentials': t.probeBadCredentials,
    'access-denied': format(t.probeAccessDenied, { action: probe.action, bucket, accessKeyId, policy: minimalOssPolicyLine() }),
    'no-such-bucket': format(t.probeNoBucket, { bucket }),
  }[probe.refusal];
  const next = p.state.secretGiven ? t.secretGivenElsewhere : t.secretRetry;
  return p.labelled(p.state.secretGiven ? p.label('accessKeyId') : t.accessKeySecret, `${reason} ${next}`);
}
