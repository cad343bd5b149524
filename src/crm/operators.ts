import type { FieldType, Operator } from './types';

/** The spec's filter table: which operators each field type allows, and its default. */
export const FIELD_OPERATORS: Readonly<
  Record<FieldType, { operators: readonly Operator[]; defaultOperator: Operator }>
> = {
  string: { operators: ['eq', 'contains'], defaultOperator: 'eq' },
  text: { operators: ['contains'], defaultOperator: 'contains' },
  date: { operators: ['eq', 'gte', 'lte'], defaultOperator: 'eq' },
  timestamp: { operators: ['eq', 'gte', 'lte'], defaultOperator: 'eq' },
  decimal: { operators: ['eq', 'gte', 'lte'], defaultOperator: 'eq' },
  user: { operators: ['eq'], defaultOperator: 'eq' },
  'single-select': { operators: ['eq'], defaultOperator: 'eq' },
  'multi-select': { operators: ['contains'], defaultOperator: 'contains' },
};

export function defaultOperator(type: FieldType): Operator {
  return FIELD_OPERATORS[type].defaultOperator;
}
