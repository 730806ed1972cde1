/**
 * The county is realistic where linkage, families and criteria need it: every fact code, cases on
 * both sides of every threshold, the hard cases of linkage, sources that know only their people.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AssessedFact, type Household, HouseholdAssessor, shippedFramework } from '../criteria/index.ts';
import { factCodes } from '../facts/vocabulary.ts';
import { dayOf, isoOf, sameDayYearsAway } from './calendar.ts';
import {
  allRows,
  type CountyFiles,
  fixtureAsOf,
  type Row,
  smallCounty,
} from './county-fixture.test-support.ts';

const asOf = dayOf(fixtureAsOf);
const yearBefore = isoOf(sameDayYearsAway(asOf, -1));
const yearAfter = isoOf(sameDayYearsAway(asOf, 1));
const dayAfter = (iso: string): string => isoOf(dayOf(iso) + 1);
const dayBefore = (iso: string): string => isoOf(dayOf(iso) - 1);

function ageAt(born: string, at: string): number {
  let age = Number(at.slice(0, 4)) - Number(born.slice(0, 4));
  if (at.slice(5) < born.slice(5)) age -= 1;
  return age;
}

/** The true person of every record, and of every row. */
function personOf(county: CountyFiles): (source: string, row: Row) => Row {
  const people = new Map(county.truthPeople.map((person) => [person.person_id, person]));
  const records = new Map(
    county.truthRecords.map((record) => [`${record.source}|${record.record_id}`, record.person_id]),
  );
  return (source, row) => people.get(records.get(`${source}|${row.record_id}`) as string) as Row;
}

const facts = (county: CountyFiles, code: string): { source: string; row: Row }[] =>
  [...allRows(county)].filter(({ row }) => row.fact === code);

describe('a synthetic county', () => {
  it('uses every code of the vocabulary and the local care leaver code', async () => {
    const county = await smallCounty();
    const used = new Set([...allRows(county)].map(({ row }) => row.fact));
    for (const fact of factCodes) assert.ok(used.has(fact.code), `${fact.code} is used`);
    assert.ok(used.has('local.care_leaver'));
  });

  it('has cases just either side of every threshold of the criteria', async () => {
    const county = await smallCounty();
    const absence = facts(county, 'education.absence').map(({ row }) => row);
    assert.ok(
      absence.some((row) => Number(row.fact_value) === 10),
      'an absence of exactly 10',
    );
    assert.ok(
      absence.some((row) => Number(row.fact_value) >= 9.9 && Number(row.fact_value) < 10),
      'an absence just under 10',
    );
    assert.ok(
      absence.some((row) => row.fact_end === yearBefore),
      'a term ending a year before D to the day',
    );
    assert.ok(
      absence.some((row) => row.fact_end === dayAfter(yearBefore)),
      'a term ending a day later',
    );

    const exclusions = new Map<string, number>();
    for (const { row } of facts(county, 'education.fixed_term_exclusion')) {
      if (row.fact_start && row.fact_start > yearBefore)
        exclusions.set(
          row.record_id as string,
          (exclusions.get(row.record_id as string) ?? 0) + Number(row.fact_value || '1'),
        );
    }
    assert.ok(
      [...exclusions.values()].some((total) => total === 2),
      'two exclusions in the last 12 months',
    );
    assert.ok(
      [...exclusions.values()].some((total) => total >= 3),
      'three exclusions in the last 12 months',
    );

    const offences = facts(county, 'crime.proven_offence').map(({ row }) => row.fact_start);
    assert.ok(
      offences.includes(yearBefore) && offences.includes(dayAfter(yearBefore)),
      'offences a year before D and a day later',
    );
    const releases = facts(county, 'crime.prison_release_due').map(({ row }) => row.fact_end);
    assert.ok(
      releases.includes(yearAfter) && releases.includes(dayAfter(yearAfter)) && releases.includes(''),
      'releases on the last day of the window, a day after, and none',
    );
    const plans = facts(county, 'children.child_protection_plan').map(({ row }) => row.fact_end);
    assert.ok(
      plans.includes(yearBefore) && plans.includes(dayAfter(yearBefore)),
      'plans ended a year before D and a day later',
    );
    const claims = facts(county, 'work.out_of_work_benefit').map(({ row }) => row.fact_end);
    assert.ok(
      claims.includes(dayBefore(fixtureAsOf)) && claims.includes(fixtureAsOf) && claims.includes(''),
      'claims ended yesterday, ending today, open',
    );
    const sentences = facts(county, 'crime.community_sentence').map(({ row }) => row.fact_end);
    assert.ok(
      sentences.includes(dayBefore(fixtureAsOf)) && sentences.includes(fixtureAsOf),
      'sentences ended yesterday and ending today',
    );
  });

  it('has children who just turned 18 and who turn 18 tomorrow, with facts', async () => {
    const county = await smallCounty();
    const person = personOf(county);
    const ages = [...allRows(county)]
      .filter(({ row }) => row.fact === 'crime.proven_offence' || row.fact === 'children.child_in_need')
      .map(({ source, row }) => person(source, row).date_of_birth as string);
    assert.ok(
      ages.some((born) => born === isoOf(sameDayYearsAway(asOf + 1, -18))),
      'a child whose 18th birthday is tomorrow',
    );
    assert.ok(
      ages.some(
        (born) =>
          ageAt(born, fixtureAsOf) === 18 && dayOf(isoOf(sameDayYearsAway(dayOf(born), 18))) > asOf - 61,
      ),
      'someone who turned 18 in the last two months',
    );
  });

  it('has twins, a son named after his father at home, and namesakes born the same day elsewhere', async () => {
    const county = await smallCounty();
    const byHousehold = new Map<string, Row[]>();
    for (const person of county.truthPeople) {
      const members = byHousehold.get(person.household_id as string) ?? [];
      members.push(person);
      byHousehold.set(person.household_id as string, members);
    }
    let twins = 0;
    let juniors = 0;
    for (const members of byHousehold.values()) {
      for (const [index, one] of members.entries()) {
        for (const other of members.slice(index + 1)) {
          if (
            one.date_of_birth === other.date_of_birth &&
            one.family_name === other.family_name &&
            one.given_name !== other.given_name
          )
            twins++;
          if (
            one.given_name === other.given_name &&
            one.family_name === other.family_name &&
            one.sex === 'M' &&
            other.sex === 'M' &&
            one.date_of_birth !== other.date_of_birth
          )
            juniors++;
        }
      }
    }
    assert.ok(twins >= 1, 'twins');
    assert.ok(juniors >= 1, 'a father and son of the same name at one address');
    const byIdentity = new Map<string, Row[]>();
    for (const person of county.truthPeople) {
      const key = `${person.given_name}|${person.family_name}|${person.date_of_birth}`;
      byIdentity.set(key, [...(byIdentity.get(key) ?? []), person]);
    }
    const namesakes = [...byIdentity.values()].filter(
      (group) => group.length > 1 && new Set(group.map((person) => person.postcode)).size === group.length,
    );
    assert.ok(namesakes.length >= 1, 'people with the same name and date of birth at different postcodes');
    assert.deepEqual(
      county.summary.hardCases.twins >= 1 &&
        county.summary.hardCases.juniors >= 1 &&
        county.summary.hardCases.namesakes >= 1,
      true,
    );
  });

  it('has households that mostly share a surname, and addresses whose postcode neighbours share', async () => {
    const county = await smallCounty();
    const surnames = new Map<string, string[]>();
    const postcodes = new Map<string, Set<string>>();
    for (const person of county.truthPeople) {
      surnames.set(person.household_id as string, [
        ...(surnames.get(person.household_id as string) ?? []),
        person.family_name as string,
      ]);
      postcodes.set(
        person.postcode as string,
        (postcodes.get(person.postcode as string) ?? new Set()).add(person.uprn as string),
      );
    }
    const together = [...surnames.values()].filter((names) => names.length > 1);
    const oneSurname = together.filter((names) => new Set(names).size === 1).length;
    const mostly = together.filter(
      (names) => names.filter((name) => name === names[0]).length > names.length / 2,
    ).length;
    assert.ok(
      oneSurname / together.length > 0.5,
      `${oneSurname} of ${together.length} households of two or more share one surname`,
    );
    assert.ok(
      mostly / together.length > 0.7,
      `in ${mostly} of ${together.length} most members share the first member's surname`,
    );
    const crowded = [...postcodes.values()].filter((uprns) => uprns.size > 1).length;
    assert.ok(crowded / postcodes.size > 0.6, 'most postcodes hold several dwellings');
  });

  it('lets each partner know only the people it would know', async () => {
    const county = await smallCounty();
    const person = personOf(county);
    for (const row of county.extracts.get('schools') ?? []) {
      const age = ageAt(person('schools', row).date_of_birth as string, fixtureAsOf);
      assert.ok(age >= 4 && age <= 18, `a pupil of ${age}`);
    }
    for (const row of county.extracts.get('council_tax') ?? []) {
      assert.ok(
        ageAt(person('council_tax', row).date_of_birth as string, fixtureAsOf) >= 18,
        'council tax payers are adults',
      );
      assert.equal(row.fact, '', 'the council tax roll holds identities only');
      assert.notEqual(row.uprn, '', 'the roll knows every UPRN');
    }
    const claims = new Map<string, Set<string>>();
    for (const row of county.extracts.get('dwp') ?? []) {
      assert.notEqual(row.household_ref, '', 'every DWP record is on a claim');
      claims.set(
        row.household_ref as string,
        (claims.get(row.household_ref as string) ?? new Set()).add(person('dwp', row).household_id as string),
      );
    }
    assert.ok(
      [...claims.values()].every((households) => households.size === 1),
      'a claim covers one household',
    );
    const health = county.extracts.get('health') ?? [];
    assert.ok(
      health.every((row) => (row.fact ?? '').startsWith('health.')),
      'health shares health flags only',
    );
    assert.ok(
      health.filter((row) => row.nhs_number !== '').length / health.length > 0.95,
      'health almost always has the NHS number',
    );
    const undated = (county.extracts.get('council_tax') ?? []).filter(
      (row) => row.date_of_birth === '',
    ).length;
    assert.ok(
      undated / (county.extracts.get('council_tax') ?? []).length > 0.5,
      'the roll often has no date of birth',
    );
    for (const source of ['childrens_services', 'health', 'housing', 'domestic_abuse'] as const) {
      assert.ok(
        (county.extracts.get(source) ?? []).every(
          (row) => row.lead_worker !== '' && row.lead_worker_contact !== '',
        ),
        `${source} names a lead worker`,
      );
    }
  });

  it('holds identity noise as real extracts do: nicknames, old surnames, old addresses, variants', async () => {
    const county = await smallCounty();
    const person = personOf(county);
    let nicknames = 0;
    let oldSurnames = 0;
    let otherAddresses = 0;
    let compactPostcodes = 0;
    let abbreviated = 0;
    let rows = 0;
    for (const { source, row } of allRows(county)) {
      const truth = person(source, row);
      rows++;
      const given = (row.given_name ?? '').toLowerCase();
      const family = (row.family_name ?? '').toLowerCase();
      if (
        given !== '' &&
        !given.startsWith((truth.given_name ?? '').toLowerCase()) &&
        family === (truth.family_name ?? '').toLowerCase()
      )
        nicknames++;
      if (
        family !== '' &&
        family !== (truth.family_name ?? '').toLowerCase() &&
        given.startsWith((truth.given_name ?? '').toLowerCase())
      )
        oldSurnames++;
      if (
        row.postcode !== '' &&
        row.postcode?.replace(' ', '').toUpperCase() !== truth.postcode?.replace(' ', '')
      )
        otherAddresses++;
      if (/^[A-Z]+\d+\d[A-Z]{2}$/.test(row.postcode ?? '')) compactPostcodes++;
      if (/ (Rd|St|Ave|Cl|Dr|Ln|Gr|Cres|Ct|Pl|Gdns|Terr|Sq)$/i.test(row.address_line_1 ?? '')) abbreviated++;
    }
    for (const [what, count] of Object.entries({
      nicknames,
      oldSurnames,
      otherAddresses,
      compactPostcodes,
      abbreviated,
    })) {
      assert.ok(count > 0, `${what} occur`);
      assert.ok(count < rows * 0.3, `${what} are not the rule (${count} of ${rows})`);
    }
  });

  it('puts a few percent of families over the tf-2015 line, and many more near it', async () => {
    const county = await smallCounty();
    const person = personOf(county);
    const households = new Map<string, Household>();
    const members = new Map<string, { personId: string; dateOfBirth: string; facts: AssessedFact[] }>();
    for (const truth of county.truthPeople) {
      const member = {
        personId: truth.person_id as string,
        dateOfBirth: truth.date_of_birth as string,
        facts: [] as AssessedFact[],
      };
      members.set(member.personId, member);
      const household = households.get(truth.household_id as string) ?? {
        id: truth.household_id as string,
        members: [],
      };
      (household.members as (typeof member)[]).push(member);
      households.set(household.id, household);
    }
    for (const { source, row } of allRows(county)) {
      if (!row.fact) continue;
      members.get(person(source, row).person_id as string)?.facts.push({
        source,
        record_id: row.record_id as string,
        code: row.fact,
        start: row.fact_start as string,
        end: row.fact_end || null,
        value: row.fact_value ? Number(row.fact_value) : null,
      });
    }
    const assessor = new HouseholdAssessor(shippedFramework('tf-2015'), fixtureAsOf);
    let families = 0;
    let eligible = 0;
    let oneProblem = 0;
    for (const household of households.values()) {
      const assessment = assessor.assess(household);
      if (!assessment.programmeFamily) continue;
      families++;
      if (assessment.eligible) eligible++;
      else if (assessment.problems.length === 1) oneProblem++;
    }
    assert.ok(
      eligible / families > 0.02 && eligible / families < 0.15,
      `${eligible} of ${families} families eligible`,
    );
    assert.ok(oneProblem > eligible, 'more families have one problem than two');
  });
});
