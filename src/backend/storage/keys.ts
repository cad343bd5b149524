// Every Forge KVS key and the Jira issue property name, in one place.

/** Secrets (kvs.setSecret / getSecret). */
export const SECRET_KEYS = {
  clientId: 'crm:client-id',
  clientSecret: 'crm:client-secret',
  accessToken: 'crm:access-token',
  /** Changes with every save of the credentials; a cached token is only good for its version. */
  credentialsVersion: 'crm:credentials-version',
  /** Signs search cursors; made once per installation, kept when credentials are removed. */
  cursorKey: 'app:cursor-key',
} as const;

/** Plain values (kvs.set / get). */
export const KEYS = {
  settings: 'settings:v1',
  /** Projects whose new issues are linked automatically: apart, so no other save can undo it. */
  autoLink: 'settings:auto-link:v1',
  templates: 'cache:templates:v1',
  /** Where versions before the `issue-links` entity kept an issue's record; read, then moved. */
  legacyLinks: (issueId: string): string => `links:issue:${issueId}`,
  /**
   * Where versions before the `record-comments` entity kept each comment (`<entity id>:<order>`);
   * read, then moved. Ends in ':' so that record "a" never reads the comments of record "a-1".
   */
  legacyCommentsPrefix: (entityId?: string): string =>
    entityId === undefined ? 'comments:entity:' : `comments:entity:${entityId}:`,
  /** Set once every legacy comment of the installation is in the `record-comments` entity. */
  legacyCommentsMoved: 'comments:legacy-moved:v1',
  /** Records dismissed as suggestions on one issue: never suggested there again. */
  dismissed: (issueId: string): string => `dismissed:issue:${issueId}`,
  /** Jira refused the app's JQL index write in this project (its user may not edit issues). */
  indexRefused: (projectId: string): string => `index-refused:project:${projectId}`,
  indexRefusedPrefix: 'index-refused:project:',
  /** The id (`customfield_N`) Jira gave the app's "Atlas CRM customer" field on this site. */
  customerField: 'jira:customer-field:v1',
  /** Held by the one invocation fetching a new CRM access token. */
  authRefresh: 'lock:crm-auth-refresh',
} as const;

/** Custom Entity Store (manifest.yml app.storage.entities): an issue's links, keyed by issue id. */
export const LINKS_ENTITY = 'issue-links';

/** Custom Entity Store: one comment posted from Jira, paged per record by the `by-record` index. */
export const COMMENTS_ENTITY = 'record-comments';
export const COMMENTS_BY_RECORD = 'by-record';

/** manifest.yml's jira:customField module key of the "Atlas CRM customer" field. */
export const CUSTOMER_FIELD_MODULE = 'atlas-crm-customer';

/** The Jira issue entity property: the JQL index of the link record (names, ids, count). */
export const LINK_PROPERTY_KEY = 'atlas-crm-links';
