// A small JQL reader for the stand-in: `field op value` clauses joined by AND, and an ORDER BY.
// Only what the app sends is understood (the indexed link property, issuekey, statusCategory);
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
    const word = /^[A-Za-z0-9_.\-*]+/.exec(text.slice(i));
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

function clause(reader: Reader): Clause {
  const fieldToken = reader.next('a field name');
  if (fieldToken.kind === 'punct' || fieldToken.kind === 'operator')
    throw notUnderstood(fieldToken);
  if (fieldToken.kind === 'word' && RESERVED.has(fieldToken.text.toLowerCase()))
    throw notUnderstood(fieldToken);
  const field = fieldToken.text.toLowerCase();
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
      : field in INDEXED_ALIASES
        ? 'property'
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

/** Reads `a = "x" AND b != y ORDER BY updated DESC`; the message of a refusal is Jira's. */
export function parseJql(text: string): Parsed {
  try {
    const reader = new Reader(tokenize(text));
    const clauses: Clause[] = [];
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
      if (clauses.length > 0) {
        const joiner = reader.next('AND');
        if (!(joiner.kind === 'word' && joiner.text.toLowerCase() === 'and'))
          throw notUnderstood(joiner);
      }
      clauses.push(clause(reader));
    }
    return { ok: true, query: { clauses, orderBy: order } };
  } catch (err) {
    if (err instanceof JqlError) return { ok: false, message: err.message };
    throw err;
  }
}
