import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey, normaliseAddressLine, normalisePostcode } from './address-key.ts';

describe('address text for households', () => {
  it('folds case, spacing and punctuation', () => {
    assert.equal(normaliseAddressLine('  10,  HIGH   Street. '), '10 high street');
    assert.equal(normaliseAddressLine("Flat 2, St Mary's Court"), 'flat 2 street marys court');
    assert.equal(normaliseAddressLine('St Marys Ct'), 'street marys court');
    assert.equal(normaliseAddressLine('---'), '');
  });

  it('expands every abbreviation of the rule, as whole words only', () => {
    const pairs: [string, string][] = [
      ['Rd', 'road'],
      ['St', 'street'],
      ['Ave', 'avenue'],
      ['Cl', 'close'],
      ['Cres', 'crescent'],
      ['Dr', 'drive'],
      ['Ln', 'lane'],
      ['Ct', 'court'],
      ['Pl', 'place'],
      ['Gdns', 'gardens'],
      ['Terr', 'terrace'],
      ['Gr', 'grove'],
      ['Sq', 'square'],
    ];
    for (const [short, long] of pairs) {
      assert.equal(normaliseAddressLine(`1 Oak ${short}.`), `1 oak ${long}`, short);
      assert.equal(normaliseAddressLine(`1 Oak ${long.toUpperCase()}`), `1 oak ${long}`, long);
    }
    assert.equal(normaliseAddressLine('1 Strand'), '1 strand');
    assert.equal(normaliseAddressLine('1 Avenue Road'), '1 avenue road');
  });

  it('folds postcodes to capitals without spaces or punctuation', () => {
    assert.equal(normalisePostcode(' me14 1xx '), 'ME141XX');
    assert.equal(normalisePostcode('ME1-4 1XX'), 'ME141XX');
  });

  it('has no key without both a first line and a postcode', () => {
    assert.equal(addressKey('10 High St', null), undefined);
    assert.equal(addressKey('10 High St', ' '), undefined);
    assert.equal(addressKey('', 'ME14 1XX'), undefined);
    assert.equal(addressKey(',', 'ME14 1XX'), undefined);
    assert.equal(addressKey('10 High St', 'me141xx'), addressKey('10, HIGH STREET', 'ME14 1XX'));
  });
});

describe('address keys of plain ASCII text', () => {
  it('fold exactly as the general rule does', () => {
    let seed = 7;
    const random = (count: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * count);
    };
    const pieces = [
      'St',
      'st.',
      'RD',
      'Rd,',
      'Ave',
      'Gdns',
      'gr',
      'Sq',
      'Terr',
      'Cres',
      "Mary's",
      '`',
      '10',
      '2a',
      '-',
      ',',
      '  ',
      'Oak',
      'x',
      'stst',
    ];
    for (let trial = 0; trial < 2000; trial++) {
      const line = Array.from({ length: random(6) }, () => pieces[random(pieces.length)]).join(
        random(2) ? ' ' : '',
      );
      const postcode = ['me14 1xx', 'ME14-1XX', ' ', '', 'ct1'][random(5)]!;
      const general =
        normaliseAddressLine(line) && normalisePostcode(postcode)
          ? `${normaliseAddressLine(line)}\u0000${normalisePostcode(postcode)}`
          : undefined;
      assert.equal(addressKey(line, postcode), general, JSON.stringify([line, postcode]));
    }
  });

  it('fall back to the general rule for other text and very long lines', () => {
    assert.equal(addressKey('1 Rue Émile Zola', 'ab1 2cd'), '1 rue émile zola\u0000AB12CD');
    assert.equal(addressKey('1 O’Neill Sq', 'ab1 2cd'), '1 oneill square\u0000AB12CD');
    const long = `${'St '.repeat(400)}End`;
    assert.equal(addressKey(long, 'ab1 2cd'), `${'street '.repeat(400)}end\u0000AB12CD`);
  });
});
