import type { Role } from './roles.ts';

/** What a signed-in person is, for deciding what they may do. The database enforces the same with RLS. */
export interface Principal {
  id: string;
  organisationId: string;
  organisationKind: string;
  roles: readonly Role[];
}

const holds = (principal: Principal, ...wanted: Role[]): boolean =>
  wanted.some((role) => principal.roles.includes(role));

/** Each rule reads as a sentence: "a principal may manage users when they are an administrator". */
export const may = {
  manageUsers: (principal: Principal) => holds(principal, 'administrator'),
  readAuditLog: (principal: Principal) => holds(principal, 'administrator', 'ig_officer'),
  readPartnershipData: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator', 'analyst'),
  readOwnOrganisationUploads: (principal: Principal) =>
    holds(principal, 'partner_data_officer', 'ig_officer'),
  readAgreements: (principal: Principal) =>
    holds(
      principal,
      'coordinator',
      'ig_officer',
      'partner_data_officer',
      'analyst',
      'board_viewer',
      'administrator',
    ),
  draftAgreements: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator'),
  signAgreements: (principal: Principal) => holds(principal, 'ig_officer'),
  managePartners: (principal: Principal) => holds(principal, 'administrator'),
  readRoadmap: (principal: Principal) =>
    holds(
      principal,
      'coordinator',
      'ig_officer',
      'partner_data_officer',
      'analyst',
      'board_viewer',
      'administrator',
    ),
  planRoadmap: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator'),
  uploadExtracts: (principal: Principal) => holds(principal, 'partner_data_officer'),
  readUploads: (principal: Principal) =>
    holds(principal, 'partner_data_officer', 'ig_officer', 'administrator') ||
    (principal.organisationKind === 'council' && holds(principal, 'coordinator', 'analyst')),
  changeUploadSettings: (principal: Principal) =>
    holds(principal, 'partner_data_officer', 'administrator') ||
    (principal.organisationKind === 'council' && holds(principal, 'coordinator')),
  manageApiTokens: (principal: Principal) => holds(principal, 'partner_data_officer'),
  readFamilies: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator', 'analyst'),
  identifyFamilies: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator'),
  assessFamilies: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator'),
  /** A partner's own staff working with families; what they see is what the agreements in force allow. */
  readSharedFamilies: (principal: Principal) => holds(principal, 'partner_practitioner'),
  reviewLinkage: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'analyst'),
  readAllocatedFamilies: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'keyworker'),
  readFrameworks: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator', 'analyst', 'keyworker'),
  editFrameworks: (principal: Principal) =>
    principal.organisationKind === 'council' && holds(principal, 'coordinator'),
} as const;

export type Permission = keyof typeof may;
