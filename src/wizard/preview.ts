import { FIELDS } from '../definition/fields.js';
import type { DefinitionInput } from '../definition/definition.js';
import { derivedNames, maskSecret } from '../definition/names.js';
import { choiceText, isChoiceField } from '../i18n/explanations.js';
import type { Lang, MessageKey } from '../i18n/messages.js';

export interface PreviewRow {
  step: string;
  label: string;
  value: string;
}

/** The preview table's rows: every field with its effective value; the secret masked. */
export function previewRows(input: DefinitionInput, secret: string | undefined, lang: Lang, t: Record<MessageKey, string>): PreviewRow[] {
  const derived = input.name ? derivedNames(input.name) : undefined;
  const stepTitle = { basic: t.stepBasic, source: t.stepSource, target: t.stepTarget, runtime: t.stepRuntime } as const;
  const effective: Record<string, string | undefined> = {
    offsetReset: input.offsetReset ?? 'latest',
    concurrency: input.concurrency ?? '6',
    failurePolicy: input.failurePolicy ?? 'log',
    resources: input.resources ?? 'auto',
    vpcId: input.vpcId ?? t.instanceDefault,
    vSwitchId: input.vSwitchId ?? t.instanceDefault,
    connectorGroup: input.connectorGroup ?? derived?.connectorGroup,
    offsetTopic: input.offsetTopic ?? derived?.offsetTopic,
    configTopic: input.configTopic ?? derived?.configTopic,
    statusTopic: input.statusTopic ?? derived?.statusTopic,
    errorTopic: input.errorTopic ?? derived?.errorTopic,
    deadLetterTopic: input.deadLetterTopic ?? input.errorTopic ?? derived?.deadLetterTopic,
  };
  const rows: PreviewRow[] = [];
  for (const field of FIELDS) {
    const value = input[field.key] ?? effective[field.key] ?? '';
    const shown = isChoiceField(field.key) ? choiceText(field.key, value, lang).name : value;
    rows.push({ step: stepTitle[field.step], label: field.label[lang], value: shown });
    if (field.key === 'instanceId') {
      rows.push({ step: t.stepBasic, label: t.taskType, value: 'KAFKA2OSS' });
      rows.push({ step: t.stepBasic, label: t.serviceRole, value: t.serviceRoleAuto });
      rows.push({ step: t.stepBasic, label: t.taskGroup, value: derived?.taskGroup ?? 'connect-<name>' });
    }
    if (field.key === 'accessKeyId') {
      rows.push({ step: t.stepTarget, label: t.accessKeySecret, value: secret ? maskSecret(secret) : '' });
    }
  }
  return rows;
}

/** Renders rows as an aligned plain-text table (display width aware for CJK labels). */
export function renderTable(rows: PreviewRow[]): string {
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  const stepW = Math.max(...rows.map((r) => width(r.step)));
  const labelW = Math.max(...rows.map((r) => width(r.label)));
  let previous = '';
  return rows
    .map((r) => {
      const step = r.step === previous ? '' : r.step;
      previous = r.step;
      return `  ${pad(step, stepW)}  ${pad(r.label, labelW)}  ${r.value}`;
    })
    .join('\n');
}
