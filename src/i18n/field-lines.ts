import type { FieldProblem } from '../definition/field-checks.js';
import { FIELD_BY_KEY, fieldTitle, type FieldSpec } from '../definition/fields.js';
import { format, messages, type Lang } from './messages.js';
import { problemText } from './problems.js';

/** A field named by its flag and label: "--name (Connector name)", "--name（Connector名称）". */
export function flagTitle(field: FieldSpec, lang: Lang): string {
  return lang === 'en' ? fieldTitle(field) : format(messages(lang).flagTitle, { flag: field.flag, label: field.label[lang] });
}

/** Problems by field as lines in the user's language, each field named by `titleOf` (a flag, a file's key, a label). */
export function fieldProblemLines(found: FieldProblem[], lang: Lang, titleOf: (field: FieldSpec) => string): string[] {
  const t = messages(lang);
  return found.map((f) => format(t.labelled, { label: titleOf(FIELD_BY_KEY[f.field]), text: problemText(f.problem, lang) }));
}
