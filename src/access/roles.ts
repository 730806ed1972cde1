/** The roles a user can hold, as the product names them. */
export const roles = [
  'coordinator',
  'keyworker',
  'partner_data_officer',
  'ig_officer',
  'analyst',
  'board_viewer',
  'administrator',
  'partner_practitioner',
] as const;

export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  coordinator: 'Programme coordinator',
  keyworker: 'Keyworker',
  partner_data_officer: 'Partner data officer',
  ig_officer: 'Information governance officer',
  analyst: 'Analyst',
  board_viewer: 'Board viewer',
  administrator: 'Administrator',
  partner_practitioner: 'Partner practitioner',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
