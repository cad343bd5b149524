// Types of the Atlas CRM REST API (spec: atlas-crm-api.md). Wire names are kept as the API spells them.

export const ENTITY_TYPES = ['company', 'contact', 'sale'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const FIELD_TYPES = [
  'string',
  'text',
  'date',
  'timestamp',
  'decimal',
  'user',
  'single-select',
  'multi-select',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const OPERATORS = ['eq', 'contains', 'gte', 'lte'] as const;
export type Operator = (typeof OPERATORS)[number];

/** A field value as the API carries it: multi-select is an array of option labels, decimal a number. */
export type FieldValue = string | number | string[] | null;
export type FieldValues = Record<string, FieldValue>;

export interface TemplateFieldOption {
  label: string;
}

export interface TemplateField {
  id: string;
  label: string;
  type: FieldType;
  'default-value'?: FieldValue;
  config?: {
    currency?: string;
    /** Select fields: the allowed option labels. */
    options?: TemplateFieldOption[];
  };
  required: boolean;
}

export interface TemplateSection {
  name: string;
  fields: TemplateField[];
}

export interface Template {
  sections: TemplateSection[];
}

export interface Href {
  href: string;
}

export interface EntityLinks {
  self?: Href;
  app?: Href;
}

export interface Entity {
  id: string;
  type: EntityType;
  /** Listed in the schema but absent from some list answers of the real service. */
  fields?: FieldValues;
  _links: EntityLinks;
}

export interface PageLinks {
  self?: Href;
  next?: Href;
}

export interface Page<T> {
  items: T[];
  total: number;
  _links: PageLinks;
}

export interface EntityLink {
  roles: string[];
  entity: Entity;
  _links: { self?: Href };
}

export interface Comment {
  id: string;
  comment: string;
  'account-id': string;
}

export interface ApiErrorBody {
  message?: string;
  schema?: unknown;
  errors?: { fields?: unknown };
}
