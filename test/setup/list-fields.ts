// Which list shape the simulator answers with in this run of the integration and browser suites.
// jest.config.js runs the suites whose code paths read lists twice: once with fields in list items
// (the default), once without (as the API reference documents them), so both shapes meet the real
// resolvers. Its comment lists which suites, and why.
import type { ListFields } from '../../sandbox/crm-simulator';

export function simulatorListFields(): ListFields {
  return process.env.ATLAS_SIM_LIST_FIELDS === 'omit' ? 'omit' : 'include';
}
