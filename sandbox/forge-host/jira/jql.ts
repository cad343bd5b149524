// A small JQL reader for the stand-in: `field op value` clauses joined by AND (a parenthesised
// group of them too), and an ORDER BY. Only what the app sends is understood (the indexed link
// property, issuekey, project, statusCategory, app custom fields by `cf[N]` or name, with
// `is EMPTY` / `is not EMPTY`);
// anything else is refused with the words Jira uses, so a query the real Jira would read
// differently never passes here by accident.

/** manifest.yml's jira:entityProperty index of `atlas-crm-links`: searchAlias -> path and type. */
export const LINK_PROPERTY_KEY = 'atlas-crm-links';
export const INDEXED_ALIASES: Readonly<
  Record<string, { path: string; type: 'string' | 'number' }>
> = {
  crmcompany: { path: 'companyNames', type: 'string' },
  crmcontact: { path: 'contactNames', type: 'string' },
  crmsale: { path: 'saleNames', type: 'string' },
  crmentityid: { path: 'entityIds', type: 'string' },
  crmlinkcount: { path: 'count', type: 'number' },
};

export type Operator = '=' | '!=';

export type Clause =
  | { kind: 'property'; alias: string; operator: Operator; value: string }
  | { kind: 'project'; operator: Operator; value: string }
  /** An app custom field: `value` undefined with `is` (EMPTY) or `is not` (not EMPTY). */
  | { kind: 'field'; fieldId: string; operator: Operator | 'is' | 'is not'; value?: string }
  | { kind: 'issuekey'; operator: Operator; value: string }
  | { kind: 'statusCategory'; operator: Operator; value: string };

export type SortField = 'updated' | 'created' | 'key';

export interface SortKey {
  field: SortField;
  direction: 'ASC' | 'DESC';
}

export interface JqlQuery {
  clauses: Clause[];
  orderBy: SortKey[];
}

export type Parsed = { ok: true; query: JqlQuery } | { ok: false; message: string };

interface Token {
  kind: 'word' | 'string' | 'operator' | 'punct';
  text: string;
  /** 1-based character position, as Jira reports it. */
  at: number;
}

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '~', '>', '<'];
const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'was', 'changed', 'empty', 'null']);
const ISSUE_KEY_FIELDS = new Set(['issuekey', 'key', 'issue']);
const DEFAULT_DIRECTION: Record<SortField, 'ASC' | 'DESC'> = {
  updated: 'DESC',
  created: 'DESC',
  key: 'ASC',
};

class JqlError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const at = i + 1;
    if (ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text.charAt(j) !== ch; j++) {
        if (text.charAt(j) === '\\' && j + 1 < text.length) j += 1;
        value += text.charAt(j);
      }
      if (j >= text.length)
        throw new JqlError(
          `Error in the JQL Query: The quoted string has not been completed. (line 1, character ${at})`,
        );
      tokens.push({ kind: 'string', text: value, at });
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'operator', text: op, at });
      i += op.length;
      continue;
    }
    if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, at });
      i += 1;
      continue;
    }
    const word = /^(?:cf\[\d+\]|[A-Za-z0-9_.\-*]+)/i.exec(text.slice(i));
    if (!word)
      throw new JqlError(
        `Error in the JQL Query: The character '${ch}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}' instead. (line 1, character ${at})`,
      );
    tokens.push({ kind: 'word', text: word[0], at });
    i += word[0].length;
  }
  return tokens;
}

/** Words the stand-in does not read: said plainly, in Jira's error shape. */
function notUnderstood(token: Token): JqlError {
  return new JqlError(
    `Error in the JQL Query: '${token.text}' is not understood here; this Jira stand-in reads only ` +
      `'field = value' and 'field != value' clauses joined by AND, and ORDER BY. (line 1, character ${token.at})`,
  );
}

class Reader {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(expected: string): Token {
    const token = this.tokens[this.index];
    if (!token)
      throw new JqlError(
        `Error in the JQL Query: Expecting ${expected} but got the end of the query.`,
      );
    this.index += 1;
    return token;
  }

  isWord(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }
}

/** Finds an app custom field's id by `cf[N]` or name; undefined when there is none. */
export type FieldLookup = (name: string) => string | undefined;

/** `field is EMPTY` / `field is not EMPTY`, after the field: only app fields take it here. */
function emptiness(reader: Reader, fieldId: string): Clause {
  reader.next('IS');
  const not = reader.isWord('not');
  if (not) reader.next('NOT');
  const value = reader.next('EMPTY');
  if (!['empty', 'null'].includes(value.text.toLowerCase())) throw notUnderstood(value);
  return { kind: 'field', fieldId, operator: not ? 'is not' : 'is' };
}

function clause(reader: Reader, lookup: FieldLookup): Clause {
  const fieldToken = reader.next('a field name');
  if (fieldToken.kind === 'punct' || fieldToken.kind === 'operator')
    throw notUnderstood(fieldToken);
  if (fieldToken.kind === 'word' && RESERVED.has(fieldToken.text.toLowerCase()))
    throw notUnderstood(fieldToken);
  const field = fieldToken.text.toLowerCase();
  const appField = ISSUE_KEY_FIELDS.has(field) ? undefined : lookup(fieldToken.text);
  if (appField && reader.isWord('is')) return emptiness(reader, appField);
  const opToken = reader.next('an operator');
  if (
    opToken.kind === 'word' &&
    ['in', 'not', 'is', 'was', 'changed'].includes(opToken.text.toLowerCase())
  )
    throw notUnderstood(opToken);
  if (opToken.kind !== 'operator') {
    throw new JqlError(
      `Error in the JQL Query: Expecting operator but got '${opToken.text}'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character ${opToken.at})`,
    );
  }
  const valueToken = reader.next('a value');
  if (valueToken.kind !== 'word' && valueToken.kind !== 'string') throw notUnderstood(valueToken);
  if (reader.peek()?.text === '(') throw notUnderstood(valueToken); // a function call
  const operator = opToken.text;
  const kind = ISSUE_KEY_FIELDS.has(field)
    ? 'issuekey'
    : field === 'statuscategory'
      ? 'statusCategory'
      : field === 'project'
        ? 'project'
        : field in INDEXED_ALIASES
          ? 'property'
          : appField
            ? 'field'
            : undefined;
  if (!kind) {
    throw new JqlError(
      `Field '${fieldToken.text}' does not exist or you do not have permission to view it.`,
    );
  }
  if (operator !== '=' && operator !== '!=') {
    throw new JqlError(
      `The operator '${operator}' is not supported by the '${fieldToken.text}' field.`,
    );
  }
  if (kind === 'property') return { kind, alias: field, operator, value: valueToken.text };
  if (kind === 'field') return { kind, fieldId: appField!, operator, value: valueToken.text };
  return { kind, operator, value: valueToken.text };
}

function orderBy(reader: Reader): SortKey[] {
  const keys: SortKey[] = [];
  for (;;) {
    const token = reader.next('a field name');
    const field = token.text.toLowerCase();
    if (token.kind !== 'word' || !(field in DEFAULT_DIRECTION)) throw notUnderstood(token);
    const sortField = field as SortField;
    let direction = DEFAULT_DIRECTION[sortField];
    if (reader.isWord('asc') || reader.isWord('desc'))
      direction = reader.next('a direction').text.toUpperCase() as 'ASC' | 'DESC';
    keys.push({ field: sortField, direction });
    if (reader.peek()?.text !== ',') return keys;
    reader.next(',');
  }
}

/** A clause, or a parenthesised group of clauses joined by AND (flattened: AND of ANDs). */
function clauses(reader: Reader, lookup: FieldLookup): Clause[] {
  if (reader.peek()?.text !== '(') return [clause(reader, lookup)];
  reader.next('(');
  const group: Clause[] = [];
  for (;;) {
    group.push(...clauses(reader, lookup));
    const token = reader.next(')');
    if (token.text === ')') return group;
    if (!(token.kind === 'word' && token.text.toLowerCase() === 'and')) throw notUnderstood(token);
  }
}

/** Reads `a = "x" AND b != y ORDER BY updated DESC`; the message of a refusal is Jira's. */
export function parseJql(text: string, lookup: FieldLookup = () => undefined): Parsed {
  try {
    const reader = new Reader(tokenize(text));
    const found: Clause[] = [];
    let order: SortKey[] = [];
    while (reader.peek()) {
      if (reader.isWord('order')) {
        reader.next('ORDER');
        if (!reader.isWord('by')) throw notUnderstood(reader.next('BY'));
        reader.next('BY');
        order = orderBy(reader);
        const rest = reader.peek();
        if (rest) throw notUnderstood(rest);
        break;
      }
      if (found.length > 0) {
        const joiner = reader.next('AND');
        if (!(joiner.kind === 'word' && joiner.text.toLowerCase() === 'and'))
          throw notUnderstood(joiner);
      }
      found.push(...clauses(reader, lookup));
    }
    return { ok: true, query: { clauses: found, orderBy: order } };
  } catch (err) {
    if (err instanceof JqlError) return { ok: false, message: err.message };
    throw err;
  }
}
