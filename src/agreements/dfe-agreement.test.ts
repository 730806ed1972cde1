import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgreementRecord, VersionRecord } from './agreement-records.ts';
import { sameTerms } from './agreement-terms.ts';
import { completeTerms } from './agreements.test-support.ts';
import { exportDfeAgreement, importDfeAgreement } from './dfe-agreement.ts';

const police = { id: '11111111-1111-4111-8111-111111111111', name: 'Northshire Police' };
const council = { id: '22222222-2222-4222-8222-222222222222', name: 'Northshire County Council' };
const terms = completeTerms(
  [
    { organisationId: police.id, role: 'controller', provides: true, receives: false },
    { organisationId: council.id, role: 'joint_controller', provides: true, receives: true },
  ],
  {
    gateway: 'other',
    gatewayDetail: 'Localism Act 2011 s1',
    art9Condition: 'h',
    factCodes: ['health.mental_health'],
  },
);
const version: VersionRecord = {
  id: 'v1',
  agreementId: 'a1',
  version: 3,
  state: 'signed',
  startDate: terms.startDate,
  reviewDate: terms.reviewDate,
  endDate: terms.endDate,
  signed: true,
  terms,
  parties: terms.parties.map((party) => ({
    ...party,
    name: party.organisationId === police.id ? police.name : council.name,
    kind: party.organisationId === police.id ? 'police' : 'council',
  })),
  signatures: [],
  createdAt: new Date(),
  submittedAt: null,
  signedAt: null,
  withdrawnAt: null,
  withdrawnReason: null,
  importedFrom: null,
};
const agreement: AgreementRecord = {
  id: 'a1',
  reference: 'ISA-003',
  keeperId: council.id,
  keeper: council.name,
  versions: [version],
};

test('the export carries every DfE field, ODRL-shaped', () => {
  const exported = exportDfeAgreement(agreement, version, 'https://kindred.example');
  assert.equal(exported.dsaURI, 'https://kindred.example/agreements/a1/versions/3');
  assert.deepEqual(exported.DataProvider, [
    `https://kindred.example/partners/${police.id}`,
    `https://kindred.example/partners/${council.id}`,
  ]);
  assert.deepEqual(exported.DataRecipient, [`https://kindred.example/partners/${council.id}`]);
  assert.ok(exported.Data.includes('urn:kindred:extract:1:fact:health.mental_health'));
  assert.deepEqual([exported.StartDate, exported.EndDate], ['2026-01-01', '2027-12-31']);
  assert.equal(exported.PermittedUse[0]!.action, 'odrl:use');
  assert.deepEqual(
    exported.Restrictions.map((rule) => rule.action),
    ['odrl:distribute', 'odrl:sell'],
  );
  assert.equal(exported.DataRecipientResponsibilities[0]!.constraint![0]!.rightOperand, 'P24M');
  assert.deepEqual(exported.LegalCompliance, [
    'https://www.legislation.gov.uk/eur/2016/679/article/6/1/e',
    'https://www.legislation.gov.uk/eur/2016/679/article/9/2/h',
    'Localism Act 2011 s1',
  ]);
});

test('export then import gives the same terms, parties found by their address', () => {
  const exported = JSON.parse(
    JSON.stringify(exportDfeAgreement(agreement, version, 'https://kindred.example')),
  );
  const imported = importDfeAgreement(exported, [police, council]);
  assert.deepEqual(imported.problems, []);
  assert.ok(sameTerms(imported.terms!, terms));
});

test('letting recipients see the families they work with is a permission of its own, and comes back in', () => {
  const shown = { ...terms, recipientsSeeFamilies: true };
  const exported = exportDfeAgreement(agreement, { ...version, terms: shown }, 'https://kindred.example');
  const families = exported.PermittedUse.find((rule) => rule.target?.endsWith('#identified-families'));
  assert.equal(families?.action, 'odrl:read');
  assert.deepEqual(families?.assignee, [`https://kindred.example/partners/${council.id}`]);
  assert.equal(
    exportDfeAgreement(agreement, version, 'https://kindred.example').PermittedUse.length,
    1,
    'not there when the agreement does not say so',
  );
  const { 'kindred:agreement': _, ...dfeOnly } = JSON.parse(JSON.stringify(exported));
  const imported = importDfeAgreement(
    { ...dfeOnly, 'kindred:agreement': { parties: exported['kindred:agreement'].parties } },
    [police, council],
  );
  assert.equal(imported.terms?.recipientsSeeFamilies, true, 'read from the ODRL permission alone');
  assert.equal(
    importDfeAgreement(JSON.parse(JSON.stringify(exported)), [police, council]).terms?.recipientsSeeFamilies,
    true,
  );
});

test('another system’s agreement, with DfE fields only, is read as far as they go', () => {
  const imported = importDfeAgreement(
    {
      dsaURI: 'https://elsewhere.example/dsa/42',
      Name: 'Attendance sharing',
      DataProvider: ['https://elsewhere.example/org/schools'],
      DataRecipient: ['https://elsewhere.example/org/council'],
      Data: ['education.absence', 'given_name'],
      Purpose: ['Identifying families'],
      StartDate: '2026-04-01T00:00:00Z',
      EndDate: '2027-03-31',
      DataRecipientResponsibilities: [
        {
          action: 'odrl:delete',
          constraint: [{ leftOperand: 'odrl:elapsedTime', operator: 'odrl:lteq', rightOperand: 'P2Y' }],
        },
      ],
      SecurityMeasure: [{ method: 'AES-256 at rest' }],
      LegalCompliance: [
        'https://www.legislation.gov.uk/eur/2016/679/article/6/1/e',
        'https://www.legislation.gov.uk/ukpga/2004/31/section/10',
      ],
      'kindred:agreement': {
        parties: [
          { uri: 'https://elsewhere.example/org/schools', name: 'northshire police' },
          {
            uri: 'https://elsewhere.example/org/council',
            name: 'Northshire County Council',
            role: 'processor',
          },
        ],
      },
    },
    [police, council],
  );
  assert.deepEqual(imported.problems, []);
  const read = imported.terms!;
  assert.equal(read.title, 'Attendance sharing');
  assert.deepEqual(read.parties, [
    { organisationId: police.id, role: 'controller', provides: true, receives: false },
    { organisationId: council.id, role: 'processor', provides: false, receives: true },
  ]);
  assert.deepEqual([read.identityColumns, read.factCodes], [['given_name'], ['education.absence']]);
  assert.deepEqual([read.startDate, read.endDate, read.retentionMonths], ['2026-04-01', '2027-03-31', 24]);
  assert.deepEqual([read.art6Basis, read.gateway], ['e', 'children_act_2004_s10']);
  assert.equal(read.securityMeasures, 'AES-256 at rest');
});

test('what cannot be imported is said plainly: missing fields, unknown parties, unknown data items', () => {
  assert.deepEqual(importDfeAgreement({ dsaURI: 'x' }, []).problems.length, 6);
  const { problems, terms: none } = importDfeAgreement(
    {
      dsaURI: 'https://elsewhere.example/dsa/43',
      DataProvider: ['https://elsewhere.example/org/unknown'],
      DataRecipient: [`https://kindred.example/partners/${council.id}`],
      Data: ['shoe_size'],
      Purpose: ['Research'],
      StartDate: '2026-01-01',
      EndDate: '2026-12-31',
    },
    [police, council],
  );
  assert.equal(none, undefined);
  assert.deepEqual(problems, [
    'The party https://elsewhere.example/org/unknown is not an organisation of this partnership. An administrator adds it as a partner first.',
    "Data item 'shoe_size' is neither an identity field nor a fact code of the standard extract.",
  ]);
});
