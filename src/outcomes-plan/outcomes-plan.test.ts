import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import type { TestUser } from '../../test/support/factories.ts';
import type { Database, Sql } from '../db/index.ts';
import {
  copyFramework,
  editFramework,
  exportFramework,
  type FrameworkEdits,
  frameworkChoices,
  loadCouncilFramework,
  saveFrameworkVersion,
  viewFramework,
} from './index.ts';
import {
  absenceThreshold,
  buildCouncilStaff,
  type CouncilStaff,
  persistentAbsence,
} from './outcomes-plan.test-support.ts';

const keptAsIs = (title: string): FrameworkEdits => ({
  title,
  minimumProblems: '2',
  programmeFamily: true,
  removed: [],
  changes: {},
});

await describeOnEachDatabase('outcomes plans', (target) => {
  let db: Database;
  let staff: CouncilStaff;

  const as = <T>(user: TestUser, work: (sql: Sql) => Promise<T>): Promise<T> => db.asActor(user.actor, work);
  const versionsStored = async (id: string): Promise<number[]> =>
    db.asOwner(async (sql) =>
      (
        await sql.query<{ version: number }>(
          'select version from local_framework_version where framework_id = $1 order by version',
          [id],
        )
      ).map((row) => row.version),
    );
  const audited = async (id: string): Promise<string[]> =>
    db.asOwner(async (sql) =>
      (
        await sql.query<{ action: string; version: number }>(
          `select action, details ->> 'version' as version from audit_event
           where subject_type = 'framework' and $1 = any (subject_ids) order by seq`,
          [id],
        )
      ).map((row) => `${row.action} v${row.version}`),
    );

  before(async () => {
    db = await target.open();
    staff = await buildCouncilStaff(db);
  });

  test('a coordinator copies tf-2015 into a local framework at version 1, based on tf-2015 version 1', async () => {
    const outcome = await as(staff.coordinator, (sql) =>
      copyFramework(sql, {
        from: { id: 'tf-2015' },
        id: 'northshire-2026',
        title: 'Northshire Outcomes Plan 2026',
      }),
    );
    assert.deepEqual(outcome, { kind: 'saved', id: 'northshire-2026', version: 1 });
    assert.deepEqual(await as(staff.analyst, (sql) => frameworkChoices(sql)), [
      {
        id: 'tf-2015',
        version: 1,
        title: 'Expanded Troubled Families programme (2015): six headline problems',
        local: false,
      },
      {
        id: 'sf-2022',
        version: 1,
        title: 'Supporting Families national outcome framework (2022): ten headline outcomes',
        local: false,
      },
      {
        id: 'dea-2017',
        version: 1,
        title: 'Multiple disadvantages (Digital Economy Act 2017, SI 2018/912): thirteen factors',
        local: false,
      },
      { id: 'northshire-2026', version: 1, title: 'Northshire Outcomes Plan 2026', local: true },
    ]);
    const framework = await as(staff.keyworker, (sql) => loadCouncilFramework(sql, 'northshire-2026'));
    assert.equal(framework?.version, 1);
    assert.deepEqual(framework?.definition.basedOn, { id: 'tf-2015', version: 1 });
    assert.equal(framework?.problems.length, 6);
    assert.equal(absenceThreshold(framework!), 10);
    assert.deepEqual(await audited('northshire-2026'), ['CREATE_FRAMEWORK v1']);
  });

  test('a copy needs a new id of lower-case letters, digits and hyphens, and a title; nothing is stored otherwise', async () => {
    const attempt = (id: string, title = 'A plan') =>
      as(staff.coordinator, (sql) => copyFramework(sql, { from: { id: 'tf-2015' }, id, title }));
    const refusals = async (id: string, title?: string) => {
      const outcome = await attempt(id, title);
      return outcome.kind === 'refused'
        ? outcome.problems.map((problem) => `${problem.path}: ${problem.message}`)
        : [];
    };
    assert.deepEqual(await refusals('tf-2015'), [
      'id: tf-2015 is a framework shipped with Kindred: choose another id',
    ]);
    assert.deepEqual(await refusals('northshire-2026'), [
      'id: Your council already has a framework northshire-2026: choose another id',
    ]);
    assert.match(
      (await refusals('Northshire 2026'))[0]!,
      /^id: Enter an id of lower-case letters, digits and hyphens/,
    );
    assert.match((await refusals('-northshire'))[0]!, /^id: /);
    assert.deepEqual(await refusals('northshire-b', ' '), ['title: Enter a title for the framework']);
    const unknown = await as(staff.coordinator, (sql) =>
      copyFramework(sql, { from: { id: 'tf-2099' }, id: 'northshire-c', title: 'C' }),
    );
    assert.equal(unknown.kind, 'refused');
    assert.deepEqual(await versionsStored('northshire-b'), []);
    assert.deepEqual(await versionsStored('northshire-c'), []);
  });

  test('an edit saves version 2 with its note; version 1 stays as it was', async () => {
    const outcome = await as(staff.coordinator, (sql) =>
      editFramework(sql, {
        id: 'northshire-2026',
        fromVersion: 1,
        changeNote: 'Persistent absence from 8%, as the Outcomes Plan agreed with schools',
        edits: {
          ...keptAsIs('Northshire Outcomes Plan 2026'),
          changes: { [`${persistentAbsence}.value.atLeast`]: '8' },
        },
      }),
    );
    assert.deepEqual(outcome, { kind: 'saved', id: 'northshire-2026', version: 2 });
    const [latest, first] = await Promise.all([
      as(staff.analyst, (sql) => loadCouncilFramework(sql, 'northshire-2026')),
      as(staff.analyst, (sql) => loadCouncilFramework(sql, 'northshire-2026', 1)),
    ]);
    assert.equal(latest?.version, 2);
    assert.equal(absenceThreshold(latest!), 8);
    const slot = latest!.indicators.findIndex((indicator) => indicator.rule.id === 'persistent_absence');
    assert.equal(latest!.table.low[slot], 8, 'the compiled indicator assesses at 8');
    assert.equal(first?.version, 1);
    assert.equal(absenceThreshold(first!), 10);
    assert.equal(
      await as(staff.analyst, (sql) => loadCouncilFramework(sql, 'northshire-2026', 3)),
      undefined,
    );
    const choice = (await as(staff.coordinator, (sql) => frameworkChoices(sql))).find(
      (framework) => framework.local,
    );
    assert.equal(choice?.version, 2);
    const detail = await as(staff.analyst, (sql) => viewFramework(sql, 'northshire-2026'));
    assert.deepEqual(
      detail?.versions.map((version) => [version.version, version.changeNote]),
      [
        [2, 'Persistent absence from 8%, as the Outcomes Plan agreed with schools'],
        [1, 'Copied from tf-2015 version 1'],
      ],
    );
    assert.match(detail?.versions[0]?.savedBy ?? '', /^coordinator-/);
    assert.deepEqual(await audited('northshire-2026'), [
      'CREATE_FRAMEWORK v1',
      'UPDATE_FRAMEWORK v2',
      'VIEW_FRAMEWORK v2',
    ]);
  });

  test('an invalid edit is refused naming the JSON path, and nothing is stored', async () => {
    const definition = (await as(staff.coordinator, (sql) => exportFramework(sql, 'northshire-2026')))!;
    const edited = JSON.parse(JSON.stringify(definition));
    edited.problems[1].indicators[2].when = 'last_year';
    const save = (json: unknown, fromVersion = 2, changeNote = 'Exclusions over a year') =>
      as(staff.coordinator, (sql) =>
        saveFrameworkVersion(sql, { id: 'northshire-2026', fromVersion, changeNote, json }),
      );
    const refused = await save(edited);
    assert.equal(refused.kind, 'refused');
    assert.deepEqual(refused.kind === 'refused' && refused.problems[0], {
      path: 'problems[1].indicators[2].when',
      message:
        '"last_year" is not a window; use one of last_12_months, current, current_ending_within_12_months',
    });
    const unknownField = await save({ ...definition, thresholds: {} });
    assert.deepEqual(
      unknownField.kind === 'refused' && unknownField.problems.map((problem) => problem.path),
      ['thresholds'],
    );
    const syntax = await save('{ "id": "northshire-2026", ');
    assert.match(syntax.kind === 'refused' ? syntax.problems[0]!.message : '', /^The text is not valid JSON/);
    const noNote = await save(definition, 2, ' ');
    assert.equal(noNote.kind, 'unchanged', 'nothing changed, so no note is needed');
    const stale = await save({ ...definition, title: 'Later' }, 1);
    assert.match(stale.kind === 'refused' ? stale.problems[0]!.message : '', /Version 2 was saved/);
    const notes = await save({ ...definition, title: 'Later' }, 2, '');
    assert.deepEqual(notes.kind === 'refused' && notes.problems, [
      { path: 'changeNote', message: 'Say what changed and why' },
    ]);
    assert.deepEqual(await versionsStored('northshire-2026'), [1, 2]);
    await assert.rejects(
      as(staff.analyst, (sql) =>
        saveFrameworkVersion(sql, {
          id: 'northshire-2026',
          fromVersion: 2,
          changeNote: 'x',
          json: { ...definition, title: 'Analyst' },
        }),
      ),
      /row-level security/,
      'an analyst cannot save a version',
    );
  });

  test('a local framework includes another, pinned to the version it used when saved', async () => {
    await as(staff.coordinator, (sql) =>
      copyFramework(sql, { from: { id: 'sf-2022' }, id: 'northshire-sf', title: 'Northshire SF' }),
    );
    const copied = (await as(staff.coordinator, (sql) => exportFramework(sql, 'northshire-sf')))!;
    assert.deepEqual(copied.problems[0]!.indicators[0], {
      include: { framework: 'tf-2015', problem: 'education', version: 1 },
    });
    const edited = JSON.parse(JSON.stringify(copied));
    edited.problems[0].indicators[0] = { include: { framework: 'northshire-2026', problem: 'education' } };
    const outcome = await as(staff.coordinator, (sql) =>
      saveFrameworkVersion(sql, {
        id: 'northshire-sf',
        fromVersion: 1,
        changeNote: 'Education as in our tf-2015 plan',
        json: JSON.stringify(edited),
      }),
    );
    assert.deepEqual(outcome, { kind: 'saved', id: 'northshire-sf', version: 2 });
    const framework = await as(staff.coordinator, (sql) => loadCouncilFramework(sql, 'northshire-sf'));
    assert.deepEqual(framework!.definition.problems[0]!.indicators[0], {
      include: { framework: 'northshire-2026', problem: 'education', version: 2 },
    });
    assert.equal(absenceThreshold(framework!), 8);
  });

  test('another council neither sees nor loads this council’s frameworks, and has its own ids', async () => {
    const other = staff.otherCouncilCoordinator;
    assert.deepEqual(
      (await as(other, (sql) => frameworkChoices(sql))).map((choice) => choice.id),
      ['tf-2015', 'sf-2022', 'dea-2017'],
    );
    assert.equal(await as(other, (sql) => loadCouncilFramework(sql, 'northshire-2026')), undefined);
    assert.equal(await as(other, (sql) => viewFramework(sql, 'northshire-2026')), undefined);
    const own = await as(other, (sql) =>
      copyFramework(sql, { from: { id: 'dea-2017' }, id: 'northshire-2026', title: 'Same id elsewhere' }),
    );
    assert.deepEqual(own, { kind: 'saved', id: 'northshire-2026', version: 1 });
    const mine = await as(staff.coordinator, (sql) => loadCouncilFramework(sql, 'northshire-2026'));
    assert.equal(mine?.version, 2, 'each council keeps its own');
  });

  test('shipped frameworks load and export at their one version', async () => {
    const tf = await as(staff.keyworker, (sql) => loadCouncilFramework(sql, 'tf-2015'));
    assert.equal(tf?.id, 'tf-2015');
    assert.equal(await as(staff.keyworker, (sql) => loadCouncilFramework(sql, 'tf-2015', 2)), undefined);
    const file = await as(staff.analyst, (sql) => exportFramework(sql, 'sf-2022'));
    assert.equal(file?.id, 'sf-2022');
    assert.deepEqual(await audited('sf-2022'), ['EXPORT_FRAMEWORK v1']);
  });
});
