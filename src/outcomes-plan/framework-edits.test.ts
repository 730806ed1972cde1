import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type IndicatorRule, shippedFrameworkDefinitions } from '../criteria/index.ts';
import { checkDefinition } from './framework-check.ts';
import { applyFrameworkEdits, editablePaths, type FrameworkEdits } from './framework-edits.ts';
import { frameworkText, orderedDefinition, sameRules } from './framework-text.ts';

const library = shippedFrameworkDefinitions();
const tf2015 = library.find((definition) => definition.id === 'tf-2015')!;
const sf2022 = library.find((definition) => definition.id === 'sf-2022')!;
const local = { ...tf2015, id: 'northshire-2026', basedOn: { id: 'tf-2015', version: 1 } };
const absence = 'problems[1].indicators[0]';

const noEdits: FrameworkEdits = {
  title: local.title,
  minimumProblems: '2',
  programmeFamily: true,
  removed: [],
  changes: {},
};

test('a threshold, a description, the title and eligibility change; a removed indicator goes', () => {
  const edited = applyFrameworkEdits(local, {
    title: '  Northshire Outcomes Plan 2026 ',
    minimumProblems: '3',
    programmeFamily: false,
    removed: ['problems[0].indicators[3]'],
    changes: {
      [`${absence}.value.atLeast`]: '8%',
      [`${absence}.description`]: 'A child who missed 8% or more of sessions',
      'problems[1].indicators[1].total.atLeast': '2',
    },
  });
  assert.ok(edited.ok);
  const { definition } = edited;
  assert.equal(definition.title, 'Northshire Outcomes Plan 2026');
  assert.deepEqual(definition.eligibility, { programmeFamily: false, minimumProblems: 3 });
  const education = definition.problems[1]!.indicators as IndicatorRule[];
  assert.deepEqual(education[0]!.value, { atLeast: 8 });
  assert.equal(education[0]!.description, 'A child who missed 8% or more of sessions');
  assert.deepEqual(education[1]!.total, { atLeast: 2, emptyCounts: 1 });
  assert.deepEqual(
    (definition.problems[0]!.indicators as IndicatorRule[]).map((rule) => rule.id),
    ['young_offender', 'asb_intervention', 'prison_release_due'],
  );
  assert.deepEqual(
    (tf2015.problems[1]!.indicators[0] as IndicatorRule).value,
    { atLeast: 10 },
    'copy, not change',
  );
});

test('what was typed wrong is named by its path', () => {
  const edited = applyFrameworkEdits(local, {
    ...noEdits,
    title: ' ',
    minimumProblems: 'two',
    changes: { [`${absence}.value.atLeast`]: 'eight', [`${absence}.description`]: '' },
  });
  assert.equal(edited.ok, false);
  assert.deepEqual(!edited.ok && edited.problems.map((problem) => problem.path), [
    'title',
    'eligibility.minimumProblems',
    `${absence}.description`,
    `${absence}.value.atLeast`,
  ]);
});

test('the edit page offers each indicator’s description and the thresholds it has', () => {
  const [persistent, fixedTerm, permanent] = tf2015.problems[1]!.indicators as IndicatorRule[];
  assert.deepEqual(editablePaths(persistent!, absence), [
    `${absence}.description`,
    `${absence}.value.atLeast`,
  ]);
  assert.deepEqual(editablePaths(fixedTerm!, 'p'), ['p.description', 'p.total.atLeast']);
  assert.deepEqual(editablePaths(permanent!, 'p'), ['p.description']);
});

test('a checked definition keeps its identity, pins its includes and is refused with the path of a mistake', () => {
  const copy = { ...sf2022, id: 'northshire-sf', basedOn: { id: 'sf-2022', version: 1 } };
  const expected = { id: 'northshire-sf', version: 2, basedOn: { id: 'sf-2022', version: 1 } };
  const checked = checkDefinition(JSON.parse(JSON.stringify(copy)), expected, library);
  assert.ok(checked.ok);
  assert.equal(checked.definition.version, 2, 'the version is the one being saved');
  assert.deepEqual(checked.definition.problems[0]!.indicators[0], {
    include: { framework: 'tf-2015', problem: 'education', version: 1 },
  });
  assert.equal(checked.framework.problems.length, 10);

  const wrongWindow = JSON.parse(JSON.stringify(copy));
  wrongWindow.problems[1].indicators[0].when = 'last_year';
  const refused = checkDefinition(wrongWindow, expected, library);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.problems[0]!.path, 'problems[1].indicators[0].when');
  assert.match(!refused.ok ? refused.problems[0]!.message : '', /"last_year" is not a window/);

  const renamed = checkDefinition({ ...copy, id: 'elsewhere' }, expected, library);
  assert.deepEqual(!renamed.ok && renamed.problems.map((problem) => problem.path), ['id']);
  const missingInclude = JSON.parse(JSON.stringify(copy));
  missingInclude.problems[0].indicators[0].include.framework = 'tf-2099';
  const unresolved = checkDefinition(missingInclude, expected, library);
  assert.equal(!unresolved.ok && unresolved.problems[0]!.path, 'problems[0].indicators[0].include');
});

test('the file text keeps the shipped order of fields, and sameness ignores the version', () => {
  const scrambled = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(local).reverse())));
  assert.deepEqual(Object.keys(JSON.parse(frameworkText(scrambled))), [
    'id',
    'version',
    'title',
    'description',
    'basedOn',
    'problems',
    'eligibility',
  ]);
  assert.ok(sameRules(local, { ...orderedDefinition(local), version: 7 }));
  assert.ok(!sameRules(local, { ...local, title: 'Another' }));
});
