// Public entry of the Atlas CRM simulator: start it in-process from tests, sandbox and benches.
export { startSimulator } from './server';
export type {
  Dataset,
  FaultConfig,
  ListFields,
  RunningSimulator,
  SimulatorControl,
  SimulatorOptions,
  SimulatorStats,
} from './api-types';
export { BUSY_COMPANY_NAME, busyCompany } from './busy-company';
export { NO_FAULTS } from './faults';
export { ATLAS_CRM_ORIGIN, LIST_FIELDS } from './render';
export { DEMO_ACCOUNT_IDS } from './seed';
export { CONTACT_CUSTOM_FIELD_ID, EMPLOYEES_FIELD_ID } from './templates';
