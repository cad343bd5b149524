// The demo workspace's templates: what GET /template/{type} answers and what writes are checked against.
import {
  ENTITY_TYPES,
  type EntityType,
  type Template,
  type TemplateField,
} from '../../src/crm/types';

// The API's entity types, in the order the API reference lists them.
export { ENTITY_TYPES };

export const EMPLOYEES_FIELD_ID = '5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10';
export const CONTACT_CUSTOM_FIELD_ID = '97e9b775-8524-4aaf-ba48-9dc4d7123473';

const opts = (...labels: string[]) => ({ options: labels.map((label) => ({ label })) });

export const INDUSTRIES = [
  'Software',
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Finance',
  'Logistics',
  'Education',
  'Energy',
  'Consulting',
  'Media',
];
export const COMPANY_TAGS = ['Partner', 'Prospect', 'Customer', 'Reseller', 'Enterprise', 'SMB'];
export const SALE_STATUSES = ['open', 'won', 'lost'];
export const PRODUCTS = [
  'Atlas CRM Cloud',
  'Atlas CRM Data Center',
  'Onboarding',
  'Premium Support',
  'Training',
  'Custom Integration',
];

const TEMPLATES: Record<EntityType, Template> = {
  company: {
    sections: [
      {
        name: 'General',
        fields: [
          { id: 'company-name', label: 'Name', type: 'string', required: true },
          { id: 'company-website', label: 'Website', type: 'string', required: false },
          {
            id: 'company-industry',
            label: 'Industry',
            type: 'single-select',
            config: opts(...INDUSTRIES),
            required: false,
          },
          {
            id: 'company-tags',
            label: 'Tags',
            type: 'multi-select',
            config: opts(...COMPANY_TAGS),
            required: false,
          },
        ],
      },
      {
        name: 'Details',
        fields: [
          { id: 'company-description', label: 'Description', type: 'text', required: false },
          { id: 'company-founded', label: 'Founded', type: 'date', required: false },
          {
            id: 'company-account-manager',
            label: 'Account manager',
            type: 'user',
            required: false,
          },
          { id: EMPLOYEES_FIELD_ID, label: 'Employees', type: 'decimal', required: false },
        ],
      },
    ],
  },
  contact: {
    sections: [
      {
        name: 'General',
        fields: [
          { id: 'contact-name', label: 'Name', type: 'string', required: true },
          { id: 'contact-email', label: 'Email', type: 'string', required: false },
          { id: 'contact-phone', label: 'Phone', type: 'string', required: false },
          { id: 'contact-job-title', label: 'Job title', type: 'string', required: false },
        ],
      },
      {
        name: 'Details',
        fields: [
          { id: 'contact-notes', label: 'Notes', type: 'text', required: false },
          { id: 'contact-birthday', label: 'Birthday', type: 'date', required: false },
          {
            id: 'contact-last-contacted',
            label: 'Last contacted',
            type: 'timestamp',
            required: false,
          },
          { id: CONTACT_CUSTOM_FIELD_ID, label: 'Custom data', type: 'string', required: false },
        ],
      },
    ],
  },
  sale: {
    sections: [
      {
        name: 'General',
        fields: [
          { id: 'sale-name', label: 'Name', type: 'string', required: true },
          {
            id: 'sale-status',
            label: 'Status',
            type: 'single-select',
            'default-value': 'open',
            config: opts(...SALE_STATUSES),
            required: false,
          },
          {
            id: 'sale-balance',
            label: 'Balance',
            type: 'decimal',
            config: { currency: 'EUR' },
            required: false,
          },
          { id: 'sale-owner', label: 'Owner', type: 'user', required: false },
        ],
      },
      {
        name: 'Timeline',
        fields: [
          { id: 'sale-opened-at', label: 'Opened at', type: 'date', required: false },
          { id: 'sale-expected-close', label: 'Expected close', type: 'date', required: false },
          { id: 'sale-closed-at', label: 'Closed at', type: 'timestamp', required: false },
        ],
      },
      {
        name: 'Details',
        fields: [
          {
            id: 'sale-products',
            label: 'Products',
            type: 'multi-select',
            config: opts(...PRODUCTS),
            required: false,
          },
          { id: 'sale-notes', label: 'Notes', type: 'text', required: false },
        ],
      },
    ],
  },
};

export function isEntityType(v: unknown): v is EntityType {
  return typeof v === 'string' && (ENTITY_TYPES as readonly string[]).includes(v);
}

/** A deep copy, so callers can never mutate the simulator's templates. */
export function templateOf(type: EntityType): Template {
  return structuredClone(TEMPLATES[type]);
}

export function nameFieldOf(type: EntityType): string {
  return `${type}-name`;
}

const FIELD_MAPS = new Map<EntityType, Map<string, TemplateField>>(
  ENTITY_TYPES.map((t) => [
    t,
    new Map(TEMPLATES[t].sections.flatMap((s) => s.fields).map((f) => [f.id, f])),
  ]),
);

export function fieldsOf(type: EntityType): Map<string, TemplateField> {
  return FIELD_MAPS.get(type) ?? new Map();
}

/** Field ids are unique across templates, so a field id names its entity type. */
export function findField(fieldId: string): { type: EntityType; field: TemplateField } | undefined {
  for (const type of ENTITY_TYPES) {
    const field = fieldsOf(type).get(fieldId);
    if (field) return { type, field };
  }
  return undefined;
}

export function optionLabels(field: TemplateField): string[] {
  return (field.config?.options ?? []).map((o) => o.label);
}
