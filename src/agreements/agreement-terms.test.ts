import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalTerms,
  emptyTerms,
  problemsBeforeReview,
  problemsInDraft,
  sameTerms,
} from './agreement-terms.ts';
import { completeTerms } from './agreements.test-support.ts';

const parties = [
  {
    organisationId: '11111111-1111-4111-8111-111111111111',
    role: 'controller' as const,
    provides: true,
    receives: false,
  },
  {
    organisationId: '22222222-2222-4222-8222-222222222222',
    role: 'controller' as const,
    provides: false,
    receives: true,
  },
];
const fields = (problems: { field: string }[]) => problems.map((problem) => problem.field).sort();

test('complete terms can go for review', () => {
  assert.deepEqual(problemsBeforeReview(completeTerms(parties)), []);
});

test('a draft needs only a title, but review needs every item the ICO code asks for', () => {
  const draft = { ...emptyTerms(), title: 'Housing data' };
  assert.deepEqual(problemsInDraft(draft), []);
  assert.deepEqual(fields(problemsBeforeReview(draft)), [
    'art6Basis',
    'deletion',
    'endDate',
    'frequency',
    'gateway',
    'identityColumns',
    'parties',
    'purposes',
    'retentionMonths',
    'reviewDate',
    'securityMeasures',
    'startDate',
    'transferMethod',
  ]);
  assert.deepEqual(fields(problemsInDraft(emptyTerms())), ['title']);
});

test('health data needs an Article 9 condition', () => {
  const health = completeTerms(parties, { factCodes: ['health.mental_health'] });
  assert.deepEqual(fields(problemsBeforeReview(health)), ['art9Condition']);
  assert.deepEqual(problemsBeforeReview({ ...health, art9Condition: 'h' }), []);
});

test('another gateway must be described', () => {
  assert.deepEqual(fields(problemsBeforeReview(completeTerms(parties, { gateway: 'other' }))), [
    'gatewayDetail',
  ]);
  assert.deepEqual(
    problemsBeforeReview(completeTerms(parties, { gateway: 'other', gatewayDetail: 'Localism Act 2011 s1' })),
    [],
  );
});

test('dates must be real and in order: start, review, end', () => {
  assert.deepEqual(fields(problemsInDraft(completeTerms(parties, { endDate: '2025-12-31' }))), [
    'endDate',
    'reviewDate',
  ]);
  assert.deepEqual(fields(problemsInDraft(completeTerms(parties, { reviewDate: '2028-01-01' }))), [
    'reviewDate',
  ]);
  assert.deepEqual(fields(problemsInDraft(completeTerms(parties, { startDate: '2026-02-30' }))), [
    'startDate',
  ]);
});

test('data items come from the standard extract: vocabulary codes, local codes and identity fields', () => {
  assert.deepEqual(problemsInDraft(completeTerms(parties, { factCodes: ['local.youth_club'] })), []);
  assert.deepEqual(fields(problemsInDraft(completeTerms(parties, { factCodes: ['crime.burglary'] }))), [
    'factCodes',
  ]);
  assert.deepEqual(
    fields(problemsInDraft(completeTerms(parties, { identityColumns: ['shoe_size' as 'town'] }))),
    ['identityColumns'],
  );
});

test('parties: one role each, and each provides or receives', () => {
  const twice = completeTerms([...parties, { ...parties[0]! }]);
  assert.deepEqual(fields(problemsInDraft(twice)), ['parties']);
  const idle = completeTerms([{ ...parties[0]!, provides: false }, parties[1]!]);
  assert.deepEqual(fields(problemsInDraft(idle)), ['parties']);
  const nobodyProvides = completeTerms([parties[1]!, { ...parties[0]!, provides: false, receives: true }]);
  assert.deepEqual(fields(problemsBeforeReview(nobodyProvides)), ['parties']);
});

test('the same terms in another order are the same terms; any change is a change', () => {
  const terms = completeTerms(parties);
  const reordered = {
    ...terms,
    parties: [...terms.parties].reverse(),
    factCodes: [...terms.factCodes].reverse(),
  };
  assert.ok(sameTerms(terms, reordered));
  assert.ok(!sameTerms(terms, { ...terms, retentionMonths: 36 }));
  assert.deepEqual(canonicalTerms(reordered).parties, canonicalTerms(terms).parties);
});
