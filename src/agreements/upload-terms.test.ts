import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { platformActor, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { draftAgreement, reviseAgreement, submitAgreement, withdrawAgreement } from './agreement-changes.ts';
import {
  buildPartnership,
  completeTerms,
  type Partnership,
  policeToCouncil,
  signedAgreement,
} from './agreements.test-support.ts';
import { agreementTermsForUpload, type UploadTermsAnswer } from './upload-terms.ts';

async function flowFor(
  db: Database,
  organisationId: string,
  source: string,
  agreementId?: string,
): Promise<string> {
  return db.asActor(platformActor, async (sql) => {
    const [row] = await sql.query<{ id: string }>(
      'insert into data_flow (organisation_id, source, title, agreement_id) values ($1, $2, $3, $4) returning id',
      [organisationId, source, `${source} extract`, agreementId ?? null],
    );
    return row!.id;
  });
}

const ask = (db: Database, user: TestUser, flowId: string, today: string): Promise<UploadTermsAnswer> =>
  db.asActor(user.actor, (sql) => agreementTermsForUpload(sql, flowId, user.organisationId, today));

const refusal = (answer: UploadTermsAnswer): string => {
  assert.equal(answer.ok, false, 'expected a refusal');
  return (answer as { reason: string }).reason;
};

await describeOnEachDatabase('the terms an upload keeps to', (target) => {
  let db: Database;
  let partnership: Partnership;
  let agreementId: string;
  let reference: string;
  let policeFlow: string;
  let council: string | undefined;

  before(async () => {
    db = await target.open();
    partnership = await buildPartnership(db);
    ({ agreementId, reference } = await signedAgreement(db, partnership));
    policeFlow = await flowFor(db, partnership.policeId, 'police', agreementId);
    [council] = await db.asActor(platformActor, async (sql) =>
      (
        await sql.query<{ name: string }>('select name from organisation where id = $1', [
          partnership.councilId,
        ])
      ).map((row) => row.name),
    );
  });

  test('within its dates, the provider gets the version in force with its data items', async () => {
    const answer = await ask(db, partnership.policeOfficer, policeFlow, '2026-06-01');
    assert.ok(answer.ok);
    assert.equal(answer.terms.reference, reference);
    assert.equal(answer.terms.version, 1);
    assert.equal(answer.terms.title, 'Police data for Supporting Families');
    assert.deepEqual(answer.terms.factCodes, ['crime.proven_offence', 'crime.asb_intervention', 'dv.victim']);
    assert.deepEqual(answer.terms.identityColumns, [
      'given_name',
      'family_name',
      'date_of_birth',
      'postcode',
    ]);
    const onLastDay = await ask(db, partnership.policeOfficer, policeFlow, '2027-12-31');
    assert.ok(onLastDay.ok);
  });

  describe('refusals name the agreement, the version and the clause', () => {
    test('before the start date', async () => {
      assert.equal(
        refusal(await ask(db, partnership.policeOfficer, policeFlow, '2025-12-31')),
        `Agreement ${reference} 'Police data for Supporting Families' version 1 starts on 2026-01-01 (clause: start date). Uploads under it are accepted from that day.`,
      );
    });

    test('after the end date', async () => {
      assert.equal(
        refusal(await ask(db, partnership.policeOfficer, policeFlow, '2028-01-01')),
        `Agreement ${reference} 'Police data for Supporting Families' version 1 expired on 2027-12-31 (clause: end date). Ask ${council} to renew it.`,
      );
    });

    test('a data flow with no agreement', async () => {
      const flow = await flowFor(db, partnership.policeId, 'police_custody');
      assert.equal(
        refusal(await ask(db, partnership.policeOfficer, flow, '2026-06-01')),
        "no active agreement covers the data flow 'police_custody'",
      );
    });

    test('an organisation that is not a party', async () => {
      const flow = await flowFor(db, partnership.schoolId, 'schools', agreementId);
      const school = { ...partnership.schoolIg };
      assert.equal(
        refusal(await ask(db, school, flow, '2026-06-01')),
        `your organisation is not a party to agreement ${reference} 'Police data for Supporting Families' version 1 (clause: parties). Ask ${council} to add it.`,
      );
    });

    test('a party that only receives data', async () => {
      const flow = await flowFor(db, partnership.councilId, 'council_tax', agreementId);
      assert.match(
        refusal(await ask(db, partnership.coordinator, flow, '2026-06-01')),
        new RegExp(
          `^your organisation receives data under agreement ${reference} .* but does not provide any \\(clause: parties and roles\\)$`,
        ),
      );
    });

    test('another partner’s data flow', async () => {
      assert.match(
        refusal(await ask(db, partnership.schoolIg, policeFlow, '2026-06-01')),
        /^the data flow 'police' is .*’s: only .* uploads to it \(clause: parties\)$/,
      );
    });

    test('a data flow that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000001';
      assert.equal(
        refusal(await ask(db, partnership.policeOfficer, missing, '2026-06-01')),
        `there is no data flow ${missing}`,
      );
      assert.equal(
        refusal(await ask(db, partnership.policeOfficer, 'police', '2026-06-01')),
        'there is no data flow police',
      );
    });

    test('an agreement not yet signed by every party', async () => {
      const drafted = await db.asActor(partnership.coordinator.actor, (sql) =>
        draftAgreement(sql, completeTerms(policeToCouncil(partnership), { title: 'Police custody data' })),
      );
      const flow = await flowFor(db, partnership.policeId, 'custody', drafted.agreementId);
      assert.match(
        refusal(await ask(db, partnership.policeOfficer, flow, '2026-06-01')),
        /^Agreement ISA-\d+ 'Police custody data' version 1 is still a draft \(clause: signatures\)/,
      );
      await db.asActor(partnership.coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId));
      assert.match(
        refusal(await ask(db, partnership.policeOfficer, flow, '2026-06-01')),
        /version 1 is in review and not yet signed by every party \(clause: signatures\), so no active agreement covers the data flow 'custody' yet\.$/,
      );
    });

    test('a withdrawn agreement', async () => {
      const withdrawn = await signedAgreement(
        db,
        partnership,
        completeTerms(policeToCouncil(partnership), { title: 'Police ASB data' }),
      );
      const flow = await flowFor(db, partnership.policeId, 'police_asb', withdrawn.agreementId);
      await db.asActor(partnership.coordinator.actor, (sql) =>
        withdrawAgreement(sql, withdrawn.agreementId, 'Replaced'),
      );
      assert.match(
        refusal(await ask(db, partnership.policeOfficer, flow, '2026-06-01')),
        new RegExp(
          `^Agreement ${withdrawn.reference} 'Police ASB data' version 1 was withdrawn on \\d{4}-\\d{2}-\\d{2} \\(clause: withdrawal\\), so no active agreement covers the data flow 'police_asb'\\. Ask ${council} about a new agreement\\.$`,
        ),
      );
    });
  });

  test('while a new version is prepared, uploads keep to the version in force', async () => {
    const renewed = await signedAgreement(
      db,
      partnership,
      completeTerms(policeToCouncil(partnership), { title: 'Police DV data' }),
    );
    const flow = await flowFor(db, partnership.policeId, 'police_dv', renewed.agreementId);
    await db.asActor(partnership.coordinator.actor, (sql) =>
      reviseAgreement(
        sql,
        renewed.agreementId,
        completeTerms(policeToCouncil(partnership), {
          title: 'Police DV data',
          factCodes: ['dv.victim', 'dv.perpetrator'],
        }),
      ),
    );
    const answer = await ask(db, partnership.policeOfficer, flow, '2026-06-01');
    assert.ok(answer.ok);
    assert.equal(answer.terms.version, 1);
    assert.deepEqual(answer.terms.factCodes, ['crime.proven_offence', 'crime.asb_intervention', 'dv.victim']);
  });
});
