/**
 * A waterfall chart as server-made SVG (Splink's match weight chart): the prior's bar from zero, then one bar per
 * comparison from where the last ended, then the match weight's bar from zero. Each bar's figure is printed in
 * a column of its own and green or red are never the only way to read a bar: the figures carry their sign.
 * Accessible by its title and description; pages show the same figures in a table beside it.
 */
export interface WaterfallStep {
  label: string;
  /** Bits added (or taken away). */
  value: number;
}

export interface WaterfallChart {
  /** Unique on the page: the title and description are referred to by id. */
  id: string;
  title: string;
  description: string;
  /** The starting bar (the prior), drawn from zero. */
  start: WaterfallStep;
  steps: WaterfallStep[];
  /** The label of the final bar, drawn from zero to the sum. */
  totalLabel: string;
  /** A match weight to mark with a dashed line (the threshold). */
  threshold?: number;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A weight in bits with its sign, as the chart and its table print it. */
export const bitsText = (value: number): string =>
  `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(2)}`;

const colours = { total: '#1d70b8', up: '#00703c', down: '#d4351c', rule: '#505a5f', text: '#0b0c0c' };
// Drawn for half a page's width, so its text stays its printed size beside the table.
const layout = { width: 480, labelWidth: 110, valueWidth: 56, row: 26, bar: 18, top: 24, bottom: 8 };

export function waterfallChart(chart: WaterfallChart): string {
  const { width, labelWidth, valueWidth, row, bar, top, bottom } = layout;
  const total = chart.steps.reduce((sum, step) => sum + step.value, chart.start.value);
  const bars: { label: string; from: number; to: number; colour: string; value: number }[] = [
    {
      label: chart.start.label,
      from: 0,
      to: chart.start.value,
      colour: colours.total,
      value: chart.start.value,
    },
  ];
  let running = chart.start.value;
  for (const step of chart.steps) {
    const next = running + step.value;
    bars.push({
      label: step.label,
      from: running,
      to: next,
      colour: step.value >= 0 ? colours.up : colours.down,
      value: step.value,
    });
    running = next;
  }
  bars.push({ label: chart.totalLabel, from: 0, to: total, colour: colours.total, value: total });

  const ends = bars.flatMap((each) => [each.from, each.to]);
  if (chart.threshold !== undefined) ends.push(chart.threshold);
  const low = Math.min(0, ...ends);
  const high = Math.max(0, ...ends);
  const span = high - low || 1;
  const plotLeft = labelWidth;
  const plotWidth = width - labelWidth - valueWidth - 8;
  const x = (value: number): number => Math.round((plotLeft + ((value - low) / span) * plotWidth) * 10) / 10;
  const height = top + bars.length * row + bottom;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="kindred-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" font-size="14">`,
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escapeXml(chart.description)}</desc>`,
    `<text x="${x(0)}" y="14" text-anchor="middle" fill="${colours.text}" font-size="12">0 bits</text>`,
  ];
  bars.forEach((each, index) => {
    const y = top + index * row + (row - bar) / 2;
    const left = Math.min(x(each.from), x(each.to));
    const length = Math.max(1, Math.abs(x(each.to) - x(each.from)));
    parts.push(
      `<text x="${labelWidth - 10}" y="${y + bar - 4}" text-anchor="end" fill="${colours.text}">${escapeXml(each.label)}</text>`,
      `<rect x="${left}" y="${y}" width="${Math.round(length * 10) / 10}" height="${bar}" fill="${each.colour}"><title>${escapeXml(`${each.label}: ${bitsText(each.value)} bits`)}</title></rect>`,
      `<text x="${width - 4}" y="${y + bar - 4}" text-anchor="end" fill="${colours.text}" font-size="13">${bitsText(each.value)}</text>`,
    );
    // A thin line from each bar's end to the next bar's start, as waterfalls are read.
    if (index < bars.length - 1) {
      const nextY = top + (index + 1) * row + (row - bar) / 2;
      parts.push(
        `<line x1="${x(each.to)}" y1="${y + bar}" x2="${x(each.to)}" y2="${nextY}" stroke="${colours.rule}" stroke-width="1"/>`,
      );
    }
  });
  parts.push(
    `<line x1="${x(0)}" y1="${top - 4}" x2="${x(0)}" y2="${height - bottom}" stroke="${colours.rule}"/>`,
  );
  if (chart.threshold !== undefined) {
    parts.push(
      `<line x1="${x(chart.threshold)}" y1="${top - 4}" x2="${x(chart.threshold)}" y2="${height - bottom}" stroke="${colours.text}" stroke-dasharray="4 3"><title>Threshold: ${bitsText(chart.threshold)} bits</title></line>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
