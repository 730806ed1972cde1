import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { standardiseAddress } from './address.ts';
import { buildAliasTable, parseAliasCsv, shippedAliasTable } from './aliases.ts';
import { dayMonthSwapped, standardiseDate } from './date-of-birth.ts';
import { standardiseName } from './names.ts';
import { standardiseNhsNumber } from './nhs-number.ts';
import { standardisePostcode } from './postcode.ts';
import { foldText, plainTokens, tokens } from './text.ts';

describe('names', () => {
  it('folds case, accents and punctuation, and drops titles', () => {
    assert.deepEqual(standardiseName('  Dr. SEÁN  ')?.full, 'sean');
    assert.deepEqual(standardiseName("O'Brien")?.full, 'obrien');
    assert.deepEqual(standardiseName('Łukasz')?.full, 'lukasz');
    assert.deepEqual(standardiseName('Mrs Zoë Smith Jnr')?.tokens, ['zoe', 'smith']);
  });
  it('splits hyphenated and double-barrelled names into tokens', () => {
    assert.deepEqual(standardiseName('Smith-Jones')?.tokens, ['smith', 'jones']);
    assert.equal(standardiseName('Smith-Jones')?.full, standardiseName('smith jones')?.full);
  });
  it('treats placeholders as missing', () => {
    assert.equal(standardiseName('UNKNOWN'), null);
    assert.equal(standardiseName(' - '), null);
    assert.equal(standardiseName('Mr'), null);
  });
});

describe('aliases', () => {
  it('knows common and UK nicknames both ways', () => {
    const aliases = shippedAliasTable();
    assert.ok(aliases.areAliases('bill', 'william'));
    assert.ok(aliases.areAliases('liz', 'elizabeth'));
    assert.ok(aliases.areAliases('mo', 'mohammed'));
    assert.ok(aliases.areAliases('kasia', 'katarzyna'));
    assert.ok(aliases.areAliases('padraig', 'paddy'));
    assert.ok(aliases.areAliases('tunde', 'babatunde'));
    assert.ok(!aliases.areAliases('william', 'elizabeth'));
  });
  it('is not transitive: Rob ~ Robert and Rob ~ Robin do not make Robert ~ Robin', () => {
    const aliases = buildAliasTable(
      parseAliasCsv('name1,relationship,name2\nrobert,has_nickname,rob\r\nrobin,has_nickname,rob\n'),
    );
    assert.ok(aliases.areAliases('rob', 'robert'));
    assert.ok(aliases.areAliases('robin', 'rob'));
    assert.ok(!aliases.areAliases('robert', 'robin'));
    assert.deepEqual([...aliases.formalNames('rob')].sort(), ['rob', 'robert', 'robin']);
    assert.deepEqual(aliases.formalNames('robert'), ['robert']);
  });
});

describe('postcodes', () => {
  it('formats and splits a UK postcode into sector and district', () => {
    assert.deepEqual(standardisePostcode(' sw1a1aa '), {
      full: 'SW1A1AA',
      sector: 'SW1A 1',
      district: 'SW1A',
      area: 'SW',
    });
    assert.deepEqual(standardisePostcode('LS6 2AB')?.sector, 'LS6 2');
  });
  it('keeps a postcode that is not UK-shaped as text', () => {
    assert.deepEqual(standardisePostcode('2119'), { full: '2119', sector: null, district: null, area: null });
    assert.equal(standardisePostcode('  '), null);
  });
});

describe('dates of birth', () => {
  it('reads real dates and refuses impossible ones', () => {
    assert.equal(standardiseDate('1985-02-07'), 19850207);
    assert.equal(standardiseDate('1985-02-30'), null);
    assert.equal(standardiseDate('1862-81-24'), null);
    assert.equal(standardiseDate('2000-02-29'), 20000229);
  });
  it('detects a day and month swap', () => {
    assert.ok(dayMonthSwapped(19850702, 19850207));
    assert.ok(!dayMonthSwapped(19850707, 19850707));
    assert.ok(!dayMonthSwapped(19850702, 19860207));
  });
});

describe('NHS numbers', () => {
  it('keeps numbers that pass modulus 11 and ignores the rest', () => {
    assert.equal(standardiseNhsNumber('943 476 5919'), '9434765919');
    assert.equal(standardiseNhsNumber('9434765918'), null);
    assert.equal(standardiseNhsNumber('0000000000'), null);
    assert.equal(standardiseNhsNumber('12345'), null);
  });
});

describe('addresses', () => {
  it('writes out abbreviations and keeps flat and house numbers apart from the street', () => {
    assert.deepEqual(standardiseAddress('Flat 3, 12A High St', null), {
      full: 'flat 3 12a high street',
      numbers: '3 12a',
      street: 'high street',
    });
    assert.equal(standardiseAddress('12 Church Rd', 'Headingley')?.full, '12 church road headingley');
    // Words that name an object's built-in properties are words like any other.
    assert.equal(standardiseAddress('4 Constructor Yard', null)?.full, '4 constructor yard');
    assert.equal(standardiseAddress(null, null), null);
  });
});

describe('folded text', () => {
  it('has the same tokens in one pass as folded and split, or none when the text needs folding', () => {
    const plain = [
      'Flat 3, 38 Balmoral St.',
      '  12A--Church  Rd ',
      '',
      ' ,; ',
      'NO. 7/9 HIGH STREET',
      'a\tb\nc',
      // The Kelvin sign lower-cases to a plain k.
      '\u212Aing Street',
    ];
    for (const text of plain) assert.deepEqual(plainTokens(text), tokens(foldText(text)), text);
    for (const text of ["O'Brien Way", 'St Mary`s', 'Zoë Court', 'O’Neil'])
      assert.equal(plainTokens(text), null, text);
  });
});
