import type { Sql } from '../db/index.ts';
import { loadCouncilFramework } from '../outcomes-plan/index.ts';
import { type Casework, type CaseworkChange, caseworkHistory, findCasework } from './casework.ts';
import type { FamilySummary } from './family-queries.ts';
import { findRun, type IdentificationRun } from './identification-run.ts';

export interface FamilyMember {
  personId: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  age: number | null;
  role: 'child' | 'adult' | 'unknown';
}

/** A fact with its provenance: the upload and line it came from and the agreement that allowed it. */
export interface FamilyFact {
  personId: string;
  uploadId: string;
  line: number;
  source: string;
  organisation: string;
  recordId: string;
  code: string;
  start: string;
  end: string | null;
  value: number | null;
  agreementId: string | null;
  agreementReference: string | null;
  agreementVersion: number | null;
}

export interface ProblemEvidence {
  code: string;
  title: string;
  indicators: { indicator: string; description: string; personId: string; facts: FamilyFact[] }[];
}

export interface Involvement {
  organisation: string;
  source: string;
  leadWorker: string;
  leadWorkerContact: string | null;
  personIds: string[];
  factCodes: string[];
  since: string | null;
}

export interface FamilyView {
  run: IdentificationRun;
  /** Whether the family is in the council's newest run, or only in an older one. */
  inLatestRun: boolean;
  family: Omit<FamilySummary, 'status' | 'keyworkerName'> & { programmeFamily: boolean };
  members: FamilyMember[];
  problems: ProblemEvidence[];
  involvements: Involvement[];
  timeline: FamilyFact[];
  casework: Casework | undefined;
  history: CaseworkChange[];
}

/**
 * One family as the acting user may see it (row-level security decides: coordinators and analysts see every
 * family, a keyworker only those allocated to them), from the newest run it appears in.
 */
export async function findFamily(sql: Sql, familyId: string): Promise<FamilyView | undefined> {
  const [found] = await sql.query<FamilyView['family'] & { runId: string; latest: boolean }>(
    `select f.run_id as "runId", f.family_id as "familyId", f.eligible, f.programme_family as "programmeFamily",
            f.problems, f.problem_count as "problemCount", f.member_count as "memberCount",
            f.children_ages as "childrenAges", f.youngest_child_age as "youngestChildAge",
            f.postcode_district as "postcodeDistrict", f.latest_evidence::text as "latestEvidence", f.change,
            f.problems_gained as "problemsGained", f.problems_resolved as "problemsResolved",
            r.id = (select id from identification_run where state = 'finished' and council_id = r.council_id
                    order by finished_at desc limit 1) as latest
     from identified_family f join identification_run r on r.id = f.run_id
     where f.family_id = $1 and f.council_id = kindred_user_organisation()
     order by r.finished_at desc limit 1`,
    [familyId],
  );
  if (!found) return undefined;
  const { runId, latest, ...family } = found;
  const run = (await findRun(sql, runId))!;
  const members = await familyMembers(sql, runId, familyId);
  const timeline = await familyTimeline(sql, runId, familyId);
  const evidence = await sql.query<{
    problem: string;
    indicator: string;
    personId: string;
    uploadId: string;
    line: number;
  }>(
    `select problem, indicator, person_id as "personId", upload_id as "uploadId", line
     from identified_evidence where run_id = $1 and family_id = $2`,
    [runId, familyId],
  );
  const involvements = await familyInvolvements(sql, runId, familyId);

  const factAt = new Map(timeline.map((fact) => [`${fact.uploadId}:${fact.line}`, fact]));
  // The framework and version the run used, reference or local, for the titles of problems and indicators.
  const framework = await loadCouncilFramework(sql, run.frameworkId, run.frameworkVersion);
  const problems: ProblemEvidence[] = family.problems.map((code) => {
    const definition = framework?.problems.find((problem) => problem.code === code);
    const indicators = new Map<string, ProblemEvidence['indicators'][number]>();
    for (const met of evidence.filter((row) => row.problem === code)) {
      const key = `${met.indicator}\u0000${met.personId}`;
      let entry = indicators.get(key);
      if (!entry) {
        const rule = definition?.indicators.find((indicator) => indicator.rule.id === met.indicator)?.rule;
        entry = {
          indicator: met.indicator,
          description: rule?.description ?? met.indicator,
          personId: met.personId,
          facts: [],
        };
        indicators.set(key, entry);
      }
      const fact = factAt.get(`${met.uploadId}:${met.line}`);
      if (fact) entry.facts.push(fact);
    }
    return { code, title: definition?.title ?? code, indicators: [...indicators.values()] };
  });

  return {
    run,
    inLatestRun: latest,
    family,
    members,
    problems,
    involvements,
    timeline,
    casework: await findCasework(sql, familyId),
    history: await caseworkHistory(sql, familyId),
  };
}

/** A family's members in a run: adults first, then children from the eldest. */
export const familyMembers = (sql: Sql, runId: string, familyId: string): Promise<FamilyMember[]> =>
  sql.query<FamilyMember>(
    `select person_id as "personId", given_name as "givenName", family_name as "familyName",
            date_of_birth::text as "dateOfBirth", age, role
     from identified_member where run_id = $1 and family_id = $2
     order by case role when 'adult' then 0 when 'child' then 1 else 2 end, age desc nulls last, person_id`,
    [runId, familyId],
  );

/** The facts of a family in a run that the acting user may read, newest first, each with its provenance. */
export const familyTimeline = (sql: Sql, runId: string, familyId: string): Promise<FamilyFact[]> =>
  sql.query<FamilyFact>(
    `select x.person_id as "personId", x.upload_id as "uploadId", x.line, x.source, o.name as organisation,
            x.record_id as "recordId", x.code, x.fact_start::text as start, x.fact_end::text as "end",
            x.fact_value as value, x.agreement_id as "agreementId", x.agreement_reference as "agreementReference",
            x.agreement_version as "agreementVersion"
     from identified_fact x join organisation o on o.id = x.organisation_id
     where x.run_id = $1 and x.family_id = $2
     order by x.fact_start desc, x.source, x.line`,
    [runId, familyId],
  );

/** Who is involved with a family in a run: each service's lead worker. */
export const familyInvolvements = (sql: Sql, runId: string, familyId: string): Promise<Involvement[]> =>
  sql.query<Involvement>(
    `select o.name as organisation, i.source, i.lead_worker as "leadWorker",
            i.lead_worker_contact as "leadWorkerContact", i.person_ids as "personIds", i.fact_codes as "factCodes",
            i.since::text as since
     from identified_involvement i join organisation o on o.id = i.organisation_id
     where i.run_id = $1 and i.family_id = $2 order by o.name, i.lead_worker`,
    [runId, familyId],
  );
