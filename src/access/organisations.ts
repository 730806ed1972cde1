import type { Sql } from '../db/index.ts';

export const organisationKinds = [
  'council',
  'police',
  'education',
  'dwp',
  'health',
  'housing',
  'childrens_services',
  'domestic_abuse',
  'other',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export async function listOrganisations(sql: Sql): Promise<Organisation[]> {
  return sql.query<Organisation>(
    `select id, name, kind from organisation where kind <> 'platform' order by name`,
  );
}

export async function createOrganisation(sql: Sql, name: string, kind: OrganisationKind): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    'insert into organisation (name, kind) values ($1, $2) returning id',
    [name, kind],
  );
  return row!.id;
}
