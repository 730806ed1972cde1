import type { SourceRecord, StoredPair } from '../../clerical-review/index.ts';
import type { PairExplanation } from '../../linkage/index.ts';
import { bitsText, waterfallChart } from '../charts/waterfall-chart.ts';
import { shortDate } from './short-date.ts';

/** What each comparison of the default model compares, in words. */
const comparisonNames: Record<string, string> = {
  nhs_number: 'NHS number',
  given_name: 'Given name',
  family_name: 'Family name',
  date_of_birth: 'Date of birth',
  postcode: 'Home (UPRN, address, postcode)',
  sex: 'Sex',
};

/** Shorter names for the chart's labels, which have a narrow column. */
const chartNames: Record<string, string> = { postcode: 'Home' };

export const comparisonName = (column: string): string =>
  comparisonNames[column] ?? column.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());

const percent = (probability: number): string => {
  const shown = probability * 100;
  return `${shown >= 99.95 || shown < 0.05 ? shown.toPrecision(3) : shown.toFixed(1)}%`;
};

const thresholdWeight = (threshold: number | null): number | undefined =>
  threshold === null ? undefined : Math.log2(threshold / (1 - threshold));

const valueText = (value: string): string => (value === '' ? 'none' : value.replace(/\|/g, ' or '));

/** A pair's explanation as the pages show it: the waterfall chart and a table of the same figures beside it. */
export function explanationView(
  id: string,
  heading: string,
  explanation: PairExplanation,
  threshold: number | null,
) {
  const steps = explanation.bars.map((bar) => ({
    label: chartNames[bar.column_name] ?? comparisonName(bar.column_name),
    value: bar.log2_bayes_factor,
  }));
  const summary = [
    `Prior ${bitsText(explanation.prior.log2_bayes_factor)} bits`,
    ...explanation.bars.map(
      (bar) =>
        `${comparisonName(bar.column_name)} (${bar.label_for_charts}) ${bitsText(bar.log2_bayes_factor)}`,
    ),
    `match weight ${bitsText(explanation.match_weight)} bits, a match probability of ${percent(explanation.match_probability)}`,
  ].join('; ');
  const chart = waterfallChart({
    id,
    title: heading,
    description: `${summary}.`,
    start: { label: 'Prior', value: explanation.prior.log2_bayes_factor },
    steps,
    totalLabel: 'Match weight',
    ...(thresholdWeight(threshold) !== undefined ? { threshold: thresholdWeight(threshold)! } : {}),
  });
  const rows = [
    [
      { text: 'Prior (two records taken at random)' },
      { text: '' },
      { text: '' },
      { text: bitsText(explanation.prior.log2_bayes_factor), format: 'numeric' },
    ],
    ...explanation.bars.map((bar) => [
      { text: comparisonName(bar.column_name) },
      { text: `${valueText(bar.value_l)} / ${valueText(bar.value_r)}` },
      {
        text:
          bar.label_for_charts +
          (Math.abs(bar.tf_adjustment) >= 0.005
            ? ` (of which ${bitsText(bar.tf_adjustment)} for how common the value is)`
            : ''),
      },
      { text: bitsText(bar.log2_bayes_factor), format: 'numeric' },
    ]),
    [
      { text: 'Match weight' },
      { text: '' },
      { text: `Match probability ${percent(explanation.match_probability)}` },
      { text: bitsText(explanation.match_weight), format: 'numeric' },
    ],
  ];
  return {
    chart,
    rows,
    probabilityText: percent(explanation.match_probability),
    weightText: bitsText(explanation.match_weight),
    notes: [
      ...(explanation.names_swapped
        ? ['Given and family names were compared crosswise (entered the other way round).']
        : []),
      ...(explanation.same_home
        ? [
            'The records share a home: each comparison is weighed by how often people sharing a home agree on it.',
          ]
        : []),
    ],
  };
}

const dateText = (date: string | null): string => shortDate(date) || 'Not given';

export const recordName = (record: SourceRecord | undefined): string =>
  record ? [record.givenName, record.familyName].filter(Boolean).join(' ') || 'Name not given' : 'Not shown';

/** Where a record came from: its partner's upload and the agreement it was shared under. */
export function recordProvenance(record: SourceRecord): {
  upload: string;
  uploadHref?: string;
  agreement: string;
  agreementHref?: string;
} {
  return {
    upload: record.organisation
      ? `${record.organisation}, record ${record.recordId}`
      : `Record ${record.recordId}`,
    ...(record.uploadId ? { uploadHref: `/uploads/${record.uploadId}` } : {}),
    agreement: record.agreementReference
      ? `Agreement ${record.agreementReference} version ${record.agreementVersion}`
      : 'No agreement recorded',
    ...(record.agreementId && record.agreementVersion
      ? { agreementHref: `/agreements/${record.agreementId}/versions/${record.agreementVersion}` }
      : {}),
  };
}

/** A record's identity, field by field, as both the person page and the side-by-side view list it. */
export const recordFields = (record: SourceRecord | undefined): { label: string; value: string }[] =>
  record
    ? [
        { label: 'Source', value: record.source },
        { label: 'Record', value: record.recordId },
        { label: 'Given name', value: record.givenName ?? 'Not given' },
        { label: 'Family name', value: record.familyName ?? 'Not given' },
        { label: 'Date of birth', value: dateText(record.dateOfBirth) },
        { label: 'Address', value: record.address ?? 'Not given' },
        { label: 'Postcode', value: record.postcode ?? 'Not given' },
      ]
    : [{ label: 'Record', value: 'Not shown' }];

export const pairTitle = (pair: Pick<StoredPair, 'left' | 'right'>): string =>
  `${pair.left.source} ${pair.left.recordId} and ${pair.right.source} ${pair.right.recordId}`;

export { dateText, percent };
