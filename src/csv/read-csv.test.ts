import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvError, type CsvRecord, csvLine, readCsv } from './index.ts';

const encoder = new TextEncoder();

/** The bytes of `source` cut into pieces of `size` bytes (the whole at once when size is 0). */
function pieces(source: string | Uint8Array, size = 0): Uint8Array[] {
  const bytes = typeof source === 'string' ? encoder.encode(source) : source;
  if (size === 0) return [bytes];
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

async function records(
  source: string | Uint8Array,
  size = 0,
  encoding?: 'utf-8' | 'latin1',
): Promise<CsvRecord[]> {
  const read: CsvRecord[] = [];
  for await (const record of readCsv(pieces(source, size), { file: 'test.csv', encoding })) read.push(record);
  return read;
}

async function fields(source: string | Uint8Array, size = 0): Promise<string[][]> {
  return (await records(source, size)).map((record) => record.fields);
}

async function failure(
  source: string | Uint8Array,
  size = 0,
  encoding?: 'utf-8' | 'latin1',
): Promise<CsvError> {
  try {
    await records(source, size, encoding);
  } catch (error) {
    assert.ok(error instanceof CsvError, `expected a CsvError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the file to be refused');
}

/** Awkward files whose records must not depend on how the bytes are cut. */
const corpus: Record<string, string | Uint8Array> = {
  plain: 'a,b,c\n1,2,3\n',
  crlf: 'a,b,c\r\n1,2,3\r\n4,5,6',
  bom: '\uFEFFrecord_id,given_name\r\n1,Zoë\r\n',
  quoted: 'a,b\n"x, y","say ""hi"""\n"",""\n',
  quotedNewlines: 'a,b\n"line one\nline two",2\r\n"crlf\r\ninside",3\n4,5\n',
  blankLines: '\na,b\n\n1,2\r\n\r\n3,4\n\n',
  trailingEmpty: 'a,b,c\n1,,\n,,\n',
  unicode: 'name,place\nZoë,Ystradgynlais €5 😀\n"Siân ""Jones""",Llandudno\n',
  noFinalNewline: 'a,b\n1,"2"',
  bareQuote: 'a,b\n5\'10",x\n',
  formulas: 'a,b\n"=HYPERLINK(""http://evil.example"",""click"")",+1\n-2,@SUM(A1)\n',
};

describe('readCsv', () => {
  it('reads fields and the line where each record starts', async () => {
    assert.deepEqual(await records('a,b\n1,2\n3,4'), [
      { line: 1, fields: ['a', 'b'], problem: null },
      { line: 2, fields: ['1', '2'], problem: null },
      { line: 3, fields: ['3', '4'], problem: null },
    ]);
  });

  it('reads LF and CRLF line ends alike', async () => {
    assert.deepEqual(await fields('a,b\r\n1,2\r\n'), await fields('a,b\n1,2\n'));
  });

  it('ignores a leading byte-order mark, and only a leading one', async () => {
    assert.deepEqual(await fields('\uFEFFa,b\n\uFEFF1,2\n'), [
      ['a', 'b'],
      ['\uFEFF1', '2'],
    ]);
  });

  it('reads quoted commas, doubled quotes and empty quoted fields', async () => {
    assert.deepEqual(await fields(corpus.quoted!), [
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['', ''],
    ]);
  });

  it('keeps line breaks inside quotes and counts their lines', async () => {
    const read = await records(corpus.quotedNewlines!);
    assert.deepEqual(
      read.map((record) => [record.line, record.fields]),
      [
        [1, ['a', 'b']],
        [2, ['line one\nline two', '2']],
        [4, ['crlf\r\ninside', '3']],
        [6, ['4', '5']],
      ],
    );
  });

  it('skips blank lines but counts them', async () => {
    const read = await records(corpus.blankLines!);
    assert.deepEqual(
      read.map((record) => [record.line, record.fields]),
      [
        [2, ['a', 'b']],
        [4, ['1', '2']],
        [6, ['3', '4']],
      ],
    );
  });

  it('keeps empty fields, including at the end of a line', async () => {
    assert.deepEqual(await fields(corpus.trailingEmpty!), [
      ['a', 'b', 'c'],
      ['1', '', ''],
      ['', '', ''],
    ]);
  });

  it('reads the last record without a final line end', async () => {
    assert.deepEqual(await fields(corpus.noFinalNewline!), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps a quote inside an unquoted value as text', async () => {
    assert.deepEqual((await fields(corpus.bareQuote!))[1], ['5\'10"', 'x']);
  });

  it('reads formula-looking values as plain data', async () => {
    assert.deepEqual((await fields(corpus.formulas!)).slice(1), [
      ['=HYPERLINK("http://evil.example","click")', '+1'],
      ['-2', '@SUM(A1)'],
    ]);
  });

  it('flags text after a closing quote with the field it is in, and reads on', async () => {
    const read = await records('a,b\n1,"two"x\n3,4\n');
    assert.equal(read[1]!.problem?.field, 2);
    assert.match(read[1]!.problem!.message, /after the closing quote/);
    assert.deepEqual(read[2], { line: 3, fields: ['3', '4'], problem: null });
  });

  it('refuses an unterminated quote, naming the file and the line where the field starts', async () => {
    const error = await failure('a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    assert.equal(error.line, 3);
    assert.equal(error.file, 'test.csv');
    assert.match(error.message, /^test\.csv, line 3: .*closing quote/);
  });

  it('refuses Latin-1 bytes read as UTF-8, naming the line, whatever the chunk size', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name\r\n"multi\nline"\nZo'),
      Buffer.from([0xeb]),
      Buffer.from('\nok\n'),
    ]);
    for (const size of [0, 1, 2, 5]) {
      const error = await failure(bytes, size);
      assert.equal(error.line, 4, `chunk size ${size}`);
      assert.match(error.message, /^test\.csv, line 4: the file is not UTF-8: the byte 0xEB .*latin1/);
    }
  });

  it('refuses a UTF-8 character cut off at the end of the file', async () => {
    const bytes = Buffer.concat([Buffer.from('name\nZo'), Buffer.from([0xc3])]);
    assert.equal((await failure(bytes, 1)).line, 2);
  });

  it('reads a declared Latin-1 file as Windows-1252', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name,owed\nZo'),
      Buffer.from([0xeb]),
      Buffer.from(','),
      Buffer.from([0x80]),
      Buffer.from('5\n'),
    ]);
    assert.deepEqual((await records(bytes, 1, 'latin1')).map((record) => record.fields)[1], ['Zoë', '€5']);
  });

  it('gives the same records whatever the size of the chunks', async () => {
    for (const [name, source] of Object.entries(corpus)) {
      const whole = await records(source);
      for (const size of [1, 2, 3, 7, 64])
        assert.deepEqual(await records(source, size), whole, `${name} in ${size}-byte chunks`);
    }
  });

  it('reads text that is already decoded', async () => {
    const read: string[][] = [];
    for await (const record of readCsv(['a,"b', '\nc"\n1,2'], { file: 'text.csv' })) read.push(record.fields);
    assert.deepEqual(read, [
      ['a', 'b\nc'],
      ['1', '2'],
    ]);
  });

  it('reads a 10 MB line, quoted or not, in 64 KB chunks', async () => {
    const long = 'x'.repeat(10 * 1024 * 1024);
    const unquoted = await records(`a,b\n1,${long}\n2,y\n`, 64 * 1024);
    assert.equal(unquoted[1]!.fields[1]!.length, long.length);
    assert.deepEqual(unquoted[2], { line: 3, fields: ['2', 'y'], problem: null });

    const quoted = await records(`a,b\n1,"${long}""\n"\n2,y\n`, 64 * 1024);
    assert.equal(quoted[1]!.fields[1], `${long}"\n`);
    assert.equal(quoted[2]!.line, 4);
  });

  it('reads a 10 MB line of many quoted fields', async () => {
    const cells = Array.from({ length: 1_100_000 }, (_, index) => `v${index}`);
    const line = `"${cells.join('","')}"`;
    assert.ok(line.length > 10 * 1024 * 1024);
    const read = await records(`${line}\n`, 64 * 1024);
    assert.equal(read[0]!.fields.length, cells.length);
    assert.equal(read[0]!.fields[1_099_999], 'v1099999');
  });

  it('reads back what csvLine writes, for awkward values cut anywhere', async () => {
    let seed = 7;
    const random = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const alphabet = ['a', 'Z', ' ', ',', '"', '\n', '\r', '\r\n', 'é', '😀', '=', '-', '""'];
    const table = Array.from({ length: 200 }, () =>
      Array.from({ length: 4 }, () =>
        Array.from({ length: random(6) }, () => alphabet[random(alphabet.length)]).join(''),
      ),
    );
    // A record of one empty field is a blank line, which is skipped: give every record some text.
    for (const row of table) row[0] = `r${row[0]}`;
    const text = table.map((row) => csvLine(row, { neutraliseFormulas: false })).join('');
    for (const size of [0, 1, 3, 11])
      assert.deepEqual(await fields(text, size), table, `${size}-byte chunks`);
  });
});
