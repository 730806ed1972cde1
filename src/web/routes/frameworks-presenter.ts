import type {
  FrameworkDefinition,
  IndicatorRule,
  ResolvedIndicator,
  ValueBound,
  Who,
  Window,
} from '../../criteria/index.ts';
import { lookupFactCode } from '../../facts/vocabulary.ts';
import {
  editablePaths,
  entryPath,
  type FrameworkDetail,
  type FrameworkProblem,
  type FrameworkSummary,
  type LocalFrameworkVersion,
  problemText,
} from '../../outcomes-plan/index.ts';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const link = (href: string, text: string): string =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

/** The id of the form field for a JSON path: `problems[1].indicators[0].value.atLeast` → `problems-1-indicators-0-value-atLeast`. */
export const fieldId = (path: string): string => path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '');

export const frameworkHref = (id: string, version?: number): string =>
  `/frameworks/${encodeURIComponent(id)}${version === undefined ? '' : `?version=${version}`}`;

const savedOn = (date: Date): string =>
  date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

export function whoText(who: Who): string {
  if (who === 'anyone') return 'Anyone';
  if (who === 'child') return 'A child (under 18)';
  if (who === 'adult') return 'An adult (18 or over)';
  if (who === 'young_person') return 'A young person (16 to 24)';
  if (who.ageFrom !== undefined && who.ageTo !== undefined) return `Aged ${who.ageFrom} to ${who.ageTo}`;
  return who.ageFrom !== undefined ? `Aged ${who.ageFrom} or over` : `Aged ${who.ageTo} or under`;
}

const windowTexts: Record<Window, string> = {
  last_12_months: 'In the last 12 months',
  current: 'Current at the assessment date',
  current_ending_within_12_months: 'Current, ending within 12 months after the assessment date',
};
export const windowText = (when: Window): string => windowTexts[when];

/** How a threshold reads with the unit of the indicator's facts (a percentage, pounds, hours). */
function unitOf(rule: IndicatorRule): { prefix?: string; suffix?: string } {
  const unit = rule.facts.map((code) => lookupFactCode(code)?.value).find((value) => value !== undefined);
  if (unit === 'percent') return { suffix: '%' };
  if (unit === 'pounds') return { prefix: '£' };
  if (unit === 'hours') return { suffix: 'hours' };
  return {};
}

const boundNames: Record<keyof ValueBound, string> = {
  atLeast: 'at least',
  above: 'above',
  atMost: 'at most',
  below: 'below',
};

export function thresholdText(rule: IndicatorRule): string {
  const { prefix = '', suffix = '' } = unitOf(rule);
  const amount = (value: number) => `${prefix}${value}${suffix === '%' ? '%' : suffix ? ` ${suffix}` : ''}`;
  if (rule.value) {
    const parts = (Object.keys(boundNames) as (keyof ValueBound)[])
      .filter((key) => rule.value![key] !== undefined)
      .map((key) => `${boundNames[key]} ${amount(rule.value![key]!)}`);
    return `Each fact’s value ${parts.join(' and ')}`;
  }
  if (rule.total) {
    const empty = rule.total.emptyCounts ? ` (a fact with no value counts ${rule.total.emptyCounts})` : '';
    return `Values added up for one person: at least ${amount(rule.total.atLeast)}${empty}`;
  }
  return 'None: any such fact';
}

export function eligibilityText(definition: FrameworkDefinition): string {
  const { programmeFamily, minimumProblems } = definition.eligibility;
  const of = `at least ${minimumProblems} of the ${definition.problems.length} problems`;
  return programmeFamily
    ? `A programme family (a child, or an expectant or new parent, at the assessment date) with ${of}`
    : `Any household with ${of} (no child needed)`;
}

const indicatorCell = (indicator: ResolvedIndicator): string => {
  const from = indicator.includedFrom;
  const origin = from
    ? `<br><span class="govuk-body-s">From ${escapeHtml(from.framework)} version ${from.version}, problem ${escapeHtml(from.problem)}</span>`
    : '';
  return `${escapeHtml(indicator.rule.description)}<br><code>${escapeHtml(indicator.rule.id)}</code>${origin}`;
};

/** Everything a framework page shows, for any version of it. */
export function frameworkPageModel(detail: FrameworkDetail) {
  const { framework, definition } = detail;
  const shownVersion = definition.version;
  return {
    id: definition.id,
    version: shownVersion,
    title: definition.title,
    description: definition.description ?? '',
    local: detail.local,
    latestVersion: detail.latestVersion,
    isLatest: shownVersion === detail.latestVersion,
    basedOn: definition.basedOn
      ? {
          text: `${definition.basedOn.id} version ${definition.basedOn.version}`,
          href: frameworkHref(definition.basedOn.id, definition.basedOn.version),
        }
      : undefined,
    eligibility: eligibilityText(definition),
    saved: detail.saved
      ? {
          text: `${savedOn(detail.saved.savedAt)}${detail.saved.savedBy ? ` by ${detail.saved.savedBy}` : ''}`,
          note: detail.saved.changeNote,
        }
      : undefined,
    problems: framework.problems.map((problem) => ({
      code: problem.code,
      title: problem.title,
      description: problem.description ?? '',
      rows: problem.indicators.map((indicator) => [
        { html: indicatorCell(indicator) },
        { text: whoText(indicator.rule.who) },
        {
          html: indicator.rule.facts
            .map((code) => `<code>${escapeHtml(code).replace(/([._])/g, '$1<wbr>')}</code>`)
            .join('<br>'),
        },
        { text: windowText(indicator.rule.when) },
        { text: thresholdText(indicator.rule) },
      ]),
    })),
    versionRows: detail.versions.map((version) => versionRow(version, shownVersion)),
  };
}

const versionRow = (version: LocalFrameworkVersion, shown: number) => [
  {
    html:
      version.version === shown
        ? `Version ${version.version} <strong class="govuk-tag govuk-tag--grey">Shown</strong>`
        : link(frameworkHref(version.id, version.version), `Version ${version.version}`),
  },
  { text: savedOn(version.savedAt) },
  { text: version.savedBy ?? 'A colleague' },
  { text: version.changeNote },
];

export function frameworkListRows(frameworks: readonly FrameworkSummary[]) {
  return frameworks.map((framework) => [
    { html: link(frameworkHref(framework.id), framework.title) },
    { html: `<code>${escapeHtml(framework.id)}</code>` },
    { text: framework.version, format: 'numeric' },
    {
      text: framework.local
        ? `Local, based on ${framework.basedOn!.id} version ${framework.basedOn!.version}`
        : 'Shipped with Kindred',
    },
    {
      text: framework.savedAt
        ? `${savedOn(framework.savedAt)}${framework.savedBy ? ` by ${framework.savedBy}` : ''}`
        : 'Reference version',
    },
  ]);
}

/**
 * The error summary's list and each field's message: a problem is linked to its field where the page has one
 * (else to `fallback`), and a reason from the criteria engine ("is 7 but …") is led by the field's name.
 */
export function formErrors(
  problems: readonly FrameworkProblem[],
  fields: ReadonlyMap<string, string>,
  fallback?: string,
): { errors: { text: string; href?: string }[]; messages: Record<string, string> } {
  const messages: Record<string, string> = {};
  const errors = problems.map((problem) => {
    const id = fieldId(problem.path);
    const label = fields.get(id);
    if (label === undefined)
      return { text: problemText(problem), ...(fallback ? { href: `#${fallback}` } : {}) };
    const text = /^[a-z"]/.test(problem.message) ? `${label} ${problem.message}` : problem.message;
    messages[id] = messages[id] ? `${messages[id]}. ${text}` : text;
    return { text, href: `#${id}` };
  });
  return { errors, messages };
}

type Typed = Readonly<Record<string, string>>;

/** The edit page: title, eligibility and each indicator's description and thresholds, as typed or as saved. */
export function editFormModel(
  definition: FrameworkDefinition,
  typed: { values: Typed; kept: ReadonlySet<string> } | undefined,
  messages: Record<string, string>,
) {
  const value = (path: string, saved: string) => typed?.values[path] ?? saved;
  const boundLabels: Record<string, string> = {
    atLeast: 'At least',
    above: 'Above',
    atMost: 'At most',
    below: 'Below',
  };
  return {
    title: value('title', definition.title),
    minimumProblems: value('eligibility.minimumProblems', String(definition.eligibility.minimumProblems)),
    programmeFamily: typed
      ? typed.values['eligibility.programmeFamily'] !== 'no'
      : definition.eligibility.programmeFamily,
    problemCount: definition.problems.length,
    problems: definition.problems.map((problem, problemIndex) => ({
      code: problem.code,
      title: problem.title,
      entries: problem.indicators.map((entry, index) => {
        const path = entryPath(problemIndex, index);
        const keep = {
          id: `${fieldId(path)}-keep`,
          value: path,
          checked: typed ? typed.kept.has(path) : true,
          label: 'Keep this indicator',
        };
        if ('include' in entry) {
          const { framework, problem: included, version } = entry.include;
          return {
            legend: `Indicators of ${framework}${version === undefined ? '' : ` version ${version}`}, problem ${included}`,
            hint: 'Included as they are in that framework. Change them there, or copy them in as JSON.',
            keep: { ...keep, label: 'Keep these indicators' },
            fields: [],
          };
        }
        const unit = unitOf(entry);
        return {
          legend: `Indicator ${entry.id}`,
          hint: `${whoText(entry.who)}; ${entry.facts.join(', ')}; ${windowText(entry.when).toLowerCase()}`,
          keep,
          fields: editablePaths(entry, path).map((fieldPath) => {
            const key = fieldPath.slice(path.length + 1);
            const id = fieldId(fieldPath);
            const saved =
              key === 'description'
                ? entry.description
                : key === 'total.atLeast'
                  ? String(entry.total!.atLeast)
                  : String(entry.value![key.slice('value.'.length) as keyof ValueBound]);
            return {
              id,
              name: fieldPath,
              value: value(fieldPath, saved),
              description: key === 'description',
              label:
                key === 'description'
                  ? 'Description'
                  : key === 'total.atLeast'
                    ? 'Values added up for one person: at least'
                    : `Each fact’s value: ${boundLabels[key.slice('value.'.length)]!.toLowerCase()}`,
              prefix: unit.prefix,
              suffix: unit.suffix,
              error: messages[id],
            };
          }),
        };
      }),
    })),
  };
}

/** Every field the edit page draws, with the name a message about it starts with. */
export function editFormFields(definition: FrameworkDefinition): Map<string, string> {
  const fields = new Map([
    ['title', 'The title'],
    ['eligibility-minimumProblems', 'The minimum number of problems'],
    ['eligibility-programmeFamily', 'Whether a programme family is needed'],
    ['changeNote', 'The note'],
  ]);
  for (const [problemIndex, problem] of definition.problems.entries()) {
    for (const [index, entry] of problem.indicators.entries()) {
      if ('include' in entry) continue;
      for (const path of editablePaths(entry, entryPath(problemIndex, index))) {
        fields.set(
          fieldId(path),
          path.endsWith('.description') ? `The description of ${entry.id}` : `The threshold of ${entry.id}`,
        );
      }
    }
  }
  return fields;
}
