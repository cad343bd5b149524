// Demo Jira site: three people with different rights, their groups, Service Management customers,
// three projects and customer tickets. Ids are fixed strings so tests, snapshots and screenshots
// stay stable.

export interface DemoUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  /** Group names. */
  groups: string[];
  /** 'customer' for a Jira Service Management customer; 'atlassian' when absent. */
  accountType?: 'atlassian' | 'customer';
  /** Profile visibility: the email is shown to nobody but the user themself. */
  emailHidden?: boolean;
}

/** A Jira Service Management customer organisation. */
export interface DemoOrganization {
  id: string;
  name: string;
}

export interface DemoGroup {
  groupId: string;
  name: string;
}

export interface DemoProject {
  id: string;
  key: string;
  name: string;
  projectTypeKey: string;
}

export interface DemoIssue {
  id: string;
  key: string;
  summary: string;
  /** Plain text; served as an Atlassian Document Format doc. */
  description: string;
  issueType?: string;
  status?: string;
  properties?: Record<string, unknown>;
  reporterAccountId?: string;
  /** Service Management request participants. */
  participantAccountIds?: string[];
  /** Service Management customer organisations. */
  organizations?: DemoOrganization[];
}

export const DEMO_SITE = {
  cloudId: '3f1c2a9e-7b4d-4e21-9a6f-0c8d5e2b1a47',
  siteUrl: 'https://atlas-crm-demo.atlassian.net',
} as const;

export const DEMO_GROUPS: readonly DemoGroup[] = [
  { groupId: '5b1e0c2a-3d4f-4a6b-8c9d-0e1f2a3b4c01', name: 'jira-admins' },
  { groupId: '5b1e0c2a-3d4f-4a6b-8c9d-0e1f2a3b4c02', name: 'support-team' },
  { groupId: '5b1e0c2a-3d4f-4a6b-8c9d-0e1f2a3b4c03', name: 'sales-team' },
  { groupId: '5b1e0c2a-3d4f-4a6b-8c9d-0e1f2a3b4c04', name: 'viewers' },
];

export const DEMO_USERS = {
  admin: {
    accountId: '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f01',
    displayName: 'Ada Admin',
    emailAddress: 'ada.admin@example.com',
    groups: ['jira-admins', 'support-team'],
  },
  agent: {
    accountId: '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f02',
    displayName: 'Alex Agent',
    emailAddress: 'alex.agent@example.com',
    groups: ['support-team', 'sales-team'],
  },
  viewer: {
    accountId: '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f03',
    displayName: 'Vic Viewer',
    emailAddress: 'vic.viewer@example.com',
    groups: ['viewers'],
  },
} as const satisfies Record<string, DemoUser>;

export type DemoUserName = keyof typeof DEMO_USERS;

export const DEMO_PROJECT: DemoProject = {
  id: '10000',
  key: 'SUP',
  name: 'Customer Support',
  projectTypeKey: 'service_desk',
};

/** A software project, so that a per-project setting has a project it is off for. */
export const DEMO_ACCOUNTS_PROJECT: DemoProject = {
  id: '10001',
  key: 'ACC',
  name: 'Account Management',
  projectTypeKey: 'software',
};

/**
 * A project whose permission scheme lets the app browse its issues but not edit them (its admins
 * took the app's role out of Edit Issues): the app can read links there but not index them for JQL.
 */
export const DEMO_LEGAL_PROJECT: DemoProject = {
  id: '10002',
  key: 'LEG',
  name: 'Legal Requests',
  projectTypeKey: 'software',
};

export const DEMO_PROJECTS: readonly DemoProject[] = [
  DEMO_PROJECT,
  DEMO_ACCOUNTS_PROJECT,
  DEMO_LEGAL_PROJECT,
];

const customer = (
  id: string,
  displayName: string,
  emailAddress: string,
  emailHidden = false,
): DemoUser => ({
  accountId: `qm:7c1e5a2b-9d4f-4e6a-8b3c-2f1d0e9a8b7c:${id}`,
  displayName,
  emailAddress,
  groups: [],
  accountType: 'customer',
  ...(emailHidden ? { emailHidden } : {}),
});

/**
 * Service Management customers: the people behind the tickets, as the CRM simulator's demo data
 * knows them (except Sam, a free-mail address the CRM does not know).
 */
export const DEMO_CUSTOMERS = {
  emma: customer('0001', 'Emma Meijer', 'emma.meijer@nordbridgelogistics.co.uk'),
  chloe: customer('0002', 'Chloé Wilson', 'chloe.wilson@nordbridgelogistics.co.uk'),
  lotteSmith: customer('0003', 'Lotte Smith', 'lotte.smith@bluelinesoftware.co.uk'),
  anna: customer('0004', 'Anna Tanaka', 'anna.tanaka@bluepeakenergy.com'),
  daan: customer('0005', 'Daan Müller', 'daan.muller@riverforgefoods.com', true),
  hana: customer('0006', 'Hana Novak', 'hana.novak@ironbridgerobotics.nl'),
  lucas: customer('0007', 'Lucas Jansen', 'lucas.jansen@ironbridgerobotics.nl'),
  sam: customer('0008', 'Sam Kowalski', 'sam.k@gmail.com'),
  lotteDubois: customer('0009', 'Lotte Dubois', 'lotte.dubois@harborlightsoftware.de'),
} satisfies Record<string, DemoUser>;

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  { id: '1', name: 'Riverforge Foods' },
  { id: '2', name: 'Nordbridge Logistics' },
];

/**
 * The project role through which an installed app's user holds project permissions. Jira adds it
 * to every permission of a scheme when an app is installed; admins can take it out again.
 */
export const APP_PROJECT_ROLE = 'atlassian-addons-project-access';

/**
 * Who holds which permission, by group (and the app's role). Project permissions apply to every
 * project of the demo site unless DEMO_PROJECT_GRANTS says otherwise; ADMINISTER is the global
 * "Jira administrators" permission.
 */
export const DEMO_PERMISSION_GRANTS: Record<string, readonly string[]> = {
  ADMINISTER: ['jira-admins'],
  BROWSE_PROJECTS: ['jira-admins', 'support-team', 'viewers', APP_PROJECT_ROLE],
  CREATE_ISSUES: ['jira-admins', 'support-team', APP_PROJECT_ROLE],
  EDIT_ISSUES: ['jira-admins', 'support-team', APP_PROJECT_ROLE],
  ADD_COMMENTS: ['jira-admins', 'support-team', APP_PROJECT_ROLE],
  ASSIGN_ISSUES: ['jira-admins', 'support-team', APP_PROJECT_ROLE],
  DELETE_ISSUES: ['jira-admins', APP_PROJECT_ROLE],
  // Needed to name a reporter other than oneself when creating an issue.
  MODIFY_REPORTER: ['jira-admins', 'support-team', APP_PROJECT_ROLE],
  ADMINISTER_PROJECTS: ['jira-admins', APP_PROJECT_ROLE],
  USER_PICKER: ['jira-admins', 'support-team', 'sales-team', 'viewers'],
};

/** Per project key, the permissions its scheme grants otherwise than the site-wide grants. */
export type ProjectGrants = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** Legal Requests: people edit as elsewhere, the app's role may browse but not edit. */
export const DEMO_PROJECT_GRANTS: ProjectGrants = {
  [DEMO_LEGAL_PROJECT.key]: { EDIT_ISSUES: ['jira-admins', 'support-team'] },
};

const { emma, chloe, lotteSmith, daan, hana, lucas, sam, lotteDubois } = DEMO_CUSTOMERS;

/** Issue ids are site-wide: LEG-1 is the site's first issue, so SUP and ACC keep theirs. */
const LEG_1: DemoIssue = {
  id: '10000',
  key: 'LEG-1',
  summary: 'Data processing agreement for Riverforge Foods LLC',
  description:
    'Daan Müller (Riverforge Foods LLC) needs the signed data processing agreement before their ' +
    'supplier audit next month, with the list of subprocessors attached.',
  status: 'In Progress',
  reporterAccountId: DEMO_USERS.agent.accountId,
};

export const DEMO_ISSUES: readonly DemoIssue[] = [
  {
    id: '10001',
    key: 'SUP-1',
    summary: 'Invoice INV-2291 charged twice for Nordbridge Logistics LLC',
    description:
      'Emma Meijer, billing contact at Nordbridge Logistics LLC, reports that their March invoice ' +
      'INV-2291 was collected twice from their account. Please refund the duplicate and confirm ' +
      'by email.',
    status: 'Open',
    reporterAccountId: emma.accountId,
  },
  {
    id: '10002',
    key: 'SUP-2',
    summary: 'Cannot log in to the customer portal after password reset',
    description:
      'Lotte Smith (Blueline Software NV) reset her password yesterday and now gets "account ' +
      'locked" on every login attempt. She needs access before Friday to download the quarterly ' +
      'report.',
    status: 'In Progress',
    reporterAccountId: lotteSmith.accountId,
  },
  {
    id: '10003',
    key: 'SUP-3',
    summary: 'Request to upgrade Bluepeak Energy SAS to the Enterprise plan',
    description:
      'Anna Tanaka (anna.tanaka@bluepeakenergy.com) called and asked for a new quote to move ' +
      "Bluepeak Energy SAS to Enterprise (45 seats) after last autumn's Cloud deal fell through, " +
      'and whether the old discount still applies.',
    issueType: 'Service Request',
    status: 'Open',
    reporterAccountId: DEMO_USERS.agent.accountId,
  },
  {
    id: '10004',
    key: 'SUP-4',
    summary: 'Data export times out for large accounts',
    description:
      'Daan Müller (Riverforge Foods LLC) tries to export 18 months of orders as CSV; the export ' +
      'stops after about 60 seconds with a gateway timeout. Smaller ranges work.',
    issueType: 'Bug',
    status: 'Open',
    reporterAccountId: daan.accountId,
    organizations: [{ id: '1', name: 'Riverforge Foods' }],
  },
  {
    id: '10005',
    key: 'SUP-5',
    summary: 'Update billing address for Ironbridge Robotics LLC',
    description:
      'Hana Novak writes that Ironbridge Robotics LLC moved their head office to Berliner Platz 43, ' +
      '80805 München. Please update the billing address before the next invoice run on the 1st, ' +
      'and send the corrected invoice to Lucas Jansen and to their bookkeeper Sam Kowalski too.',
    issueType: 'Service Request',
    status: 'Waiting for customer',
    reporterAccountId: hana.accountId,
    participantAccountIds: [lucas.accountId, sam.accountId],
  },
  {
    id: '10006',
    key: 'SUP-6',
    summary: 'Renewal contract for Harborlight Software Oy not received',
    description:
      'Lotte Dubois (Harborlight Software Oy) says the Premium Support renewal contract promised ' +
      'last week never arrived. Their current contract ends at the end of the month; they would ' +
      'like it signed this week.',
    status: 'Open',
    reporterAccountId: lotteDubois.accountId,
  },
  {
    id: '10007',
    key: 'SUP-7',
    summary: 'Shipment tracking emails missing for Nordbridge Logistics LLC',
    description:
      'Chloé Wilson (Nordbridge Logistics LLC) reports that shipment tracking emails stopped ' +
      'arriving after the March release. Fixed in 4.18.2; she confirmed they arrive again.',
    status: 'Done',
    reporterAccountId: chloe.accountId,
  },
  {
    id: '10008',
    key: 'SUP-8',
    summary: 'Two more user seats for Nordbridge Logistics LLC',
    description:
      'Emma Meijer asks for two more user seats for the Rotterdam warehouse team of Nordbridge ' +
      'Logistics LLC, starting next Monday, on the same invoice as the current seats.',
    issueType: 'Service Request',
    status: 'In Progress',
    reporterAccountId: emma.accountId,
  },
  {
    id: '10009',
    key: 'ACC-1',
    summary: 'Prepare the quarterly business review with Bluepeak Energy SAS',
    description:
      'Collect usage figures and open support requests of Bluepeak Energy SAS before the review ' +
      'with Anna Tanaka on the 14th.',
    status: 'To Do',
    reporterAccountId: DEMO_USERS.agent.accountId,
  },
  {
    id: '10010',
    key: 'ACC-2',
    summary: 'Renewal price proposal for Nordbridge Logistics LLC',
    description:
      'Nordbridge Logistics LLC renews in June: prepare the price proposal with the new seat ' +
      'count and the multi-year discount.',
    status: 'In Progress',
    reporterAccountId: DEMO_USERS.admin.accountId,
  },
  // Last, so that code taking "the first demo issues" keeps taking SUP ones.
  LEG_1,
];
