import { buildOrganisation, buildUser, type TestUser } from '../../test/support/factories.ts';
import type { CriteriaFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';

/** A council's programme staff, another council's coordinator and a partner's data officer. */
export interface CouncilStaff {
  councilId: string;
  otherCouncilId: string;
  coordinator: TestUser;
  analyst: TestUser;
  keyworker: TestUser;
  boardViewer: TestUser;
  otherCouncilCoordinator: TestUser;
  policeOfficer: TestUser;
}

export async function buildCouncilStaff(db: Database): Promise<CouncilStaff> {
  const councilId = await buildOrganisation(db, 'council');
  const otherCouncilId = await buildOrganisation(db, 'council');
  const policeId = await buildOrganisation(db, 'police');
  return {
    councilId,
    otherCouncilId,
    coordinator: await buildUser(db, councilId, ['coordinator']),
    analyst: await buildUser(db, councilId, ['analyst']),
    keyworker: await buildUser(db, councilId, ['keyworker']),
    boardViewer: await buildUser(db, councilId, ['board_viewer']),
    otherCouncilCoordinator: await buildUser(db, otherCouncilId, ['coordinator']),
    policeOfficer: await buildUser(db, policeId, ['partner_data_officer']),
  };
}

/** tf-2015's persistent absence indicator is the first of its second problem (education), by JSON path. */
export const persistentAbsence = 'problems[1].indicators[0]';

/** The persistent absence threshold a compiled framework assesses with, wherever its rule came from. */
export const absenceThreshold = (framework: CriteriaFramework): number | undefined =>
  framework.indicators.find((indicator) => indicator.rule.id === 'persistent_absence')?.rule.value?.atLeast;
