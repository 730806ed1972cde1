/**
 * A horizontal grouped bar chart as server-made SVG: one row per category, one bar per series, each bar
 * labelled with its value so colour is never the only way to read it. Accessible by its title and
 * description; pages show the same figures in a table beside it.
 */
export interface ChartSeries {
  name: string;
  /** A GOV.UK colour with at least 3:1 contrast on white. */
  colour: string;
}

export interface GroupedBarChart {
  /** Unique on the page: the title and description are referred to by id. */
  id: string;
  title: string;
  description: string;
  series: ChartSeries[];
  categories: { label: string; values: number[] }[];
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const layout = {
  width: 640,
  labelWidth: 170,
  valueGap: 6,
  bar: 16,
  barGap: 2,
  rowGap: 14,
  legend: 34,
  right: 40,
};

export function groupedBarChart(chart: GroupedBarChart): string {
  const { width, labelWidth, valueGap, bar, barGap, rowGap, legend, right } = layout;
  const largest = Math.max(1, ...chart.categories.flatMap((category) => category.values));
  const plotWidth = width - labelWidth - right;
  const rowHeight = chart.series.length * (bar + barGap) - barGap + rowGap;
  const height = legend + chart.categories.length * rowHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="kindred-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" font-size="14">`,
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${chart.id}-desc">${escapeXml(chart.description)}</desc>`,
  );
  let legendX = labelWidth;
  for (const series of chart.series) {
    parts.push(
      `<rect x="${legendX}" y="4" width="14" height="14" fill="${series.colour}"/>`,
      `<text x="${legendX + 20}" y="16" fill="#0b0c0c">${escapeXml(series.name)}</text>`,
    );
    legendX += 28 + series.name.length * 8;
  }
  chart.categories.forEach((category, row) => {
    const top = legend + row * rowHeight;
    const middle = top + (rowHeight - rowGap) / 2;
    parts.push(
      `<text x="${labelWidth - 10}" y="${middle + 5}" text-anchor="end" fill="#0b0c0c">${escapeXml(category.label)}</text>`,
    );
    chart.series.forEach((series, index) => {
      const value = category.values[index] ?? 0;
      const y = top + index * (bar + barGap);
      const length = Math.round((value / largest) * plotWidth);
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${length}" height="${bar}" fill="${series.colour}"><title>${escapeXml(`${category.label}, ${series.name}: ${value}`)}</title></rect>`,
        `<text x="${labelWidth + length + valueGap}" y="${y + bar - 3}" fill="#0b0c0c" font-size="13">${value}</text>`,
      );
    });
  });
  parts.push(
    `<line x1="${labelWidth}" y1="${legend - 6}" x2="${labelWidth}" y2="${height}" stroke="#505a5f"/>`,
    '</svg>',
  );
  return parts.join('');
}
