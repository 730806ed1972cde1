import type { IdentificationRun } from '../casework/identification-run.ts';
import { findRun, latestRun } from '../casework/identification-run.ts';
import type { Sql } from '../db/index.ts';
import type { LinkageModel, PairExplanation, RecordKey } from '../linkage/index.ts';
import { decisionsAbout, type LinkageDecision } from './decisions.ts';
import { PairExplainer, type PairFacts } from './pair-explanations.ts';

/** A source record as a run linked it: its identity and the upload and agreement it came from. */
export interface SourceRecord extends RecordKey {
  personId: string;
  familyId: string | null;
  uploadId: string | null;
  organisation: string | null;
  agreementId: string | null;
  agreementReference: string | null;
  agreementVersion: number | null;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  address: string | null;
  postcode: string | null;
}

/** A pair a run kept, with its explanation (rebuilt from the run's model when read). */
export interface StoredPair {
  runId: string;
  pairNo: number;
  left: RecordKey;
  right: RecordKey;
  matchWeight: number;
  matchProbability: number;
  /** The person both records are in, or null when the run kept them apart. */
  personId: string | null;
  nearThreshold: boolean;
  explanation: PairExplanation;
}

const recordColumns = `p.source, p.record_id as "recordId", p.person_id as "personId", p.family_id as "familyId",
  p.upload_id as "uploadId", o.name as organisation, p.agreement_id as "agreementId",
  p.agreement_reference as "agreementReference", p.agreement_version as "agreementVersion",
  p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth::text as "dateOfBirth", p.address,
  p.postcode`;

const pairColumns = `run_id as "runId", pair_no as "pairNo",
  json_build_object('source', left_source, 'recordId', left_record_id) as left,
  json_build_object('source', right_source, 'recordId', right_record_id) as right,
  match_weight as "matchWeight", match_probability as "matchProbability", person_id as "personId",
  near_threshold as "nearThreshold", levels, log2_bayes_factors, names_swapped`;

/** A pair as stored: its explanation is still to be rebuilt. */
type PairRow<Extra = object> = Omit<StoredPair, 'explanation'> &
  Pick<PairFacts, 'levels' | 'log2_bayes_factors' | 'names_swapped'> &
  Extra;

/** Explainers of the runs read lately: a finished run's model never changes, and binding one takes milliseconds. */
const explainers = new Map<string, PairExplainer>();

function explainerOf(runId: string, model: LinkageModel): PairExplainer {
  let explainer = explainers.get(runId);
  if (!explainer) {
    explainer = new PairExplainer(model);
    if (explainers.size >= 8) explainers.delete(explainers.keys().next().value!);
    explainers.set(runId, explainer);
  }
  return explainer;
}

/**
 * The pairs of one run, explained: rebuilt from the run's model and both records' compared values (read under the
 * acting user's row-level security, as the pairs were).
 */
async function explained<Extra>(
  sql: Sql,
  runId: string,
  rows: readonly PairRow<Extra>[],
): Promise<(StoredPair & Extra)[]> {
  if (rows.length === 0) return [];
  const [run] = await sql.query<{ model: LinkageModel | null }>(
    'select linkage_model as model from identification_run where id = $1',
    [runId],
  );
  if (!run?.model)
    throw new Error(`Identification run ${runId} keeps pairs but no linkage model to explain them.`);
  const explainer = explainerOf(runId, run.model);
  const keys = rows.flatMap((row) => [row.left, row.right]);
  const valued = await sql.query<{ source: string; recordId: string; values: string[] | null }>(
    `select source, record_id as "recordId", compared_values as values from identified_person
     where run_id = $1 and (source, record_id) in (select * from unnest($2::text[], $3::text[]))`,
    [runId, keys.map((key) => key.source), keys.map((key) => key.recordId)],
  );
  const valuesAt = new Map(valued.map((row) => [`${row.source}\u0000${row.recordId}`, row.values]));
  const recordOf = (key: RecordKey) => {
    const values = valuesAt.get(`${key.source}\u0000${key.recordId}`);
    if (!values)
      throw new Error(
        `Record ${key.source} ${key.recordId} of run ${runId} has no compared values to explain.`,
      );
    return { source: key.source, comparedValues: values };
  };
  return rows.map(({ levels, log2_bayes_factors, names_swapped, ...pair }) => ({
    ...pair,
    explanation: explainer.explain(
      { levels, log2_bayes_factors, names_swapped, match_weight: pair.matchWeight },
      recordOf(pair.left),
      recordOf(pair.right),
    ),
  })) as (StoredPair & Extra)[];
}

/** The records of a run, by key (those the acting user may see). */
async function recordsOf(sql: Sql, runId: string, keys: readonly RecordKey[]): Promise<SourceRecord[]> {
  return sql.query<SourceRecord>(
    `select ${recordColumns} from identified_person p left join organisation o on o.id = p.organisation_id
     where p.run_id = $1 and (p.source, p.record_id) in (select * from unnest($2::text[], $3::text[]))
     order by p.source, p.record_id`,
    [runId, keys.map((key) => key.source), keys.map((key) => key.recordId)],
  );
}

/** The match weight of a threshold probability (the default model's 0.5 when the run kept none). */
const thresholdWeight = (run: IdentificationRun): number => {
  const probability = run.matchThreshold ?? 0.5;
  return Math.log2(probability / (1 - probability));
};

/** The decisions in force on pairs not yet reviewed are left out; what remains is the queue. */
const undecided = `not exists (
  select 1 from linkage_decision d where d.council_id = kindred_user_organisation()
    and ((d.left_source, d.left_record_id, d.right_source, d.right_record_id)
           = (q.left_source, q.left_record_id, q.right_source, q.right_record_id)
      or (d.left_source, d.left_record_id, d.right_source, d.right_record_id)
           = (q.right_source, q.right_record_id, q.left_source, q.left_record_id)))`;

export interface ReviewQueue {
  run: IdentificationRun | undefined;
  total: number;
  pairs: (StoredPair & { leftRecord: SourceRecord | undefined; rightRecord: SourceRecord | undefined })[];
}

/** The pairs of the newest run near its threshold that no analyst has decided on, nearest the threshold first. */
export async function reviewQueue(
  sql: Sql,
  options: { limit: number; offset: number },
): Promise<ReviewQueue> {
  const run = await latestRun(sql);
  if (!run) return { run, total: 0, pairs: [] };
  const [counted] = await sql.query<{ total: number }>(
    `select count(*)::int as total from identified_pair q where q.run_id = $1 and q.near_threshold and ${undecided}`,
    [run.id],
  );
  const pairs = await explained(
    sql,
    run.id,
    await sql.query<PairRow>(
      `select ${pairColumns} from identified_pair q where q.run_id = $1 and q.near_threshold and ${undecided}
       order by abs(q.match_weight - $2), q.pair_no limit $3 offset $4`,
      [run.id, thresholdWeight(run), options.limit, options.offset],
    ),
  );
  const records = await recordsOf(
    sql,
    run.id,
    pairs.flatMap((pair) => [pair.left, pair.right]),
  );
  const recordAt = new Map(records.map((record) => [`${record.source}\u0000${record.recordId}`, record]));
  const find = (key: RecordKey) => recordAt.get(`${key.source}\u0000${key.recordId}`);
  return {
    run,
    total: counted!.total,
    pairs: pairs.map((pair) => ({ ...pair, leftRecord: find(pair.left), rightRecord: find(pair.right) })),
  };
}

export interface PairView {
  run: IdentificationRun;
  pair: StoredPair;
  left: SourceRecord | undefined;
  right: SourceRecord | undefined;
  /** The decision in force on the pair, if any. */
  decision: LinkageDecision | undefined;
}

/** One pair of a run with both records side by side and the decision in force on it. */
export async function findPair(sql: Sql, runId: string, pairNo: number): Promise<PairView | undefined> {
  const [row] = await sql.query<PairRow>(
    `select ${pairColumns} from identified_pair where run_id = $1 and pair_no = $2`,
    [runId, pairNo],
  );
  if (!row) return undefined;
  const [pair] = await explained(sql, runId, [row]);
  if (!pair) return undefined;
  const run = (await findRun(sql, runId))!;
  const records = await recordsOf(sql, runId, [pair.left, pair.right]);
  const same = (a: RecordKey, b: RecordKey) => a.source === b.source && a.recordId === b.recordId;
  const decision = (await decisionsAbout(sql, [pair.left])).find(
    (each) =>
      (same(each.left, pair.left) && same(each.right, pair.right)) ||
      (same(each.left, pair.right) && same(each.right, pair.left)),
  );
  return {
    run,
    pair,
    left: records.find((record) => same(record, pair.left)),
    right: records.find((record) => same(record, pair.right)),
    decision,
  };
}

export interface PersonView {
  run: IdentificationRun;
  /** Whether the person is in the council's newest run, or only in an older one. */
  inLatestRun: boolean;
  personId: string;
  records: SourceRecord[];
  /** The links that hold the person's records together, each explained. */
  links: StoredPair[];
  /** Pairs near the threshold between one of the person's records and a record of someone else. */
  nearMisses: (StoredPair & { otherPersonId: string | null })[];
  decisions: LinkageDecision[];
}

/**
 * A person as the acting user may see them (row-level security decides: the programme team sees everyone, a
 * keyworker the people of the families allocated to them), from the newest run they appear in.
 */
export async function findPerson(sql: Sql, personId: string): Promise<PersonView | undefined> {
  const [found] = await sql.query<{ runId: string; latest: boolean }>(
    `select r.id as "runId",
            r.id = (select id from identification_run where state = 'finished' and council_id = r.council_id
                    order by finished_at desc limit 1) as latest
     from identified_person p join identification_run r on r.id = p.run_id
     where p.person_id = $1 and r.council_id = kindred_user_organisation() and r.state = 'finished'
     order by r.finished_at desc limit 1`,
    [personId],
  );
  if (!found) return undefined;
  const run = (await findRun(sql, found.runId))!;
  const records = await sql.query<SourceRecord>(
    `select ${recordColumns} from identified_person p left join organisation o on o.id = p.organisation_id
     where p.run_id = $1 and p.person_id = $2 order by p.source, p.record_id`,
    [run.id, personId],
  );
  const links = await sql.query<PairRow>(
    `select ${pairColumns} from identified_pair where run_id = $1 and person_id = $2 order by match_weight desc`,
    [run.id, personId],
  );
  const nearMisses = await sql.query<PairRow<{ otherPersonId: string | null }>>(
    `select ${pairColumns},
            (select o.person_id from identified_person o where o.run_id = q.run_id
               and ((o.source, o.record_id) = (q.left_source, q.left_record_id)
                 or (o.source, o.record_id) = (q.right_source, q.right_record_id))
               and o.person_id <> $2 limit 1) as "otherPersonId"
     from identified_pair q
     where q.run_id = $1 and q.near_threshold and q.person_id is null
       and exists (select 1 from identified_person m where m.run_id = q.run_id and m.person_id = $2
                     and ((m.source, m.record_id) = (q.left_source, q.left_record_id)
                       or (m.source, m.record_id) = (q.right_source, q.right_record_id)))
     order by q.match_weight desc`,
    [run.id, personId],
  );
  return {
    run,
    inLatestRun: found.latest,
    personId,
    records,
    links: await explained(sql, run.id, links),
    nearMisses: await explained(sql, run.id, nearMisses),
    decisions: await decisionsAbout(sql, records),
  };
}

/** A person of the newest run with their records, to merge with or split from (undefined when not in it). */
export async function recordsOfPersonInRun(sql: Sql, runId: string, personId: string): Promise<RecordKey[]> {
  return sql.query<RecordKey>(
    `select source, record_id as "recordId" from identified_person where run_id = $1 and person_id = $2
     order by source, record_id`,
    [runId, personId],
  );
}
