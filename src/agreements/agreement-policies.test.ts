import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildUser, type TestUser } from '../../test/support/factories.ts';
import type { Database, Sql } from '../db/index.ts';
import { draftAgreement, submitAgreement } from './agreement-changes.ts';
import { loadAgreements } from './agreement-records.ts';
import {
  buildPartnership,
  completeTerms,
  type Partnership,
  policeToCouncil,
  signedAgreement,
} from './agreements.test-support.ts';
import { listPartners, savePartner } from './partners.ts';
import { publicRegister } from './public-register.ts';

/** Each agreement the user can read, with how many versions and parties of it they see. */
const visibleReferences = async (db: Database, user: TestUser): Promise<string[]> =>
  db.asActor(user.actor, async (sql) =>
    (await loadAgreements(sql)).map(
      (agreement) =>
        `${agreement.reference} v${agreement.versions.length} p${agreement.versions.flatMap((version) => version.parties).length}`,
    ),
  );

/** Drops a policy for the length of `work`, then puts back exactly what pg_policies said it was. */
async function withoutPolicy(
  db: Database,
  table: string,
  policy: string,
  work: () => Promise<void>,
): Promise<void> {
  const [definition] = await db.asOwner((sql) =>
    sql.query<{ cmd: string; qual: string | null; with_check: string | null; permissive: string }>(
      'select cmd, qual, with_check, permissive from pg_policies where tablename = $1 and policyname = $2',
      [table, policy],
    ),
  );
  assert.ok(definition, `policy ${policy} exists`);
  await db.asOwner((sql) => sql.query(`drop policy ${policy} on ${table}`));
  try {
    await work();
  } finally {
    const using = definition.qual ? ` using (${definition.qual})` : '';
    const check = definition.with_check ? ` with check (${definition.with_check})` : '';
    await db.asOwner((sql) =>
      sql.query(
        `create policy ${policy} on ${table} as ${definition.permissive} for ${definition.cmd}${using}${check}`,
      ),
    );
  }
}

const signatureInsert = (sql: Sql, versionId: string, organisationId: string) =>
  sql.query(
    `insert into agreement_signature (version_id, organisation_id, signed_by, signatory_job_title)
     values ($1, $2, kindred_user_id(), 'IG lead')`,
    [versionId, organisationId],
  );

const versionInReview = async (db: Database, partnership: Partnership): Promise<string> => {
  const drafted = await db.asActor(partnership.coordinator.actor, (sql) =>
    draftAgreement(sql, completeTerms(policeToCouncil(partnership), { title: 'Signing test' })),
  );
  await db.asActor(partnership.coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId));
  return drafted.versionId;
};

await describeOnEachDatabase('agreement row-level security', (target) => {
  let db: Database;
  let partnership: Partnership;
  let reference: string;

  before(async () => {
    db = await target.open();
    partnership = await buildPartnership(db);
    ({ reference } = await signedAgreement(db, partnership));
  });

  /** Both sides: the parties and the keeping council see the agreement; a non-party and a keyworker do not. */
  async function checkReaders(): Promise<void> {
    const whole = [`${reference} v1 p2`];
    assert.deepEqual(await visibleReferences(db, partnership.policeIg), whole);
    assert.deepEqual(await visibleReferences(db, partnership.policeOfficer), whole);
    assert.deepEqual(await visibleReferences(db, partnership.coordinator), whole);
    assert.deepEqual(await visibleReferences(db, partnership.analyst), whole);
    assert.deepEqual(await visibleReferences(db, partnership.schoolIg), []);
    assert.deepEqual(await visibleReferences(db, partnership.keyworker), []);
    assert.deepEqual(await visibleReferences(db, partnership.otherCouncilCoordinator), []);
  }

  test('parties and the keeping council read an agreement; other organisations and keyworkers do not', async () => {
    await checkReaders();
    const [seen] = await db.asActor(partnership.policeIg.actor, (sql) => loadAgreements(sql));
    assert.equal(seen!.versions[0]!.parties.length, 2, 'a party sees the parties');
    assert.equal(seen!.versions[0]!.signatures.length, 2, 'and the signatures');
    const hidden = await db.asActor(partnership.schoolIg.actor, (sql) =>
      sql.query(
        'select 1 from agreement_version union all select 1 from agreement_party union all select 1 from agreement_signature',
      ),
    );
    assert.deepEqual(hidden, []);
  });

  test('the reader check fails when a read policy is dropped', async () => {
    for (const [table, policy] of [
      ['agreement', 'agreement_read'],
      ['agreement_version', 'agreement_version_read'],
      ['agreement_party', 'agreement_party_read'],
    ] as const) {
      await withoutPolicy(db, table, policy, async () => {
        await assert.rejects(checkReaders(), assert.AssertionError, `without ${policy}`);
      });
    }
    await checkReaders();
  });

  test('only a council coordinator drafts, and only for their own council', async () => {
    await assert.rejects(
      db.asActor(partnership.policeIg.actor, (sql) =>
        draftAgreement(sql, completeTerms(policeToCouncil(partnership))),
      ),
      /row-level security/,
    );
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) =>
        sql.query('insert into agreement (organisation_id, created_by) values ($1, kindred_user_id())', [
          partnership.policeId,
        ]),
      ),
      /row-level security/,
    );
  });

  test('an IG officer signs for their own organisation only; no one else signs at all', async () => {
    const versionId = await versionInReview(db, partnership);
    await assert.rejects(
      db.asActor(partnership.policeIg.actor, (sql) => signatureInsert(sql, versionId, partnership.councilId)),
      /row-level security/,
      'the police IG officer cannot sign for the council',
    );
    await assert.rejects(
      db.asActor(partnership.schoolIg.actor, (sql) => signatureInsert(sql, versionId, partnership.schoolId)),
      /row-level security/,
      'a non-party cannot sign',
    );
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) =>
        signatureInsert(sql, versionId, partnership.councilId),
      ),
      /row-level security/,
      'a coordinator is not an IG officer',
    );
    await db.asActor(partnership.policeIg.actor, (sql) =>
      signatureInsert(sql, versionId, partnership.policeId),
    );
    const [signature] = await db.asActor(partnership.policeIg.actor, (sql) =>
      sql.query<{ signatory_name: string; signed_by: string }>(
        'select signatory_name, signed_by from agreement_signature where version_id = $1',
        [versionId],
      ),
    );
    assert.equal(signature!.signed_by, partnership.policeIg.id);
    assert.equal(
      signature!.signatory_name,
      partnership.policeIg.email.split('@')[0],
      'the name comes from the account',
    );
  });

  test('the signing check fails when the signing policy is dropped', async () => {
    const versionId = await versionInReview(db, partnership);
    await withoutPolicy(db, 'agreement_signature', 'agreement_signature_sign', async () => {
      await assert.rejects(
        db.asActor(partnership.policeIg.actor, (sql) =>
          signatureInsert(sql, versionId, partnership.policeId),
        ),
        /row-level security/,
      );
    });
    await db.asActor(partnership.policeIg.actor, (sql) =>
      signatureInsert(sql, versionId, partnership.policeId),
    );
  });

  test('a draft cannot be signed, and no update can mark a version signed', async () => {
    const drafted = await db.asActor(partnership.coordinator.actor, (sql) =>
      draftAgreement(sql, completeTerms(policeToCouncil(partnership), { title: 'Still a draft' })),
    );
    await assert.rejects(
      db.asActor(partnership.policeIg.actor, (sql) =>
        signatureInsert(sql, drafted.versionId, partnership.policeId),
      ),
      /row-level security/,
    );
    await db.asActor(partnership.coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId));
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) =>
        sql.query(`update agreement_version set state = 'signed' where id = $1`, [drafted.versionId]),
      ),
      /row-level security|signed only by the signatures/,
    );
  });

  test('the terms of a version in review or signed cannot change in place', async () => {
    const versionId = await versionInReview(db, partnership);
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) =>
        sql.query(`update agreement_version set retention_months = 120 where id = $1`, [versionId]),
      ),
      /its terms cannot change; make a new version/,
    );
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) =>
        sql.query(`delete from agreement_party where version_id = $1`, [versionId]).then((rows) => {
          if (rows.length === 0) throw new Error('row-level security kept the parties');
        }),
      ),
      /row-level security/,
    );
  });

  test('the public register, read without signing in, lists active agreements only and no signatories', async () => {
    const entries = await db.asAnonymous((sql) => publicRegister(sql, '2026-06-01'));
    assert.deepEqual(
      entries.map((entry) => entry.reference),
      [reference],
    );
    assert.deepEqual(entries[0]!.parties.map((party) => party.provides).sort(), [false, true]);
    assert.ok(!JSON.stringify(entries).includes(partnership.policeIg.email.split('@')[0]!));
    assert.deepEqual(await db.asAnonymous((sql) => publicRegister(sql, '2028-06-01')), [], 'expired by then');
    assert.deepEqual(
      await db.asAnonymous((sql) =>
        sql.query('select 1 from agreement_version union all select 1 from agreement'),
      ),
      [],
      'the tables themselves stay closed to the public',
    );
  });

  test('administrators keep partner organisations and their IG contacts; everyone signed in reads them', async () => {
    const administrator = await buildUser(db, partnership.councilId, ['administrator']);
    const details = {
      name: 'Northshire Mental Health NHS Trust',
      kind: 'health' as const,
      icoRegistration: 'Z1234567',
      dsptStatus: 'standards_met' as const,
      dsptPublishedOn: '2026-06-30',
      contacts: [
        {
          role: 'caldicott_guardian' as const,
          name: 'Dr Grace Guardian',
          email: 'grace@trust.example',
          phone: '',
        },
        {
          role: 'ig_officer' as const,
          name: 'Ian Officer',
          email: 'ian@trust.example',
          phone: '01234 567890',
        },
      ],
    };
    await assert.rejects(
      db.asActor(partnership.coordinator.actor, (sql) => savePartner(sql, details)),
      /row-level security/,
    );
    const id = await db.asActor(administrator.actor, (sql) => savePartner(sql, details));
    const [seen] = (await db.asActor(partnership.policeOfficer.actor, (sql) => listPartners(sql))).filter(
      (partner) => partner.organisationId === id,
    );
    assert.equal(seen!.dsptStatus, 'standards_met');
    assert.deepEqual(
      seen!.contacts.map((contact) => `${contact.role} ${contact.name}`),
      ['ig_officer Ian Officer', 'caldicott_guardian Dr Grace Guardian'],
    );
    assert.deepEqual(await db.asAnonymous((sql) => sql.query('select 1 from partner_contact')), []);
  });
});
