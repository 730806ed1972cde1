import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildUser, type TestUser } from '../../test/support/factories.ts';
import {
  loadAgreement,
  reviseAgreement,
  signAgreement,
  submitAgreement,
  withdrawAgreement,
} from '../agreements/index.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';
import { ExtractFiles } from '../ingest/upload.test-support.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  firstExtract,
  identificationTables,
  shareExtract,
  visibleCounts,
} from './casework.test-support.ts';
import { findSharedFamily, runIdentification, sharedFamilies } from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

const nothing = Object.fromEntries(identificationTables.map((table) => [table, 0]));

await describeOnEachDatabase(
  'a partner practitioner sees families only where an agreement says so',
  (target) => {
    let db: Database;
    let scene: FamilyScene;
    let agreementId: string;
    let policePractitioner: TestUser;
    let schoolPractitioner: TestUser;
    let adams: string;

    /** A new version of the police agreement, signed by both parties: what the practitioner may see changes. */
    const signNewVersion = async (change: {
      receives: boolean;
      seeFamilies: boolean;
      factCodes?: string[];
    }) => {
      await db.asActor(scene.coordinator.actor, async (sql) => {
        const current = (await loadAgreement(sql, agreementId))!.versions[0]!.terms;
        await reviseAgreement(sql, agreementId, {
          ...current,
          parties: current.parties.map((party) =>
            party.organisationId === scene.policeId ? { ...party, receives: change.receives } : party,
          ),
          recipientsSeeFamilies: change.seeFamilies,
          factCodes: change.factCodes ?? current.factCodes,
        });
        await submitAgreement(sql, agreementId);
      });
      await db.asActor(scene.policeIg.actor, (sql) => signAgreement(sql, agreementId, 'Head of IG'));
      await db.asActor(scene.councilIg.actor, (sql) => signAgreement(sql, agreementId, 'IG lead'));
    };

    before(async () => {
      db = await target.open();
      scene = await buildFamilyScene(db);
      await shareExtract(db, scene, files, firstExtract);
      const run = await runIdentification(db, scene.coordinator.actor, {
        framework: shippedFramework('tf-2015'),
        asOf: assessmentDay,
      });
      agreementId = scene.agreementId;
      adams = await db.asActor(
        scene.coordinator.actor,
        async (sql) =>
          (
            await sql.query<{ family_id: string }>(
              `select family_id from identified_member where run_id = $1 and given_name = 'Amy'`,
              [run.id],
            )
          )[0]!.family_id,
      );
      policePractitioner = await buildUser(db, scene.policeId, ['partner_practitioner']);
      schoolPractitioner = await buildUser(db, scene.schoolId, ['partner_practitioner']);
    });

    test('with an agreement that does not say so, the police practitioner sees nothing of any family', async () => {
      assert.deepEqual(await visibleCounts(db, policePractitioner), nothing);
      assert.deepEqual(await db.asActor(policePractitioner.actor, (sql) => sharedFamilies(sql, page)), {
        total: 0,
        families: [],
      });
      assert.equal(
        await db.asActor(policePractitioner.actor, (sql) => findSharedFamily(sql, adams)),
        undefined,
      );
    });

    test('receiving is not enough: the agreement must let its recipients see the families', async () => {
      await signNewVersion({ receives: true, seeFamilies: false });
      assert.deepEqual(await visibleCounts(db, policePractitioner), nothing);
    });

    test('once signed, the practitioner sees the family the police work with: members, who is involved, facts; never problems', async () => {
      await signNewVersion({ receives: true, seeFamilies: true });
      const listed = await db.asActor(policePractitioner.actor, (sql) => sharedFamilies(sql, page));
      assert.equal(listed.total, 1, 'the Browns have no police lead worker, so only the Adams family');
      assert.equal(listed.families[0]!.familyId, adams);
      assert.deepEqual(listed.families[0]!.members, ['Amy Adams', 'Ben Adams', 'Cara Adams']);
      assert.deepEqual(
        listed.families[0]!.ourLeadWorkers,
        ['Sam Patel'],
        'the one current police involvement',
      );

      const view = await db.asActor(policePractitioner.actor, (sql) => findSharedFamily(sql, adams));
      assert.equal(view?.members.length, 3);
      assert.deepEqual(view?.timeline.map((fact) => fact.code).sort(), [
        'children.child_in_need',
        'crime.proven_offence',
        'dv.victim',
      ]);
      const counts = await visibleCounts(db, policePractitioner);
      assert.deepEqual(
        {
          family: counts.identified_family,
          evidence: counts.identified_evidence,
          people: counts.identified_person,
        },
        { family: 0, evidence: 0, people: 0 },
        'problems, eligibility, evidence and the record-to-person map stay with the programme team',
      );
      assert.equal(counts.family_casework, 0);
      assert.deepEqual(await visibleCounts(db, schoolPractitioner), nothing, 'the school is no party to it');
    });

    test('a fact code the version in force no longer lists is no longer shown', async () => {
      await signNewVersion({
        receives: true,
        seeFamilies: true,
        factCodes: ['crime.proven_offence', 'crime.asb_intervention', 'children.child_in_need'],
      });
      const view = await db.asActor(policePractitioner.actor, (sql) => findSharedFamily(sql, adams));
      assert.deepEqual(view?.timeline.map((fact) => fact.code).sort(), [
        'children.child_in_need',
        'crime.proven_offence',
      ]);
    });

    test('a withdrawn agreement shows nothing again', async () => {
      await db.asActor(scene.coordinator.actor, (sql) =>
        withdrawAgreement(sql, agreementId, 'Partnership ended'),
      );
      assert.deepEqual(await visibleCounts(db, policePractitioner), nothing);
      assert.equal(
        await db.asActor(policePractitioner.actor, (sql) => findSharedFamily(sql, adams)),
        undefined,
      );
    });
  },
);

const page = { limit: 50, offset: 0 };
