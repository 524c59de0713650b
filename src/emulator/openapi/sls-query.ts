import { slsErrors } from './errors.js';

/*
 * The part of Log Service's search syntax the local cloud answers (help.aliyun.com/document_detail/43772.html,
 * "查询语法"): `*`; words, matched case-insensitively against the tokens of every field (full-text) or of one
 * field (`key: word`); "quoted phrases" (consecutive tokens); a trailing `*` for a prefix; `and`, `or`, `not`
 * and parentheses, with `and` binding tighter than `or` and words side by side meaning `and`. Text is cut into
 * tokens at SLS's default delimiters , '";=()[]{}?@&<>/: and white space. Analytic statements (`| SELECT …`)
 * are not modelled: such a query is refused.
 */

export type LogItem = Readonly<Record<string, string>>;
type Predicate = (item: LogItem) => boolean;

const DELIMITERS = /[\s,'";=()[\]{}?@&<>/:]+/;

export function tokens(text: string): string[] {
  return text.toLowerCase().split(DELIMITERS).filter((t) => t.length > 0);
}

/** Whether `words` occur in order, one after another, among `within` (the last may be a prefix). */
function phraseIn(words: readonly string[], within: readonly string[], prefix: boolean): boolean {
  for (let start = 0; start + words.length <= within.length; start++) {
    const fits = words.every((w, i) => (prefix && i === words.length - 1 ? within[start + i]!.startsWith(w) : within[start + i] === w));
    if (fits) return true;
  }
  return false;
}

function termPredicate(field: string | undefined, text: string): Predicate {
  const prefix = text.endsWith('*');
  const words = tokens(prefix ? text.slice(0, -1) : text);
  if (words.length === 0) return () => true;
  return (item) => {
    const values = field === undefined ? Object.values(item) : Object.hasOwn(item, field) ? [item[field]!] : [];
    return values.some((v) => phraseIn(words, tokens(v), prefix));
  };
}

/** The query's lexemes: parentheses, quoted phrases, `key:` and bare words. */
function lex(query: string): string[] {
  const out: string[] = [];
  const pattern = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()":]+\s*:|[^\s()"]+)/gy;
  let at = 0;
  while (at < query.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(query);
    if (!match) {
      if (query.slice(at).trim() === '') break;
      throw slsErrors.parameterInvalid(`query: cannot read ${JSON.stringify(query.slice(at))} (the local Log Service answers search statements: words, "phrases", key: value, and, or, not, parentheses)`);
    }
    out.push(match[1]!.replace(/\s+:$/, ':'));
    at = pattern.lastIndex;
  }
  return out;
}

/** A search statement as a predicate over log items; `*` or nothing matches every item. */
export function searchPredicate(query: string | undefined): Predicate {
  const statement = (query ?? '').trim();
  if (statement.includes('|')) throw slsErrors.parameterInvalid('query: analytic statements (… | SELECT …) are not modelled by the local Log Service; give a search statement');
  if (statement === '' || statement === '*') return () => true;
  const lexemes = lex(statement);
  let at = 0;
  const peek = () => lexemes[at];
  const keyword = (word: string) => peek()?.toLowerCase() === word;
  const fail = (why: string) => slsErrors.parameterInvalid(`query: ${why} in ${JSON.stringify(statement)}`);

  function primary(): Predicate {
    const next = lexemes[at++];
    if (next === undefined) throw fail('a word is missing');
    if (next === '(') {
      const inner = or();
      if (lexemes[at++] !== ')') throw fail('a parenthesis is not closed');
      return inner;
    }
    if (next === ')') throw fail('an unexpected ")"');
    if (next.endsWith(':')) {
      const value = lexemes[at++];
      if (value === undefined || value === '(' || value === ')') throw fail(`${next} has no value`);
      return termPredicate(next.slice(0, -1), unquote(value));
    }
    return next === '*' ? () => true : termPredicate(undefined, unquote(next));
  }
  function negation(): Predicate {
    if (!keyword('not')) return primary();
    at++;
    const inner = negation();
    return (item) => !inner(item);
  }
  function and(): Predicate {
    const parts = [negation()];
    while (at < lexemes.length && !keyword('or') && peek() !== ')') {
      if (keyword('and')) at++;
      parts.push(negation());
    }
    return (item) => parts.every((p) => p(item));
  }
  function or(): Predicate {
    const parts = [and()];
    while (keyword('or')) {
      at++;
      parts.push(and());
    }
    return (item) => parts.some((p) => p(item));
  }

  const predicate = or();
  if (at < lexemes.length) throw fail(`${JSON.stringify(lexemes[at])} is not expected`);
  return predicate;
}

function unquote(text: string): string {
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text;
}
