import type { OrganisationKind, Role } from '../access/index.ts';
import type { Art9Condition, Gateway } from '../agreements/index.ts';

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
  // Two-tier county: the district councils' shared revenues service holds council tax.
  {
    name: 'Northshire Revenues and Benefits',
    kind: 'council',
    source: 'council_tax',
    flowTitle: 'Council tax roll',
  },
];

/** The statutory gateway and lawful basis each partner's agreement rests on. */
export const demoGateways: Record<string, { gateway: Gateway; art9Condition?: Art9Condition }> = {
  police: { gateway: 'crime_and_disorder_act_1998_s115' },
  schools: { gateway: 'children_act_2004_s10' },
  dwp: { gateway: 'si_2012_1483_reg5' },
  childrens_services: { gateway: 'children_act_2004_s11' },
  health: { gateway: 'digital_economy_act_2017_s35', art9Condition: 'g' },
  housing: { gateway: 'digital_economy_act_2017_s35' },
  domestic_abuse: { gateway: 'crime_and_disorder_act_1998_s115' },
  council_tax: { gateway: 'digital_economy_act_2017_s35' },
};

export interface DemoAccount {
  email: string;
  displayName: string;
  organisation: string;
  roles: Role[];
}

const council = demoCouncilName;

/** A partner's demo account: data@police.example, ig@childrens-services.example. */
export const partnerEmail = (role: 'data' | 'ig', partner: DemoPartner): string =>
  `${role}@${partner.source.replace(/_/g, '-')}.example`;

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
    email: 'practitioner@schools.example',
    displayName: 'Priya Practitioner',
    organisation: 'Northshire Schools',
    roles: ['partner_practitioner'],
  },
  ...demoPartners.flatMap((partner) => [
    {
      email: partnerEmail('data', partner),
      displayName: `${partner.name} data officer`,
      organisation: partner.name,
      roles: ['partner_data_officer'] as Role[],
    },
    {
      email: partnerEmail('ig', partner),
      displayName: `${partner.name} IG officer`,
      organisation: partner.name,
      roles: ['ig_officer'] as Role[],
    },
  ]),
];
