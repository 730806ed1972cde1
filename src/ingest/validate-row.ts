import type { CsvRecord } from '../csv/index.ts';
import { type FactCode, lookupFactCode } from '../facts/vocabulary.ts';
import { isoDateShape, isRealDate } from './calendar-date.ts';
import { type ColumnMapping, comparable, type DateColumn, dateColumns } from './column-mapping.ts';
import { type DateReader, dateReader } from './date-format.ts';
import { type ExtractColumn, type ExtractRow, extractColumns } from './extract-columns.ts';
import type { ExtractLayout } from './extract-header.ts';
import type { ExtractIssue } from './extract-issue.ts';
import { factValueProblem, isPlainDecimal } from './fact-values.ts';
import {
  checkDateOfBirth,
  checkNhsNumber,
  checkSex,
  checkUprn,
  type SexCode,
  standardPostcode,
} from './identity-values.ts';

export interface ExtractRules {
  /** The file's name, for issues. */
  file: string;
  /** The upload day, `YYYY-MM-DD`: dates after it are refused. */
  today: string;
  /** The fact codes the data flow's agreement covers; any other code is an agreement breach. */
  allowedFactCodes?: ReadonlySet<string>;
  mapping?: ColumnMapping;
}

/** Each standard column's index in `extractColumns`, for array lookups in the per-row code. */
const at = Object.fromEntries(extractColumns.map((column, index) => [column, index])) as Record<
  ExtractColumn,
  number
>;

const shown = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** No value of the standard extract comes near this; a longer one is a broken quote or junk, not data. */
export const longestValue = 4096;

/**
 * Checks the rows of one file against the standard extract's rules (shared/spec/extract-format.md):
 * identity values that fail are dropped with a warning; fact columns that fail reject the row.
 */
export class ExtractRowValidator {
  private readonly rules: ExtractRules;
  /** The field index of each standard column (by its index in extractColumns), -1 when absent. */
  private readonly positions: Int32Array;
  private readonly width: number;
  private readonly fieldNames: string[];
  private readonly valueMaps: (Map<string, string> | undefined)[] = [];
  private readonly dateReaders: Partial<Record<DateColumn, DateReader>> = {};
  private readonly factCodes = new Map<string, FactCode | null>();
  private issues: ExtractIssue[] = [];
  private line = 0;
  private recordId: string | undefined;
  private rejected = false;

  constructor(layout: ExtractLayout, headerFields: readonly string[], rules: ExtractRules) {
    this.rules = rules;
    this.positions = Int32Array.from(extractColumns, (column) => layout.positions[column]);
    this.width = layout.width;
    this.fieldNames = headerFields.map((name) => name.trim());
    for (const [column, position] of Object.entries(layout.positions))
      if (position >= 0) this.fieldNames[position] = column;
    for (const [column, replacements] of Object.entries(rules.mapping?.values ?? {})) {
      this.valueMaps[at[column as ExtractColumn]] = new Map(
        Object.entries(replacements ?? {}).map(([from, to]) => [comparable(from), to.trim()]),
      );
    }
    for (const column of dateColumns) {
      const format = rules.mapping?.dateFormats?.[column];
      if (format) this.dateReaders[column] = dateReader(format);
    }
  }

  /** The checked row, or null when it is rejected; its issues are appended to `issues`. */
  validate(record: CsvRecord, issues: ExtractIssue[]): ExtractRow | null {
    this.begin(record, issues);
    const firstIssue = issues.length;
    const fields = record.fields;
    if (this.unreadable(record, true)) return null;

    const recordId = this.value(fields, at.record_id);
    if (recordId === null)
      this.reject(
        'record_id',
        'record_id is empty: every row needs the partner’s own identifier for the person',
      );

    let nhsNumber = this.value(fields, at.nhs_number);
    if (nhsNumber !== null) nhsNumber = this.keep('nhs_number', checkNhsNumber(nhsNumber));
    let dateOfBirth = this.value(fields, at.date_of_birth);
    if (dateOfBirth !== null) {
      const iso = this.date('date_of_birth', dateOfBirth, 'warning');
      dateOfBirth = iso === null ? null : this.keep('date_of_birth', checkDateOfBirth(iso, this.rules.today));
    }
    const sexText = this.value(fields, at.sex);
    const sex = sexText === null ? null : this.keep<SexCode>('sex', checkSex(sexText));
    const postcodeText = this.value(fields, at.postcode);
    const postcode = postcodeText === null ? null : standardPostcode(postcodeText);
    const uprnText = this.value(fields, at.uprn);
    const uprn = uprnText === null ? null : this.keep('uprn', checkUprn(uprnText));

    const factText = this.value(fields, at.fact);
    // The other fact columns are checked even when the code is unknown, to report every error at once.
    const fact = this.factCode(factText, fields);
    const factStart = factText === null ? null : this.factStart(this.value(fields, at.fact_start));
    const factEnd = factText === null ? null : this.factEnd(this.value(fields, at.fact_end), fact, factStart);
    const factValue = factText === null ? null : this.factValue(this.value(fields, at.fact_value), fact);

    if (this.rejected) {
      // A rejected row is not loaded, so warnings about its values would only distract.
      let kept = firstIssue;
      for (let index = firstIssue; index < issues.length; index++) {
        if (issues[index]!.severity === 'error') issues[kept++] = issues[index]!;
      }
      issues.length = kept;
      return null;
    }
    return {
      line: record.line,
      record_id: recordId!,
      nhs_number: nhsNumber,
      given_name: this.value(fields, at.given_name),
      family_name: this.value(fields, at.family_name),
      date_of_birth: dateOfBirth,
      sex,
      address_line_1: this.value(fields, at.address_line_1),
      address_line_2: this.value(fields, at.address_line_2),
      town: this.value(fields, at.town),
      postcode,
      uprn,
      household_ref: this.value(fields, at.household_ref),
      lead_worker: this.value(fields, at.lead_worker),
      lead_worker_contact: this.value(fields, at.lead_worker_contact),
      fact: fact === null ? null : fact.code,
      fact_start: factStart,
      fact_end: factEnd,
      fact_value: factValue,
    };
  }

  /**
   * Only the agreement's fact-code rule, for the pass that reads the file before any row is stored: appends
   * the breach (the same issue `validate` gives) and returns true when the row's code is not covered.
   */
  checkAgreement(record: CsvRecord, issues: ExtractIssue[]): boolean {
    const allowed = this.rules.allowedFactCodes;
    if (allowed === undefined) return false;
    this.begin(record, issues);
    if (this.unreadable(record, false)) return false;
    const text = this.value(record.fields, at.fact);
    if (text === null) return false;
    const fact = this.lookup(text);
    if (allowed.has(fact === null ? text : fact.code)) return false;
    this.reportBreach(text, fact);
    return true;
  }

  private begin(record: CsvRecord, issues: ExtractIssue[]): void {
    this.issues = issues;
    this.line = record.line;
    this.rejected = false;
    const givenRecordId = record.fields[this.positions[at.record_id]!]?.trim();
    this.recordId =
      givenRecordId && givenRecordId.length <= longestValue && givenRecordId.indexOf('\0') === -1
        ? givenRecordId
        : undefined;
  }

  /** A row that cannot be read value by value (its shape, its quoting, a NUL, an overlong value); reported when asked. */
  private unreadable(record: CsvRecord, report: boolean): boolean {
    const fields = record.fields;
    if (fields.length !== this.width) {
      if (report) {
        this.reject(
          null,
          `the row has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'} but the header has ${this.width}: ` +
            'check for a missing or extra comma, or a value containing a comma that is not in double quotes',
        );
      }
      return true;
    }
    if (record.problem) {
      if (report) this.reject(this.fieldNames[record.problem.field - 1] ?? null, record.problem.message);
      return true;
    }
    for (let position = 0; position < fields.length; position++) {
      const field = fields[position]!;
      const length = field.length;
      // PostgreSQL text cannot hold a NUL character: one means the file is binary or damaged here.
      if (field.indexOf('\0') !== -1) {
        if (report) {
          this.reject(
            this.fieldNames[position] ?? null,
            'the value contains a NUL character (byte 0x00), which text never does: check that the row was not damaged when the file was made',
          );
        }
        return true;
      }
      if (length > longestValue) {
        if (report) {
          this.reject(
            this.fieldNames[position] ?? null,
            `the value is ${length.toLocaleString('en-GB')} characters long, and no value in an extract may be longer ` +
              `than ${longestValue.toLocaleString('en-GB')}: check for a quote that is opened and not closed where it should be`,
          );
        }
        return true;
      }
    }
    return false;
  }

  private lookup(text: string): FactCode | null {
    let fact = this.factCodes.get(text);
    if (fact === undefined) {
      fact = lookupFactCode(text.toLowerCase()) ?? null;
      this.factCodes.set(text, fact);
    }
    return fact;
  }

  private reportBreach(text: string, fact: FactCode | null): void {
    this.reject(
      'fact',
      `fact code ${fact === null ? `"${shown(text)}" is not in the fact vocabulary and ` : `${fact.code} `}is not covered by ` +
        'the data flow’s sharing agreement, so the upload is refused as a whole: remove the rows with this code, ' +
        'or have the agreement changed to cover it first',
      fact === null ? shown(text) : fact.code,
    );
  }

  /** A field's text, trimmed and mapped; null when the column is absent or the field empty. */
  private value(fields: readonly string[], column: number): string | null {
    const position = this.positions[column]!;
    if (position < 0) return null;
    let text = fields[position]!;
    if (text === '') return null;
    text = text.trim();
    const replacements = this.valueMaps[column];
    if (replacements !== undefined) text = replacements.get(text.toLowerCase()) ?? text;
    return text === '' ? null : text;
  }

  private keep<T extends string>(column: ExtractColumn, checked: T | { invalid: string }): T | null {
    if (typeof checked === 'string') return checked;
    this.warn(column, checked.invalid);
    return null;
  }

  /** A date in the standard form or the mapped layout, shaped and real, as ISO text; null after reporting. */
  private date(column: DateColumn, text: string, severity: 'error' | 'warning'): string | null {
    const iso = isoDateShape(text) ?? this.dateReaders[column]?.(text) ?? null;
    const consequence =
      severity === 'error' ? 'the row is rejected' : 'the value is dropped and the row kept';
    if (iso === null) {
      const format = this.rules.mapping?.dateFormats?.[column];
      const value = severity === 'error' ? ` "${shown(text)}"` : '';
      this.report(
        column,
        severity,
        `${column}${value} is not a date in the form YYYY-MM-DD${format ? ` or ${format}` : ''}; ${consequence}`,
      );
      return null;
    }
    if (!isRealDate(iso)) {
      this.report(
        column,
        severity,
        `${column} ${severity === 'error' ? `${iso} ` : ''}is not a real date; ${consequence}`,
      );
      return null;
    }
    return iso;
  }

  private factCode(text: string | null, fields: readonly string[]): FactCode | null {
    if (text === null) {
      const filled = (['fact_start', 'fact_end', 'fact_value'] as const).filter(
        (column) => this.value(fields, at[column]) !== null,
      );
      if (filled.length > 0) {
        this.reject(
          'fact',
          `fact is empty but ${filled.join(', ')} ${filled.length === 1 ? 'is' : 'are'} filled: give the fact code, ` +
            'or leave all the fact columns empty for an identity-only row',
        );
      }
      return null;
    }
    const fact = this.lookup(text);
    const allowed = this.rules.allowedFactCodes;
    // Any code outside the agreement, known or not, is a sharing the agreement does not cover.
    if (allowed !== undefined && !allowed.has(fact === null ? text : fact.code)) {
      this.reportBreach(text, fact);
    } else if (fact === null) {
      this.reject(
        'fact',
        `fact code "${shown(text)}" is not in the fact vocabulary (version 1): use one of its codes (such as ` +
          'crime.proven_offence), local.<name> for a local code, or map the partner’s own codes in the data flow’s column mapping',
      );
    }
    return fact;
  }

  private factStart(text: string | null): string | null {
    if (text === null) {
      this.reject(
        'fact_start',
        'fact_start is empty: every fact needs the date it started or happened (YYYY-MM-DD)',
      );
      return null;
    }
    const iso = this.date('fact_start', text, 'error');
    if (iso === null) return null;
    if (iso > this.rules.today) {
      this.reject(
        'fact_start',
        `fact_start ${iso} is after the upload day (${this.rules.today}): a fact cannot start in the future`,
      );
      return null;
    }
    return iso;
  }

  private factEnd(text: string | null, fact: FactCode | null, start: string | null): string | null {
    if (text === null) return null;
    if (fact?.kind === 'event') {
      this.warn(
        'fact_end',
        `fact_end is ignored: ${fact.code} is an event, which happens on fact_start only`,
      );
      return null;
    }
    const iso = this.date('fact_end', text, 'error');
    if (iso !== null && start !== null && iso < start) {
      this.reject('fact_end', `fact_end ${iso} is before fact_start ${start}`);
      return null;
    }
    return iso;
  }

  private factValue(text: string | null, fact: FactCode | null): number | null {
    if (text === null) return null;
    if (!isPlainDecimal(text)) {
      this.reject(
        'fact_value',
        `fact_value "${shown(text)}" is not a plain decimal number such as 10 or 9.95 (no %, £, commas or spaces)`,
      );
      return null;
    }
    const value = Number(text);
    if (fact === null) return null;
    if (fact.value === undefined && !fact.code.startsWith('local.')) {
      this.warn('fact_value', `fact_value is ignored: ${fact.code} carries no value`);
      return null;
    }
    const problem = factValueProblem(value, fact);
    if (problem !== null) {
      this.reject('fact_value', problem);
      return null;
    }
    return value;
  }

  private warn(column: string, message: string): void {
    this.report(column, 'warning', message);
  }

  /** `breachOf`: the fact code the agreement does not cover, when that is the reason. */
  private reject(column: string | null, message: string, breachOf?: string): void {
    this.report(column, 'error', message, breachOf);
  }

  private report(
    column: string | null,
    severity: 'error' | 'warning',
    message: string,
    breachOf?: string,
  ): void {
    if (severity === 'error') this.rejected = true;
    const issue: ExtractIssue = { file: this.rules.file, line: this.line, column, severity, message };
    if (this.recordId !== undefined) issue.recordId = this.recordId;
    if (breachOf !== undefined) {
      issue.agreementBreach = true;
      issue.factCode = breachOf;
    }
    this.issues.push(issue);
  }
}
