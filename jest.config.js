/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
};

// The suites that run a second time against a simulator whose list answers carry no fields, as
// the API reference documents them (test/setup/list-fields.ts). Only what reads a list and then
// needs the listed records' fields depends on that shape: search (entities/search), record
// details and relations (entities/get, relations/*: the links list), suggestions
// (suggestions/list), open sales (sales/open), the duplicates check on create, and automatic
// linking on creation (contacts by email, the contact's companies). Suite by suite:
//
// test/integration/
//   auto-link            yes  the trigger lists contacts by email and the contact's companies
//   comments             no   asserts the comment log of entities/get, never its related records
//   consistency          no   link saga, shared token, capacity; its searches only load the CRM
//   contact-company      no   sets the list shape itself per test, so covers both in one run
//   credentials-removal  no   a fake CRM of its own, not the simulator
//   deadline             no   a stalling CRM of its own, not the simulator
//   dismissals           yes  suggestions/list, with dismissed records left out
//   duplicates           yes  the duplicates check on create lists records, then reads their fields
//   edit-record          no   reads and writes one record by id; nothing listed
//   jira-rules           no   Jira security levels and groups; no CRM list
//   link-record-trust    no   the record and property; entities read by id
//   linked-issues        no   Jira's JQL over the link property; no CRM list
//   open-sales           yes  sales/open lists a company's links, then reads the sales' fields
//   open-sales-busy      yes  as open-sales, for a company with 40,000 sales
//   relations            yes  relations/* answer the record's relations from the links list
//   resolvers            yes  entities/search and entities/get (related records with roles)
//   search-box           yes  entities/search on names, emails, phones and web addresses
//   search-any-form      yes  entities/search merging lists per field and comparing what they list
//   signed-cursors       yes  entities/search pages continued with the cursor
//   suggestions          yes  suggestions/list, and counts the entity reads of the shape
//   suggestions-eval     no   the held-out tickets' targets; runs both shapes itself
//   who-sees-what        yes  entities/get: the related records a viewer may see
// test/e2e/
//   admin                no   credentials and access policy; no CRM list
//   create-issue         no   the trigger's list reads run without fields in auto-link (above),
//                             and the panel's 'linked automatically' card in e2e/suggestions
//   create-issue-reporter no  as create-issue; the rest is Jira's reporter rules
//   focus-and-field-errors no keyboard focus and form messages; searches read one list shape
//   issue-panel          yes  search box, record details with relations, duplicates on create
//   navigator            no   Jira's issue navigator; record details are only its way in
//   permissions          no   the viewer sees stored links and no search; nothing listed
//   renderer             no   UI Kit rendering of a made-up forgeDoc; no CRM
//   state                no   the sandbox's state across restarts
//   suggestions          yes  suggestions in the panel, and an issue linked automatically
const LIST_SHAPE_SUITES = [
  'integration/auto-link',
  'integration/dismissals',
  'integration/duplicates',
  'integration/open-sales',
  'integration/open-sales-busy',
  'integration/relations',
  'integration/resolvers',
  'integration/search-box',
  'integration/search-any-form',
  'integration/signed-cursors',
  'integration/suggestions',
  'integration/who-sees-what',
  'e2e/issue-panel',
  'e2e/suggestions',
];

module.exports = {
  // A global option: inside a project it would be ignored.
  testTimeout: 30000,
  maxWorkers: 2,
  // Longest suites first, also in a fresh clone (test/setup/sequencer.js).
  testSequencer: '<rootDir>/test/setup/sequencer.js',
  projects: [
    {
      ...shared,
      displayName: 'unit and integration',
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
    {
      ...shared,
      displayName: 'lists without fields',
      testMatch: LIST_SHAPE_SUITES.map((suite) => `<rootDir>/test/${suite}.test.ts`),
      setupFiles: ['<rootDir>/test/setup/env.ts', '<rootDir>/test/setup/omit-list-fields.ts'],
    },
  ],
};
