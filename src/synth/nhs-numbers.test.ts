import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isValidNhsNumber,
  mistypedNhsNumber,
  NhsNumberIssuer,
  nhsCheckDigit,
  spacedNhsNumber,
} from './nhs-numbers.ts';
import { SeededRandom } from './random.ts';

describe('NHS numbers', () => {
  it('checks modulus 11 as the NHS does', () => {
    assert.equal(nhsCheckDigit('943476591'), 9);
    assert.ok(isValidNhsNumber('9434765919'));
    assert.ok(isValidNhsNumber('943 476 5919'));
    assert.ok(!isValidNhsNumber('9434765918'));
    assert.ok(!isValidNhsNumber('4444444444'), 'one repeated digit is a placeholder');
  });

  it('issues distinct valid numbers', () => {
    const issuer = new NhsNumberIssuer(new SeededRandom(5));
    const issued = new Set<string>();
    for (let count = 0; count < 50_000; count++) {
      const number = issuer.issue();
      assert.ok(isValidNhsNumber(number), number);
      issued.add(number);
    }
    assert.equal(issued.size, 50_000);
  });

  it('mistypes a number so that the check always fails, by one digit or two swapped', () => {
    const random = new SeededRandom(9);
    const issuer = new NhsNumberIssuer(random);
    for (let count = 0; count < 5_000; count++) {
      const number = issuer.issue();
      const mistyped = mistypedNhsNumber(number, random);
      assert.notEqual(mistyped, number);
      assert.equal(mistyped.length, 10);
      assert.ok(!isValidNhsNumber(mistyped), `${number} mistyped as ${mistyped} still passes`);
    }
  });

  it('spaces a number three, three, four', () => {
    assert.equal(spacedNhsNumber('9434765919'), '943 476 5919');
  });
});
