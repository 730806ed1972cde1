import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanForAgreement } from './agreement-scan.ts';
import type { ColumnMapping } from './column-mapping.ts';
import { ExtractFileError } from './extract-issue.ts';
import { readExtract } from './read-extract.ts';

const header = 'record_id,given_name,family_name,fact,fact_start';
const allowed = new Set(['crime.proven_offence', 'local.test']);

async function bothWays(content: string, mapping?: ColumnMapping) {
  const options = { file: 'partner.csv', today: '2026-11-25', allowedFactCodes: allowed, mapping };
  const scan = await scanForAgreement([Buffer.from(content)], options);
  const fromValidator: unknown[] = [];
  let rowsRead = 0;
  for await (const event of readExtract([Buffer.from(content)], options)) {
    if (event.kind === 'issue' && event.issue.agreementBreach) fromValidator.push(event.issue);
    if (event.kind === 'end') rowsRead = event.summary.rowsRead;
  }
  return { scan, fromValidator, rowsRead };
}

describe('the pass against the agreement', () => {
  it('finds exactly the breaches full validation finds, with the same issues', async () => {
    const { scan, fromValidator, rowsRead } = await bothWays(
      [
        header,
        'A,Al,Ash,crime.proven_offence,2026-01-01',
        'B,Bo,Bell,CRIME.Proven_Offence ,2026-01-01',
        'C,Cy,Cole,health.mental_health,2026-01-01',
        'D,Di,Dee,no.such_code,not a date',
        'E,Ed,Eyre,,',
        'F,Fi,Fox,local.test,2026-01-01',
        'G,Gil,,housing.homeless,2026-01-01,extra field',
        'H,"Ha"l,Hope,housing.homeless,2026-01-01',
        ',,,,',
        'I,I\u0000y,Ives,housing.homeless,2026-01-01',
        'J,Jo,Jay,dv.victim,2099-01-01',
      ].join('\n'),
    );
    assert.equal(scan.rowsRead, rowsRead);
    assert.equal(scan.breaches, fromValidator.length);
    assert.deepEqual(scan.breachIssues, fromValidator);
    assert.deepEqual(
      scan.breachIssues.map((issue) => [issue.line, issue.factCode]),
      [
        [4, 'health.mental_health'],
        [5, 'no.such_code'],
        [12, 'dv.victim'],
      ],
    );
  });

  it('reads codes through the flow’s mapping, as the validator does', async () => {
    const mapping: ColumnMapping = {
      renames: { Code: 'fact', Person: 'record_id' },
      values: { fact: { OFF: 'crime.proven_offence', MH: 'health.mental_health' } },
    };
    const { scan, fromValidator } = await bothWays(
      [
        'Person,given_name,family_name,Code,fact_start',
        'A,Al,Ash,off,2026-01-01',
        'B,Bo,Bell,MH,2026-01-01',
      ].join('\n'),
      mapping,
    );
    assert.deepEqual(scan.breachIssues, fromValidator);
    assert.deepEqual(
      scan.breachIssues.map((issue) => issue.factCode),
      ['health.mental_health'],
    );
  });

  it('refuses a file that cannot be read with the same error as full validation', async () => {
    await assert.rejects(
      scanForAgreement([Buffer.from('')], {
        file: 'empty.csv',
        today: '2026-11-25',
        allowedFactCodes: allowed,
      }),
      (error: unknown) => error instanceof ExtractFileError && /the file is empty/.test(error.message),
    );
    await assert.rejects(
      scanForAgreement([Buffer.from(`${header}\nA,"Al,Ash,x,y\n`)], {
        file: 'quote.csv',
        today: '2026-11-25',
        allowedFactCodes: allowed,
      }),
      /quote\.csv, line 2: a quoted field starts here/,
    );
  });
});
