/** The law an agreement rests on: UK GDPR lawful bases and the programme's usual statutory gateways. */

export const art6Bases = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type Art6Basis = (typeof art6Bases)[number];

export const art6BasisNames: Record<Art6Basis, string> = {
  a: 'Article 6(1)(a) consent',
  b: 'Article 6(1)(b) contract',
  c: 'Article 6(1)(c) legal obligation',
  d: 'Article 6(1)(d) vital interests',
  e: 'Article 6(1)(e) public task',
  f: 'Article 6(1)(f) legitimate interests',
};

export const art9Conditions = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;
export type Art9Condition = (typeof art9Conditions)[number];

export const art9ConditionNames: Record<Art9Condition, string> = {
  a: 'Article 9(2)(a) explicit consent',
  b: 'Article 9(2)(b) employment, social security and social protection law',
  c: 'Article 9(2)(c) vital interests',
  d: 'Article 9(2)(d) not-for-profit bodies',
  e: 'Article 9(2)(e) made public by the data subject',
  f: 'Article 9(2)(f) legal claims and judicial acts',
  g: 'Article 9(2)(g) reasons of substantial public interest',
  h: 'Article 9(2)(h) health or social care',
  i: 'Article 9(2)(i) public health',
  j: 'Article 9(2)(j) archiving, research and statistics',
};

export const gateways = [
  'children_act_2004_s10',
  'children_act_2004_s11',
  'crime_and_disorder_act_1998_s115',
  'si_2012_1483_reg5',
  'digital_economy_act_2017_s35',
  'other',
] as const;
export type Gateway = (typeof gateways)[number];

export interface GatewayDescription {
  name: string;
  /** Where the law is published; `other` gateways are described in free text instead. */
  uri?: string;
}

export const gatewayDescriptions: Record<Gateway, GatewayDescription> = {
  children_act_2004_s10: {
    name: 'Children Act 2004, section 10 (co-operation to improve the well-being of children)',
    uri: 'https://www.legislation.gov.uk/ukpga/2004/31/section/10',
  },
  children_act_2004_s11: {
    name: 'Children Act 2004, section 11 (arrangements to safeguard and promote the welfare of children)',
    uri: 'https://www.legislation.gov.uk/ukpga/2004/31/section/11',
  },
  crime_and_disorder_act_1998_s115: {
    name: 'Crime and Disorder Act 1998, section 115 (disclosure of information)',
    uri: 'https://www.legislation.gov.uk/ukpga/1998/37/section/115',
  },
  si_2012_1483_reg5: {
    name: 'Social Security (Information-sharing in relation to Welfare Services etc.) Regulations 2012 (SI 2012/1483), regulation 5: DWP data for the programme',
    uri: 'https://www.legislation.gov.uk/uksi/2012/1483/regulation/5',
  },
  digital_economy_act_2017_s35: {
    name: 'Digital Economy Act 2017, section 35 (public service delivery), multiple disadvantages objective',
    uri: 'https://www.legislation.gov.uk/ukpga/2017/30/section/35',
  },
  other: { name: 'Another gateway (described)' },
};

/** Legislation addresses for the UK GDPR articles, as a machine-readable agreement cites them. */
export const ukGdprUri = 'https://www.legislation.gov.uk/eur/2016/679';
export const art6Uri = (basis: Art6Basis): string => `${ukGdprUri}/article/6/1/${basis}`;
export const art9Uri = (condition: Art9Condition): string => `${ukGdprUri}/article/9/2/${condition}`;

export const isArt6Basis = (value: unknown): value is Art6Basis =>
  (art6Bases as readonly unknown[]).includes(value);
export const isArt9Condition = (value: unknown): value is Art9Condition =>
  (art9Conditions as readonly unknown[]).includes(value);
export const isGateway = (value: unknown): value is Gateway =>
  (gateways as readonly unknown[]).includes(value);
