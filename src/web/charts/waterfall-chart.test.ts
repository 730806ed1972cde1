import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitsText, waterfallChart } from './waterfall-chart.ts';

const chart = waterfallChart({
  id: 'pair-1',
  title: 'Match weight of records A1 and A9',
  description: 'Prior −10 bits; given name +20; postcode −15; match weight −5 bits.',
  start: { label: 'Prior', value: -10 },
  steps: [
    { label: 'given_name <exact>', value: 20 },
    { label: 'postcode', value: -15 },
  ],
  totalLabel: 'Match weight',
  threshold: 0,
});

test('the chart is an image named by its title and described by its description', () => {
  assert.match(chart, /^<svg [^>]*role="img" aria-labelledby="pair-1-title pair-1-desc"/);
  assert.match(chart, /<title id="pair-1-title">Match weight of records A1 and A9<\/title>/);
  assert.match(chart, /<desc id="pair-1-desc">Prior −10 bits; given name \+20/);
});

test('each bar starts where the last ended; the prior and the total start from zero', () => {
  // From −10 to +10 bits over 306 pixels from x = 110: 15.3 pixels a bit, zero at 263.
  const bars = [
    ...chart.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="18" fill="(#[0-9a-f]+)">/g),
  ].map((match) => [Number(match[1]), Number(match[2]), match[3]]);
  assert.deepEqual(bars, [
    [110, 153, '#1d70b8'],
    [110, 306, '#00703c'],
    [186.5, 229.5, '#d4351c'],
    [186.5, 76.5, '#1d70b8'],
  ]);
  assert.match(chart, /stroke-dasharray="4 3"><title>Threshold: 0\.00 bits<\/title>/);
});

test('figures carry their sign, so colour is never the only way to read a bar; text is escaped', () => {
  assert.deepEqual(
    [...chart.matchAll(/font-size="13">([^<]+)</g)].map((match) => match[1]),
    ['−10.00', '+20.00', '−15.00', '−5.00'],
  );
  assert.equal(bitsText(0), '0.00');
  assert.ok(!chart.includes('<exact>'));
  assert.match(chart, /given_name &lt;exact&gt;: \+20\.00 bits/);
});
