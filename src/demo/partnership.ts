import type { OrganisationKind, Role } from '../access/index.ts';

/** The demo council and the partners that send each synthetic extract. */
export const demoCouncilName = 'Northshire County Council';

export interface DemoPartner {
  name: string;
  kind: OrganisationKind;
  /** The extract file (and data flow source) this partner sends. */
  source: string;
  flowTitle: string;
}

export const demoPartners: DemoPartner[] = [
  { name: 'Northshire Police', kind: 'police', source: 'police', flowTitle: 'Offending, ASB and victims' },
  {
    name: 'Northshire Schools',
    kind: 'education',
    source: 'schools',
    flowTitle: 'Attendance and exclusions',
  },
  { name: 'DWP Northshire', kind: 'dwp', source: 'dwp', flowTitle: 'Out-of-work benefits' },
  {
    name: 'Northshire Children’s Services',
    kind: 'childrens_services',
    source: 'childrens_services',
    flowTitle: 'Early help and children’s social care',
  },
  { name: 'Northshire Mental Health NHS Trust', kind: 'health', source: 'health', flowTitle: 'Health flags' },
  {
    name: 'Northshire Homes',
    kind: 'housing',
    source: 'housing',
    flowTitle: 'Homelessness and tenancy risk',
  },
  {
    name: 'Northshire Domestic Abuse Service',
    kind: 'domestic_abuse',
    source: 'domestic_abuse',
    flowTitle: 'Domestic abuse incidents',
  },
  { name: demoCouncilName, kind: 'council', source: 'council_tax', flowTitle: 'Council tax roll' },
];

export interface DemoAccount {
  email: string;
  displayName: string;
  organisation: string;
  roles: Role[];
}

const council = demoCouncilName;

/** One account for every role, and a data officer for every partner. */
export const demoAccounts: DemoAccount[] = [
  {
    email: 'coordinator@northshire.example',
    displayName: 'Casey Coordinator',
    organisation: council,
    roles: ['coordinator'],
  },
  {
    email: 'keyworker@northshire.example',
    displayName: 'Kim Keyworker',
    organisation: council,
    roles: ['keyworker'],
  },
  {
    email: 'keyworker2@northshire.example',
    displayName: 'Kofi Keyworker',
    organisation: council,
    roles: ['keyworker'],
  },
  {
    email: 'analyst@northshire.example',
    displayName: 'Ari Analyst',
    organisation: council,
    roles: ['analyst'],
  },
  {
    email: 'board@northshire.example',
    displayName: 'Bea Board',
    organisation: council,
    roles: ['board_viewer'],
  },
  {
    email: 'admin@northshire.example',
    displayName: 'Alex Administrator',
    organisation: council,
    roles: ['administrator'],
  },
  {
    email: 'ig@northshire.example',
    displayName: 'Isla Governance',
    organisation: council,
    roles: ['ig_officer'],
  },
  {
    email: 'data@northshire.example',
    displayName: 'Dana Data',
    organisation: council,
    roles: ['partner_data_officer'],
  },
  {
    email: 'ig@police.example',
    displayName: 'Ian Police IG',
    organisation: 'Northshire Police',
    roles: ['ig_officer'],
  },
  ...demoPartners
    .filter((partner) => partner.kind !== 'council')
    .map((partner) => ({
      email: `data@${partner.source.replace(/_/g, '-')}.example`,
      displayName: `${partner.name} data officer`,
      organisation: partner.name,
      roles: ['partner_data_officer'] as Role[],
    })),
];
