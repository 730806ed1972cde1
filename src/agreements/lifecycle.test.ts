import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  agreementStatus,
  governingVersion,
  outstandingSignatures,
  planRevision,
  reviewAttention,
  type VersionLife,
  versionStatus,
} from './lifecycle.ts';

const version = (
  number: number,
  state: VersionLife['state'],
  change: Partial<VersionLife> = {},
): VersionLife => ({
  version: number,
  state,
  startDate: '2026-01-01',
  reviewDate: '2026-12-01',
  endDate: '2027-12-31',
  signed: state === 'signed' || state === 'superseded',
  ...change,
});

describe('the status of a version on a day', () => {
  test('a signed version is awaiting its start, then active from its start day to its end day, then expired', () => {
    const signed = version(1, 'signed');
    assert.equal(versionStatus(signed, '2025-12-31'), 'awaiting_start');
    assert.equal(versionStatus(signed, '2026-01-01'), 'active');
    assert.equal(versionStatus(signed, '2027-12-31'), 'active');
    assert.equal(versionStatus(signed, '2028-01-01'), 'expired');
  });

  test('other states are what is stored, whatever the day', () => {
    for (const state of ['draft', 'in_review', 'withdrawn', 'superseded'] as const) {
      assert.equal(versionStatus(version(1, state), '2026-06-01'), state);
    }
  });
});

describe('the version that governs an agreement', () => {
  test('the signed version governs while a change to it is being prepared', () => {
    const versions = [version(1, 'signed'), version(2, 'in_review', { endDate: '2028-12-31' })];
    assert.equal(governingVersion(versions)?.version, 1);
    assert.equal(agreementStatus(versions, '2026-06-01'), 'active');
  });

  test('an agreement withdrawn after signing stays withdrawn; an abandoned draft does not end a signed one', () => {
    assert.equal(
      agreementStatus([version(1, 'superseded'), version(2, 'withdrawn', { signed: true })], '2026-06-01'),
      'withdrawn',
    );
    assert.equal(agreementStatus([version(1, 'signed'), version(2, 'withdrawn')], '2026-06-01'), 'active');
  });

  test('a first version still being written governs until anything is signed', () => {
    assert.equal(agreementStatus([version(1, 'draft')], '2026-06-01'), 'draft');
    assert.equal(agreementStatus([], '2026-06-01'), undefined);
  });
});

describe('reviews', () => {
  const signed = version(1, 'signed', { reviewDate: '2026-07-01' });
  test('a review within 30 days is due, one past its date is overdue, one further off is not shown', () => {
    assert.equal(reviewAttention(signed, '2026-05-31'), undefined);
    assert.equal(reviewAttention(signed, '2026-06-01'), 'due');
    assert.equal(reviewAttention(signed, '2026-07-01'), 'due');
    assert.equal(reviewAttention(signed, '2026-07-02'), 'overdue');
  });

  test('only versions in force are reviewed', () => {
    assert.equal(reviewAttention(version(1, 'draft', { reviewDate: '2026-01-02' }), '2026-06-01'), undefined);
    assert.equal(
      reviewAttention(
        version(1, 'signed', { endDate: '2026-05-01', reviewDate: '2026-04-01' }),
        '2026-06-01',
      ),
      undefined,
    );
  });
});

describe('changing an agreement', () => {
  test('a draft changes in place and a version in review goes back to draft', () => {
    assert.deepEqual(planRevision([version(1, 'draft')]), { kind: 'edit-draft', version: 1 });
    assert.deepEqual(planRevision([version(1, 'signed'), version(2, 'in_review')]), {
      kind: 'reopen-review',
      version: 2,
    });
  });

  test('any change after signing makes a new version, numbered after every earlier one', () => {
    assert.deepEqual(planRevision([version(1, 'signed')]), { kind: 'new-version', version: 2 });
    assert.deepEqual(planRevision([version(1, 'signed'), version(2, 'withdrawn')]), {
      kind: 'new-version',
      version: 3,
    });
  });

  test('a withdrawn agreement cannot change', () => {
    const plan = planRevision([version(1, 'withdrawn', { signed: true })]);
    assert.equal(plan.kind, 'refused');
  });
});

test('the parties still to sign are those without a signature', () => {
  const parties = [{ organisationId: 'police' }, { organisationId: 'council' }, { organisationId: 'school' }];
  assert.deepEqual(outstandingSignatures(parties, [{ organisationId: 'council' }]), ['police', 'school']);
  assert.deepEqual(outstandingSignatures(parties, parties), []);
});
