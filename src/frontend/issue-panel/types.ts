import type { EntityType } from '../../shared/contract';

/** Display order of entity types everywhere in the UI. */
export const ENTITY_TYPES_UI: readonly EntityType[] = ['company', 'contact', 'sale'];
