import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, csvLine, neutraliseFormula } from './csv-line.ts';

describe('csvLine', () => {
  it('writes plain values as they are, with a CRLF line end', () => {
    assert.equal(
      csvLine(['police.csv', 12, 'nhs_number', 'warning']),
      'police.csv,12,nhs_number,warning\r\n',
    );
  });

  it('writes null and undefined as empty fields', () => {
    assert.equal(csvLine([null, 'a', undefined, '']), ',a,,\r\n');
  });

  it('quotes values with commas, quotes, line breaks or edge spaces, doubling quotes', () => {
    assert.equal(csvField('Flat 2, High Street'), '"Flat 2, High Street"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\ronly'), '"cr\ronly"');
    assert.equal(csvField(' padded '), '" padded "');
    assert.equal(csvField('plain text'), 'plain text');
  });

  it('can end lines with LF', () => {
    assert.equal(csvLine(['a', 'b'], { lineEnd: '\n' }), 'a,b\n');
  });

  it('neutralises values a spreadsheet would run as formulas', () => {
    assert.equal(
      csvField('=HYPERLINK("http://evil.example","click")'),
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    assert.equal(neutraliseFormula('=1+1'), "'=1+1");
    assert.equal(neutraliseFormula('+44 20 7946 0000'), "'+44 20 7946 0000");
    assert.equal(neutraliseFormula('-2+3'), "'-2+3");
    assert.equal(neutraliseFormula('@SUM(A1:A9)'), "'@SUM(A1:A9)");
    assert.equal(neutraliseFormula('\t=cmd'), "'\t=cmd");
    assert.equal(neutraliseFormula('\r=cmd'), "'\r=cmd");
    assert.equal(neutraliseFormula('-'), "'-");
  });

  it('leaves plain numbers, and values that only contain formula characters later, alone', () => {
    for (const value of [
      '-3',
      '-3.5',
      '+7',
      '-0.25',
      '1e-3',
      '-2E+5',
      'a=b',
      'Smith-Jones',
      'x@example.gov.uk',
      '',
    ]) {
      assert.equal(neutraliseFormula(value), value);
    }
  });

  it('does not neutralise numbers given as numbers, nor anything when asked not to', () => {
    assert.equal(csvLine([-3, '=1+1'], { neutraliseFormulas: false }), '-3,=1+1\r\n');
    assert.equal(csvLine([-3]), '-3\r\n');
  });
});
