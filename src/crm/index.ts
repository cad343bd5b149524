// Public surface of the Atlas CRM client. No Forge imports anywhere under src/crm.

export * from './types';
export * from './operators';
export * from './errors';
export {
  MemoryTokenCache,
  TokenProvider,
  TOKEN_PATH,
  DEFAULT_TOKEN_TTL_SECONDS,
  credentialForms,
} from './auth';
export type { CachedToken, CredentialsSource, CrmCredentials, TokenCache } from './auth';
export { DEFAULT_MAX_RESPONSE_BYTES } from './http';
export type { FetchLike, FetchLikeResponse, RequestInfo, RequestStatus } from './http';
export type { ByteStreamReader, ResponseBody } from './body';
export { normaliseFieldValue } from './responses';
export * from './query';
export * from './template';
export { CrmClient, API_PREFIX } from './client';
export { mapSettled, mapWithLimit } from './concurrency';
export type { CrmClientOptions } from './client';
