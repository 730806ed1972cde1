import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceTravelled, type FlowHistory, stageAt } from './distance-travelled.ts';

const flow = (
  id: string,
  partner: string,
  problems: FlowHistory['problems'],
  steps: [string, string][],
): FlowHistory => ({
  id,
  title: `${id} data`,
  partner,
  problems,
  history: steps.map(([changedOn, toStage], index) => ({
    fromStage: index === 0 ? null : (steps[index - 1]![1] as FlowHistory['history'][number]['toStage']),
    toStage: toStage as FlowHistory['history'][number]['toStage'],
    changedOn,
  })),
});

const police = flow(
  'police',
  'Police',
  ['crime', 'dv'],
  [
    ['2025-01-10', 'identified'],
    ['2025-03-01', 'gateway_agreed'],
    ['2025-06-01', 'signed'],
    ['2025-09-01', 'live'],
  ],
);
const schools = flow(
  'schools',
  'Schools',
  ['education'],
  [
    ['2025-02-01', 'identified'],
    ['2025-08-01', 'agreement_drafted'],
  ],
);
const health = flow('health', 'Mental health trust', ['health'], [['2025-10-01', 'identified']]);

test('a flow’s stage on a day is the last change made by then; before its first it is not on the roadmap', () => {
  assert.equal(stageAt(police.history, '2025-01-09'), undefined);
  assert.equal(stageAt(police.history, '2025-01-10'), 'identified');
  assert.equal(stageAt(police.history, '2025-08-31'), 'signed');
  assert.equal(stageAt(police.history, '2026-01-01'), 'live');
});

test('the board sees flows by stage then and now, and which flows moved', () => {
  const report = distanceTravelled([police, schools, health], '2025-04-01', '2025-12-01');
  const byStage = Object.fromEntries(report.stages.map((count) => [count.stage, [count.earlier, count.now]]));
  assert.deepEqual(byStage, {
    identified: [1, 1],
    gateway_agreed: [1, 0],
    agreement_drafted: [0, 1],
    signed: [0, 0],
    test_extract: [0, 0],
    live: [0, 1],
    automated: [0, 0],
  });
  assert.deepEqual([report.flowsThen, report.flowsNow], [2, 3]);
  assert.deepEqual(
    report.moved.map((movement) => `${movement.id}: ${movement.earlier ?? 'new'} → ${movement.now}`),
    ['health: new → identified', 'police: gateway_agreed → live', 'schools: identified → agreement_drafted'],
  );
});

test('coverage: the furthest stage of each partner’s flows for each problem, and the problems data evidences', () => {
  const report = distanceTravelled([police, schools, health], '2025-04-01', '2025-12-01');
  assert.deepEqual(report.coverage, [
    { partner: 'Mental health trust', problems: { health: 'identified' } },
    { partner: 'Police', problems: { crime: 'live', dv: 'live' } },
    { partner: 'Schools', problems: { education: 'agreement_drafted' } },
  ]);
  assert.deepEqual(report.problemsFlowingThen, []);
  assert.deepEqual(report.problemsFlowingNow, ['crime', 'dv']);
});
