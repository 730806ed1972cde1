import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOf, isoOf } from './calendar.ts';
import {
  addressLines,
  mistypedBirthDate,
  mistypedPostcode,
  nickname,
  punctuationVariant,
  typo,
  withoutAccents,
} from './identity-noise.ts';
import { SeededRandom } from './random.ts';

const isRealDate = (iso: string): boolean => new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;

describe('identity noise', () => {
  it('mistypes a name by one slip, keeping its first letter', () => {
    const random = new SeededRandom(3);
    let changed = 0;
    for (let count = 0; count < 500; count++) {
      const slipped = typo('Katherine', random);
      assert.equal(slipped.charAt(0), 'K');
      assert.ok(Math.abs(slipped.length - 'Katherine'.length) <= 1);
      if (slipped !== 'Katherine') changed++;
    }
    assert.ok(changed > 450);
  });

  it('knows familiar forms, including UK ones', () => {
    const random = new SeededRandom(1);
    assert.ok(['Bill', 'Will', 'Billy', 'Liam'].includes(nickname('William', random)));
    assert.equal(nickname('Katarzyna', random), 'Kasia');
    assert.equal(nickname('Zebedee', random), 'Zebedee');
  });

  it('drops accents, including the Polish Ł that does not decompose', () => {
    assert.equal(withoutAccents('Łukasz Wiśniewski'), 'Lukasz Wisniewski');
    assert.equal(withoutAccents('Ionuț Ștefan'), 'Ionut Stefan');
  });

  it('writes punctuation in surnames as partners do', () => {
    const random = new SeededRandom(2);
    assert.ok(['OBrien', 'O Brien'].includes(punctuationVariant("O'Brien", random)));
    assert.ok(['Smith Jones', 'Smith', 'Jones'].includes(punctuationVariant('Smith-Jones', random)));
  });

  it('slips a date of birth only to a real date not after the latest day', () => {
    const random = new SeededRandom(4);
    const latest = dayOf('2025-11-01');
    for (const born of ['2025-10-31', '2024-02-29', '1990-05-07', '2000-12-31']) {
      for (let count = 0; count < 200; count++) {
        const slipped = mistypedBirthDate(dayOf(born), latest, random);
        assert.ok(isRealDate(slipped), slipped);
        assert.ok(slipped <= isoOf(latest), slipped);
      }
    }
  });

  it('mistypes a postcode by one character, keeping its shape', () => {
    const random = new SeededRandom(6);
    for (let count = 0; count < 100; count++) {
      const wrong = mistypedPostcode('NS4 1AB', random);
      assert.match(wrong, /^NS4 \d[A-Z]{2}$/);
      assert.ok([...wrong].filter((char, index) => char !== 'NS4 1AB'[index]).length <= 1);
    }
  });

  it('lays out a flat in the ways partners do', () => {
    const random = new SeededRandom(8);
    const flat = {
      uprn: '1',
      flat: 2,
      number: 14,
      street: 'Station',
      streetType: 'Road',
      locality: 'Moorside',
      town: 'Northam',
      postcode: 'NS4 1AB',
      line1: 'Flat 2, 14 Station Road',
    };
    const layouts = new Set<string>();
    for (let count = 0; count < 200; count++) {
      const lines = addressLines(flat, count % 2 === 0, false, random);
      layouts.add(`${lines.line1}|${lines.line2}`);
    }
    assert.ok(layouts.has('Flat 2, 14 Station Road|'));
    assert.ok(layouts.has('Flat 2, 14 Station Rd|'));
    assert.ok(layouts.has('Flat 2|14 Station Road'));
    assert.ok(layouts.has('Flat 2 14 Station Road|'));
  });
});
