import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import type { TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import {
  discardOpenVersion,
  draftAgreement,
  reviseAgreement,
  signAgreement,
  submitAgreement,
  withdrawAgreement,
} from './agreement-changes.ts';
import { exportAgreement, importAgreement } from './agreement-exchange.ts';
import { loadAgreement } from './agreement-records.ts';
import { AgreementRefused } from './agreement-refused.ts';
import { sameTerms } from './agreement-terms.ts';
import {
  buildPartnership,
  completeTerms,
  type Partnership,
  policeToCouncil,
  signedAgreement,
} from './agreements.test-support.ts';
import { agreementStatus } from './lifecycle.ts';

const states = async (db: Database, user: TestUser, agreementId: string): Promise<string[]> =>
  db.asActor(user.actor, async (sql) =>
    (await loadAgreement(sql, agreementId))!.versions.map(
      (version) => `v${version.version} ${version.state}`,
    ),
  );

const auditActions = async (db: Database, agreementId: string): Promise<string[]> =>
  db.asOwner(async (sql) =>
    (
      await sql.query<{ action: string }>(
        'select action from audit_event where $1 = any (subject_ids) order by seq',
        [agreementId],
      )
    ).map((row) => row.action),
  );

await describeOnEachDatabase('agreement versions', (target) => {
  let db: Database;
  let partnership: Partnership;

  before(async () => {
    db = await target.open();
    partnership = await buildPartnership(db);
  });

  test('draft, review, each party’s signature, active; every step audited in its own transaction', async () => {
    const { coordinator, policeIg, councilIg } = partnership;
    const drafted = await db.asActor(coordinator.actor, (sql) =>
      draftAgreement(sql, completeTerms(policeToCouncil(partnership))),
    );
    assert.match(drafted.reference, /^ISA-\d{3}$/);
    await db.asActor(coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId));
    const first = await db.asActor(policeIg.actor, (sql) =>
      signAgreement(sql, drafted.agreementId, 'Head of IG'),
    );
    assert.deepEqual(first, { version: 1, fullySigned: false });
    assert.deepEqual(await states(db, coordinator, drafted.agreementId), ['v1 in_review']);
    await assert.rejects(
      db.asActor(policeIg.actor, (sql) => signAgreement(sql, drafted.agreementId, 'Head of IG')),
      /already signed/,
    );
    const last = await db.asActor(councilIg.actor, (sql) =>
      signAgreement(sql, drafted.agreementId, 'IG lead'),
    );
    assert.deepEqual(last, { version: 1, fullySigned: true });
    const agreement = await db.asActor(coordinator.actor, (sql) => loadAgreement(sql, drafted.agreementId));
    assert.equal(agreementStatus(agreement!.versions, '2026-06-01'), 'active');
    assert.equal(agreementStatus(agreement!.versions, '2028-01-01'), 'expired');
    assert.deepEqual(agreement!.versions[0]!.signatures.map((signature) => signature.jobTitle).sort(), [
      'Head of IG',
      'IG lead',
    ]);
    assert.deepEqual(await auditActions(db, drafted.agreementId), [
      'CREATE_AGREEMENT',
      'UPDATE_AGREEMENT_SUBMITTED',
      'CREATE_AGREEMENT_SIGNATURE',
      'CREATE_AGREEMENT_SIGNATURE',
    ]);
  });

  test('a draft missing what the ICO code asks for cannot go for review', async () => {
    const drafted = await db.asActor(partnership.coordinator.actor, (sql) =>
      draftAgreement(
        sql,
        completeTerms(policeToCouncil(partnership), { securityMeasures: '', endDate: null }),
      ),
    );
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId)),
      (error: unknown) =>
        error instanceof AgreementRefused &&
        error.problems
          .map((problem) => problem.field)
          .sort()
          .join() === 'endDate,securityMeasures',
    );
  });

  test('a change after signing makes a new version to sign; the signed one stays in force and readable', async () => {
    const { coordinator, policeIg, councilIg } = partnership;
    const { agreementId } = await signedAgreement(db, partnership);
    const longer = completeTerms(policeToCouncil(partnership), { endDate: '2028-12-31' });
    const revision = await db.asActor(coordinator.actor, (sql) => reviseAgreement(sql, agreementId, longer));
    assert.deepEqual([revision.kind, revision.version], ['new-version', 2]);
    assert.deepEqual(await states(db, policeIg, agreementId), ['v2 draft', 'v1 signed']);
    const again = await db.asActor(coordinator.actor, (sql) =>
      reviseAgreement(sql, agreementId, { ...longer, dpiaReference: 'DPIA-2026-015' }),
    );
    assert.deepEqual([again.kind, again.version], ['edit-draft', 2], 'the open draft changes in place');

    await db.asActor(coordinator.actor, (sql) => submitAgreement(sql, agreementId));
    await db.asActor(policeIg.actor, (sql) => signAgreement(sql, agreementId, 'Head of IG'));
    const reopened = await db.asActor(coordinator.actor, (sql) =>
      reviseAgreement(sql, agreementId, { ...longer, dpiaReference: 'DPIA-2026-016' }),
    );
    assert.equal(reopened.kind, 'reopen-review');
    const afterReopen = await db.asActor(coordinator.actor, (sql) => loadAgreement(sql, agreementId));
    assert.equal(afterReopen!.versions[0]!.state, 'draft');
    assert.deepEqual(afterReopen!.versions[0]!.signatures, [], 'the police signature was for other terms');

    await db.asActor(coordinator.actor, (sql) => submitAgreement(sql, agreementId));
    await db.asActor(policeIg.actor, (sql) => signAgreement(sql, agreementId, 'Head of IG'));
    await db.asActor(councilIg.actor, (sql) => signAgreement(sql, agreementId, 'IG lead'));
    const signed = await db.asActor(policeIg.actor, (sql) => loadAgreement(sql, agreementId));
    assert.deepEqual(
      signed!.versions.map((version) => `v${version.version} ${version.state}`),
      ['v2 signed', 'v1 superseded'],
    );
    assert.equal(signed!.versions[1]!.terms.endDate, '2027-12-31', 'version 1 is still readable as signed');
    assert.equal(signed!.versions[0]!.terms.dpiaReference, 'DPIA-2026-016');
    const unchanged = await db.asActor(coordinator.actor, (sql) =>
      reviseAgreement(sql, agreementId, signed!.versions[0]!.terms),
    );
    assert.equal(unchanged.kind, 'unchanged');
  });

  test('a discarded draft leaves the signed version in force', async () => {
    const { agreementId } = await signedAgreement(db, partnership);
    await db.asActor(partnership.coordinator.actor, (sql) =>
      reviseAgreement(sql, agreementId, completeTerms(policeToCouncil(partnership), { retentionMonths: 12 })),
    );
    await db.asActor(partnership.coordinator.actor, (sql) => discardOpenVersion(sql, agreementId));
    assert.deepEqual(await states(db, partnership.coordinator, agreementId), ['v2 withdrawn', 'v1 signed']);
  });

  test('a party’s IG officer withdraws an agreement in force; a non-party cannot', async () => {
    const { agreementId } = await signedAgreement(db, partnership);
    await assert.rejects(
      db.asActor(partnership.schoolIg.actor, (sql) => withdrawAgreement(sql, agreementId, 'Not ours')),
      AgreementRefused,
    );
    await db.asActor(partnership.policeIg.actor, (sql) =>
      withdrawAgreement(sql, agreementId, 'Force policy changed'),
    );
    const agreement = await db.asActor(partnership.coordinator.actor, (sql) =>
      loadAgreement(sql, agreementId),
    );
    assert.equal(agreementStatus(agreement!.versions, '2026-06-01'), 'withdrawn');
    assert.equal(agreement!.versions[0]!.withdrawnReason, 'Force policy changed');
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) =>
        reviseAgreement(
          sql,
          agreementId,
          completeTerms(policeToCouncil(partnership), { retentionMonths: 12 }),
        ),
      ),
      /withdrawn/,
    );
    assert.ok((await auditActions(db, agreementId)).includes('UPDATE_AGREEMENT_WITHDRAWN'));
  });

  test('export to the DfE schema and import again gives the same terms, as a new draft to sign here', async () => {
    const terms = completeTerms(policeToCouncil(partnership), {
      factCodes: ['crime.proven_offence', 'health.mental_health', 'local.youth_club'],
      art9Condition: 'h',
      dpa2018Condition: 'Schedule 1 paragraph 18: safeguarding of children and individuals at risk',
      gatewayDetail: 'Disclosure to the council as a relevant authority',
    });
    const { agreementId } = await signedAgreement(db, partnership, terms);
    const exported = await db.asActor(partnership.policeIg.actor, (sql) =>
      exportAgreement(sql, agreementId, 1, 'https://kindred.example'),
    );
    assert.equal(exported!.dsaURI, `https://kindred.example/agreements/${agreementId}/versions/1`);
    const roundTripped = JSON.parse(JSON.stringify(exported));
    const imported = await db.asActor(partnership.coordinator.actor, (sql) =>
      importAgreement(sql, roundTripped),
    );
    const copy = await db.asActor(partnership.coordinator.actor, (sql) =>
      loadAgreement(sql, imported.agreementId),
    );
    assert.equal(copy!.versions[0]!.state, 'draft');
    assert.equal(copy!.versions[0]!.importedFrom, exported!.dsaURI);
    assert.ok(sameTerms(copy!.versions[0]!.terms, terms), 'the same terms');
    assert.deepEqual(await auditActions(db, agreementId), [
      'CREATE_AGREEMENT',
      'UPDATE_AGREEMENT_SUBMITTED',
      'CREATE_AGREEMENT_SIGNATURE',
      'CREATE_AGREEMENT_SIGNATURE',
      'EXPORT_AGREEMENT',
    ]);
    assert.deepEqual(await auditActions(db, imported.agreementId), ['IMPORT_AGREEMENT']);
  });
});
