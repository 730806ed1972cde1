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
} as const;

export type Permission = keyof typeof may;
