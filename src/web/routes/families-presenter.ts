import {
  type CaseworkStatus,
  caseworkStatuses,
  type FamilyFilters,
  type FamilySort,
  type FamilySummary,
  type IdentificationRun,
  statusNames,
} from '../../casework/index.ts';
import type { CriteriaFramework } from '../../criteria/index.ts';
import { csvLine } from '../../csv/index.ts';
import type { FrameworkChoice } from '../../outcomes-plan/index.ts';

/** The problems of the framework a run used, to filter by; none when it can no longer be read. */
export const problemChoices = (framework: CriteriaFramework | undefined): { code: string; title: string }[] =>
  framework?.problems.map(({ code, title }) => ({ code, title })) ?? [];

/** Every framework the council can run: the reference ones and the latest version of each local one. */
export const frameworkItems = (choices: readonly FrameworkChoice[], selected: string) =>
  choices.map((choice) => ({
    value: choice.id,
    text: `${choice.id}${choice.local ? ` version ${choice.version} (local)` : ''}: ${choice.title}`,
    selected: choice.id === selected,
  }));

const sorts: Record<FamilySort, string> = {
  priority: 'Priority: most problems, then youngest child, then most recent evidence',
  youngest: 'Youngest child first',
  recent: 'Most recent evidence first',
};
export const sortItems = Object.entries(sorts).map(([value, text]) => ({ value, text }));

export const statusItems = caseworkStatuses.map((status) => ({ value: status, text: statusNames[status] }));

type Query = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
const all = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).map((item) => item.trim()).filter(Boolean);

const wholeNumber = (text: string, from: number, to: number): number | undefined => {
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= from && value <= to ? value : undefined;
};

/** The filters a query string asks for, what to show back in the form, and what was wrong with it. */
export function parseFamilyQuery(
  query: Query,
  knownProblems: readonly string[],
): {
  filters: FamilyFilters;
  form: Record<string, string | string[]>;
  problems: Record<string, string>;
  page: number;
} {
  const form = {
    eligibility: first(query.eligibility),
    minimumProblems: first(query.minimumProblems),
    // A local framework's problems are not known here: any code-shaped value is taken.
    problem: all(query.problem).filter((code) =>
      knownProblems.length > 0 ? knownProblems.includes(code) : /^[a-z][a-z0-9_]*$/.test(code),
    ),
    district: first(query.district),
    childAgeFrom: first(query.childAgeFrom),
    childAgeTo: first(query.childAgeTo),
    status: first(query.status),
    changed: first(query.changed),
    sort: first(query.sort),
  };
  const problems: Record<string, string> = {};
  const filters: FamilyFilters = {};
  if (form.eligibility === 'eligible' || form.eligibility === 'not_eligible')
    filters.eligibility = form.eligibility;
  if (form.minimumProblems) {
    filters.minimumProblems = wholeNumber(form.minimumProblems, 0, 20);
    if (filters.minimumProblems === undefined)
      problems.minimumProblems = 'Number of problems must be a whole number from 0 to 20';
  }
  if (form.problem.length > 0) filters.problems = form.problem;
  if (form.district) filters.postcodeDistrict = form.district;
  for (const bound of ['childAgeFrom', 'childAgeTo'] as const) {
    if (!form[bound]) continue;
    filters[bound] = wholeNumber(form[bound], 0, 17);
    if (filters[bound] === undefined) problems[bound] = 'A child’s age must be a whole number from 0 to 17';
  }
  if ((caseworkStatuses as readonly string[]).includes(form.status))
    filters.status = form.status as CaseworkStatus;
  if (form.changed === 'yes') filters.changedOnly = true;
  if (form.sort in sorts) filters.sort = form.sort as FamilySort;
  const page = wholeNumber(first(query.page), 1, 100_000) ?? 1;
  return { filters, form, problems, page };
}

/** The query string of the same filters, for paging and the export link. */
export function familyQueryString(
  form: Record<string, string | string[]>,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item) params.append(key, item);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const changeTexts: Record<NonNullable<FamilySummary['change']>, string> = {
  new: 'New since the last run',
  newly_eligible: 'Newly eligible',
  no_longer_eligible: 'No longer eligible',
  changed: 'Problems changed',
  unchanged: 'Unchanged',
};

/** "Newly eligible; gained dv; resolved crime": what the last run changed for one family. */
export function changeText(
  family: Pick<FamilySummary, 'change' | 'problemsGained' | 'problemsResolved'>,
): string {
  if (!family.change) return '';
  const parts = [changeTexts[family.change]];
  if (family.change !== 'new' && family.problemsGained.length > 0)
    parts.push(`gained ${family.problemsGained.join(', ')}`);
  if (family.problemsResolved.length > 0) parts.push(`resolved ${family.problemsResolved.join(', ')}`);
  return parts.join('; ');
}

export function statusTag(status: CaseworkStatus): { text: string; classes: string } {
  const colours: Record<CaseworkStatus, string> = {
    identified: 'govuk-tag--grey',
    assessed: 'govuk-tag--blue',
    allocated: 'govuk-tag--purple',
    working: 'govuk-tag--green',
    closed: 'govuk-tag--grey',
  };
  return { text: statusNames[status], classes: colours[status] };
}

export function runPhaseText(run: IdentificationRun): string {
  const phases: Record<string, string> = {
    reading: 'Reading the current extracts',
    linking: 'Linking records into people and forming households',
    assessing: 'Assessing each household against the framework',
    storing: 'Storing the families and their evidence',
    comparing: 'Comparing with the previous run',
  };
  const phase = run.phase ? phases[run.phase] : 'Waiting to start';
  if (!run.progressTotal) return phase!;
  // Linking counts its steps; reading counts uploads and storing counts batches.
  const step = run.phase === 'linking' ? 'step ' : '';
  return `${phase} (${step}${run.progressDone} of ${run.progressTotal})`;
}

export const familiesCsvHeader = csvLine([
  'family_id',
  'eligible',
  'problems',
  'problem_count',
  'members',
  'children_ages',
  'postcode_district',
  'latest_evidence',
  'status',
  'keyworker',
  'change',
]);

/** One family as a CSV line: every text field neutralised against spreadsheet formulas (csvLine's default). */
export const familyCsvLine = (family: FamilySummary): string =>
  csvLine([
    family.familyId,
    family.eligible ? 'yes' : 'no',
    family.problems.join(';'),
    family.problemCount,
    family.memberCount,
    family.childrenAges.join(';'),
    family.postcodeDistrict,
    family.latestEvidence,
    family.status,
    family.keyworkerName,
    changeText(family),
  ]);
