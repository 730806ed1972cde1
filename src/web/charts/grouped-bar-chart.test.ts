import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupedBarChart } from './grouped-bar-chart.ts';

const chart = groupedBarChart({
  id: 'stages',
  title: 'Data flows by stage',
  description: 'Identified: 2 then, 1 now. Live: 0 then, 4 now.',
  series: [
    { name: 'On 1 April 2025', colour: '#505a5f' },
    { name: 'Today', colour: '#1d70b8' },
  ],
  categories: [
    { label: 'Identified', values: [2, 1] },
    { label: 'Live & <automated>', values: [0, 4] },
  ],
});

test('the chart is an image named by its title and described by its description', () => {
  assert.match(chart, /^<svg [^>]*role="img" aria-labelledby="stages-title stages-desc"/);
  assert.match(chart, /<title id="stages-title">Data flows by stage<\/title>/);
  assert.match(chart, /<desc id="stages-desc">Identified: 2 then, 1 now\. Live: 0 then, 4 now\.<\/desc>/);
});

test('one bar per category and series, as long as its share of the largest value, labelled with the value', () => {
  const widths = [...chart.matchAll(/<rect x="170" y="\d+" width="(\d+)" height="16"/g)].map((match) =>
    Number(match[1]),
  );
  assert.deepEqual(widths, [215, 108, 0, 430]);
  assert.match(chart, /<title>Live &amp; &lt;automated&gt;, Today: 4<\/title>/);
});

test('text is escaped', () => {
  assert.ok(!chart.includes('<automated>'));
});
