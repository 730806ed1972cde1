import { evidenceRecordKey, linkageEvidence, reviewBandBits } from '../clerical-review/linkage-evidence.ts';
import { compileFramework, type FrameworkDefinition } from '../criteria/index.ts';
import { type IdentificationInput, identifyFamilies } from '../families/index.ts';
import {
  type LinkageDecisions,
  type LinkageModel,
  type LinkStage,
  type PersonAssignment,
  recordKeyText,
  weightToProbability,
} from '../linkage/index.ts';
import { type CurrentExtractRow, type CurrentUpload, extractRowKeyOf } from './current-extracts.ts';
import { identificationRecords } from './family-records.ts';
import { type StoredBatch, storedBatches } from './store-identification.ts';

/** What the engine step of a run needs besides the rows: plain data, so it can be handed to a worker thread. */
export interface EngineSettings {
  /** The framework as data, and the definitions its includes resolve against. */
  framework: { definition: FrameworkDefinition; library: readonly FrameworkDefinition[] };
  /** The assessment date (YYYY-MM-DD). */
  asOf: string;
  uploads: CurrentUpload[];
  /** The previous run's person of each record, so people keep their ids. */
  previous?: PersonAssignment;
  /** The council's trained linkage model; without one a model is trained on the rows themselves. */
  model?: LinkageModel;
  /** Analysts' decisions on pairs of records, which override the model. */
  decisions?: LinkageDecisions;
  /**
   * Link incrementally: records whose rows all come from these uploads (read by the previous run, and current
   * still) keep their person of `previous`; only the others are linked, with `model` as it is.
   */
  unchangedUploads?: readonly string[];
}

/** What a run stores, cut into batches ready for the database, and its figures. */
export interface EngineAnswer {
  batches: StoredBatch[];
  records: number;
  people: number;
  families: number;
  eligibleFamilies: number;
  /** The match probability pairs were joined at. */
  matchThreshold: number;
  /** The linkage model the run scored with, as JSON: its kept pairs' explanations are rebuilt from it. */
  linkageModel: string;
}

/** Where the engine has got to: a step of linking people and forming households, or assessing them. */
export type EngineProgress = { phase: 'linking'; step: number; steps: number } | { phase: 'assessing' };

const linkingSteps: readonly (LinkStage | 'households')[] = [
  'standardise',
  'block',
  'train',
  'score',
  'cluster',
  'assign',
  'households',
];

/**
 * The engine step of a run (pure, no database): links the current extracts' rows into people, forms and
 * assesses households, and shapes the families, members, facts and evidence that the run stores.
 */
export function identifyCurrentRows(
  settings: EngineSettings,
  inputs: readonly IdentificationInput<CurrentExtractRow>[],
  onProgress: (progress: EngineProgress) => void = () => {},
): EngineAnswer {
  const { definition, library } = settings.framework;
  const framework = compileFramework(definition, { file: `${definition.id}.json`, library });
  const linking = (stage: LinkStage | 'households') =>
    onProgress({ phase: 'linking', step: linkingSteps.indexOf(stage) + 1, steps: linkingSteps.length });
  const identification = identifyFamilies(inputs, {
    framework,
    asOf: settings.asOf,
    ...(settings.unchangedUploads && settings.previous
      ? { linkedBefore: linkedBefore(inputs, settings.unchangedUploads, settings.previous) }
      : {}),
    linkage: {
      ...(settings.previous ? { previous: settings.previous } : {}),
      ...(settings.model ? { model: settings.model } : {}),
      ...(settings.decisions ? { decisions: settings.decisions } : {}),
      reviewBand: reviewBandBits,
      onStage: linking,
    },
    provenanceOf: extractRowKeyOf,
    onStage: (stage) => (stage === 'assess' ? onProgress({ phase: 'assessing' }) : linking(stage)),
  });
  const records = identificationRecords(identification, inputs, {
    uploads: settings.uploads,
    framework,
    asOf: settings.asOf,
    afterPreviousRun: settings.previous !== undefined,
  });
  const familyOf = new Map(identification.records.map((record) => [record.personId, record.familyId]));
  const evidence = linkageEvidence(identification.linkage, (personId) => familyOf.get(personId));
  records.pairs = evidence.pairs;
  for (const person of records.people)
    person.compared_values =
      evidence.comparedValues.get(evidenceRecordKey(person.source, person.record_id)) ?? null;
  return {
    batches: storedBatches(records),
    records: identification.records.length,
    people: identification.linkage.figures.people,
    families: records.families.length,
    eligibleFamilies: records.families.filter((family) => family.eligible).length,
    matchThreshold: weightToProbability(identification.linkage.thresholdWeight),
    linkageModel: JSON.stringify(evidence.model),
  };
}

/** The person of each record the previous run linked whose rows all come from uploads it read. */
function linkedBefore(
  inputs: readonly IdentificationInput<CurrentExtractRow>[],
  unchangedUploads: readonly string[],
  previous: PersonAssignment,
): (source: string, recordId: string) => string | undefined {
  const unchanged = new Set(unchangedUploads);
  const changed = new Set<string>();
  for (const input of inputs)
    for (const row of input.rows)
      if (!unchanged.has(row.upload_id)) changed.add(`${input.source}\u0000${row.record_id}`);
  return (source, recordId) =>
    changed.has(`${source}\u0000${recordId}`) ? undefined : previous.get(recordKeyText({ source, recordId }));
}
