/** Framework files that councils edit: the shipped ones pass; mistakes fail with file, path and reason. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { HouseholdAssessor } from './assess-household.ts';
import { compileFramework } from './compile-framework.ts';
import type { FrameworkDefinition } from './framework.ts';
import { FrameworkError } from './framework-error.ts';
import { bornAged, fact, household, member } from './households.test-support.ts';
import { parseFramework, parseFrameworkText } from './parse-framework.ts';
import { shippedFrameworkDefinitions } from './shipped-frameworks.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests write wrong values into the JSON on purpose
type FrameworkJson = any;

const tf2015Text = readFileSync(new URL('./frameworks/tf-2015.json', import.meta.url), 'utf8');

/** tf-2015's JSON with one change made by `edit`. */
function edited(edit: (json: FrameworkJson) => void): unknown {
  const json = JSON.parse(tf2015Text);
  edit(json);
  return json;
}

function failure(json: unknown, library: FrameworkDefinition[] = []): FrameworkError {
  try {
    compileFramework(parseFramework(json, 'local.json'), { file: 'local.json', library });
  } catch (error) {
    assert.ok(error instanceof FrameworkError, `expected a FrameworkError, got ${String(error)}`);
    return error;
  }
  assert.fail('the framework was accepted');
}

describe('framework files', () => {
  it('accepts the shipped frameworks', () => {
    assert.deepEqual(
      shippedFrameworkDefinitions().map((framework) => `${framework.id} ${framework.version}`),
      ['tf-2015 1', 'sf-2022 1', 'dea-2017 1'],
    );
  });

  it('names file, path and what is wrong', () => {
    const error = failure(edited((json) => (json.problems[1].indicators[0].when = 'last_year')));
    assert.equal(error.file, 'local.json');
    assert.equal(error.path, 'problems[1].indicators[0].when');
    assert.match(
      error.message,
      /^local\.json: problems\[1\]\.indicators\[0\]\.when: "last_year" is not a window; use one of/,
    );
  });

  const mistakes: [string, (json: FrameworkJson) => void, string, RegExp][] = [
    ['a missing field', (json) => delete json.eligibility, 'eligibility', /is missing/],
    [
      'a misspelt field',
      (json) => (json.eligibility.minProblems = 2),
      'eligibility.minProblems',
      /not a field here/,
    ],
    [
      'an unknown fact code',
      (json) => (json.problems[0].indicators[0].facts = ['crime.offence']),
      'problems[0].indicators[0].facts[0]',
      /not a code/,
    ],
    [
      'an unknown area',
      (json) => (json.problems[2].indicators[0].facts = ['kids.*']),
      'problems[2].indicators[0].facts[0]',
      /names no area/,
    ],
    [
      'a bad local code',
      (json) => (json.problems[0].indicators[0].facts = ['local.Care Leaver']),
      'problems[0].indicators[0].facts[0]',
      /not a local code/,
    ],
    [
      'an event as current',
      (json) => (json.problems[0].indicators[0].when = 'current'),
      'problems[0].indicators[0].when',
      /is an event/,
    ],
    [
      'an unknown group',
      (json) => (json.problems[0].indicators[0].who = 'teenager'),
      'problems[0].indicators[0].who',
      /not a group/,
    ],
    [
      'an upside-down age band',
      (json) => (json.problems[0].indicators[0].who = { ageFrom: 17, ageTo: 10 }),
      'problems[0].indicators[0].who',
      /above ageTo/,
    ],
    [
      'a threshold that is not a number',
      (json) => (json.problems[1].indicators[0].value.atLeast = '10%'),
      'problems[1].indicators[0].value.atLeast',
      /must be a number/,
    ],
    [
      'value and total together',
      (json) => (json.problems[1].indicators[1].value = { atLeast: 1 }),
      'problems[1].indicators[1].total',
      /cannot be used with/,
    ],
    [
      'a duplicate indicator id',
      (json) => (json.problems[0].indicators[1].id = 'young_offender'),
      'problems[0].indicators[1].id',
      /already an indicator/,
    ],
    [
      'a duplicate problem code',
      (json) => (json.problems[1].code = 'crime'),
      'problems[1].code',
      /already a problem/,
    ],
    [
      'more than 31 problems',
      (json) => {
        json.problems = Array.from({ length: 32 }, (_, index) => ({
          code: `p${index}`,
          title: 'P',
          indicators: [],
        }));
      },
      'problems',
      /at most 31/,
    ],
    [
      'more problems needed than exist',
      (json) => (json.eligibility.minimumProblems = 7),
      'eligibility.minimumProblems',
      /only 6 problems/,
    ],
    ['a version that is not a whole number', (json) => (json.version = '2015'), 'version', /whole number/],
    [
      'an include of an unknown framework',
      (json) => json.problems[0].indicators.push({ include: { framework: 'xx', problem: 'crime' } }),
      'problems[0].indicators[4].include',
      /xx is not available/,
    ],
    [
      'an include of an unknown problem',
      (json) => json.problems[0].indicators.push({ include: { framework: 'tf-2015', problem: 'money' } }),
      'problems[0].indicators[4].include.problem',
      /no problem "money"/,
    ],
    [
      'an include in a circle',
      (json) => json.problems[0].indicators.push({ include: { framework: 'tf-2015', problem: 'crime' } }),
      'problems[0].indicators[4].include',
      /circle/,
    ],
    [
      'an include that repeats an indicator',
      (json) =>
        json.problems[5].indicators.push(
          { include: { framework: 'tf-2015', problem: 'dv' } },
          { include: { framework: 'tf-2015', problem: 'dv' } },
        ),
      'problems[5].indicators',
      /appears twice/,
    ],
  ];
  for (const [label, edit, path, reason] of mistakes) {
    it(`refuses ${label}`, () => {
      const error = failure(edited(edit));
      assert.equal(error.path, path);
      assert.match(error.reason, reason);
    });
  }

  it('refuses text that is not JSON', () => {
    assert.throws(
      () => parseFrameworkText('{ "id": ', 'broken.json'),
      /^FrameworkError: broken\.json: the file: is not valid JSON/,
    );
  });
});

describe('a local variant', () => {
  const D = '2025-11-01';
  const child = bornAged(12, D);

  it('changes a threshold and keeps the rest', () => {
    const local = parseFramework(
      edited((json) => {
        json.id = 'kent-tf-2015';
        json.basedOn = { id: 'tf-2015', version: 1 };
        json.problems[1].indicators[0].value = { atLeast: 15 };
      }),
      'kent.json',
    );
    const assessor = new HouseholdAssessor(compileFramework(local), D);
    const absent = (value: number) =>
      household(member('c', child, [fact('education.absence', '2025-01-06', '2025-07-18', value)]));
    assert.deepEqual(assessor.assess(absent(12)).problems, []);
    assert.deepEqual(assessor.assess(absent(15)).problems, ['education']);
    assert.deepEqual(assessor.assess(absent(15)).framework, { id: 'kent-tf-2015', version: 1 });
  });

  it('includes a pinned version of another framework, and adds its own age band and local code', () => {
    const library = shippedFrameworkDefinitions().slice();
    const local = parseFramework(
      {
        id: 'local-plan',
        version: 3,
        title: 'A local plan',
        problems: [
          {
            code: 'dv',
            title: 'Domestic abuse',
            indicators: [{ include: { framework: 'tf-2015', problem: 'dv', version: 1 } }],
          },
          {
            code: 'young_carers',
            title: 'Young carers',
            indicators: [
              {
                id: 'young_carer',
                description: 'A child aged 8 to 17 who is a young carer now',
                who: { ageFrom: 8, ageTo: 17 },
                facts: ['local.young_carer'],
                when: 'current',
              },
            ],
          },
        ],
        eligibility: { programmeFamily: false, minimumProblems: 1 },
      },
      'local-plan.json',
    );
    const framework = compileFramework(local, { library });
    assert.deepEqual(framework.indicators[0]?.includedFrom, {
      framework: 'tf-2015',
      version: 1,
      problem: 'dv',
    });
    const assessor = new HouseholdAssessor(framework, D);
    const carer = (age: number) =>
      household(member('c', bornAged(age, D), [fact('local.young_carer', '2025-01-01')]));
    assert.deepEqual(assessor.assess(carer(8)).problems, ['young_carers']);
    assert.deepEqual(assessor.assess(carer(7)).problems, []);
    const pinnedElsewhere = {
      ...local,
      problems: [
        {
          code: 'dv',
          title: 'x',
          indicators: [{ include: { framework: 'tf-2015', problem: 'dv', version: 2 } }],
        },
      ],
    };
    assert.throws(() => compileFramework(pinnedElsewhere, { library }), /tf-2015 version 2 is not available/);
  });
});
