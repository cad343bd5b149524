// Local stand-in for Forge's backend platform edges: __forge_fetch__ (Jira REST + KVS), the
// invocation runtime, and resolver invocation. The app under src/ runs unchanged on top of it.
export { ForgeHost, type ForgeHostOptions } from './host';
export {
  InMemoryJira,
  APP_USER,
  APP_FIELD_STRING_MAX,
  appFieldsFromManifest,
  PROPERTY_VALUE_MAX,
  PROPERTY_KEY_MAX,
} from './jira';
export type {
  AppField,
  InMemoryJiraOptions,
  JiraCall,
  JiraFaults,
  JiraRequest,
  JiraSnapshot,
  Principal,
  RateLimitFault,
} from './jira';
export {
  InMemoryKvs,
  KVS_LIMITS,
  type InMemoryKvsOptions,
  type KvsSnapshot,
  type TtlUnit,
} from './kvs';
export { createForgeFetch, type ForgeFetch, type ForgeFetchDescriptor } from './fetch';
export {
  DOCUMENTED_TEST_ACCOUNTS,
  InMemoryPrivacy,
  REPORT_MAX_ACCOUNTS,
  type InMemoryPrivacyOptions,
  type ReportCall,
} from './privacy';
export {
  SCHEDULED_DEFAULT_TIMEOUT_MS,
  scheduledTriggersOf,
  type ScheduledRun,
  type ScheduledTriggerModule,
} from './scheduled';
export {
  EGRESS_ERROR_CODE,
  EgressGuard,
  backendEgressFromManifest,
  egressErrorMessage,
  egressRefusal,
  installEgressGate,
  type EgressOptions,
} from './egress';
export {
  DEFAULT_APP,
  InvocationTimeoutError,
  buildInvocation,
  jsonRoundTrip,
  type BuiltInvocation,
  type ForgeAppInfo,
  type ForgeInvokeRequest,
  type ResolverHandler,
} from './invoke';
export {
  currentInvocation,
  type ExtensionType,
  type InvocationContext,
  type InvocationScope,
} from './context';
export * from './demo';
export { createRng, type Rng } from '../shared/prng';
export type { Reply } from './http';
