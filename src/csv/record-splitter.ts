import { CsvError } from './csv-error.ts';
import type { CsvProblem, CsvRecord } from './csv-record.ts';

const comma = 44;
const quote = 34;
const lineFeed = 10;
const carriageReturn = 13;

type SplitterState =
  /** Between records. */
  | 'record-start'
  /** Part of an unquoted line, cut off by the end of the text so far. */
  | 'line-pending'
  | 'field-start'
  | 'unquoted'
  | 'quoted'
  /** A quote inside a quoted field: either the first of `""` or the closing quote. */
  | 'quote-seen'
  /** After a closing quote, before the `,` or line end. */
  | 'closed';

function withoutTrailingCarriageReturn(text: string): string {
  return text.charCodeAt(text.length - 1) === carriageReturn ? text.slice(0, -1) : text;
}

/**
 * Splits RFC 4180 text, given in pieces of any size, into records. Lines without a quote take a fast
 * path (one `split`); lines with quotes are read field by field. Partial lines and fields are kept as
 * lists of pieces and joined once, so a line of many megabytes costs linear time. Blank lines are skipped.
 */
export class CsvRecordSplitter {
  /** The physical line (1-based) of the next character to read. */
  line = 1;
  private readonly file: string;
  private state: SplitterState = 'record-start';
  private recordLine = 1;
  private quoteLine = 1;
  private fields: string[] = [];
  private parts: string[] = [];
  private problem: CsvProblem | null = null;

  constructor(file: string) {
    this.file = file;
  }

  /** Reads more text; records it completes are appended to `out`. */
  push(text: string, out: CsvRecord[]): void {
    let position = 0;
    if (this.state === 'line-pending') position = this.continuePendingLine(text, out);
    else if (this.state !== 'record-start') position = this.readFields(text, 0, out);
    this.readLines(text, position, out);
  }

  /** Completes the last record at the end of the input. */
  end(out: CsvRecord[]): void {
    switch (this.state) {
      case 'record-start':
        return;
      case 'line-pending': {
        const lineText = withoutTrailingCarriageReturn(this.parts.join(''));
        this.parts = [];
        this.state = 'record-start';
        if (lineText !== '') out.push({ line: this.line, fields: lineText.split(','), problem: null });
        return;
      }
      case 'quoted':
        throw new CsvError(
          this.file,
          this.quoteLine,
          `a quoted field starts here and its closing quote (") is missing, so the rest of the file would be read ` +
            `as that one field. Close the quote, or write a quote inside a quoted field as two quotes ("").`,
        );
      case 'field-start':
        this.fields.push('');
        break;
      case 'unquoted':
        this.fields.push(withoutTrailingCarriageReturn(this.takeField('')));
        break;
      case 'quote-seen':
      case 'closed':
        this.fields.push(this.takeField(''));
        break;
    }
    this.endRecord(out);
  }

  private readLines(text: string, from: number, out: CsvRecord[]): void {
    const length = text.length;
    let position = from;
    // -2: not searched yet; -1: no quote in the rest of the text.
    let nextQuote = -2;
    while (position < length) {
      if (nextQuote !== -1 && nextQuote < position) nextQuote = text.indexOf('"', position);
      const newline = text.indexOf('\n', position);
      if (nextQuote !== -1 && (newline === -1 || nextQuote < newline)) {
        this.recordLine = this.line;
        this.state = 'field-start';
        position = this.readFields(text, position, out);
        continue;
      }
      if (newline === -1) {
        this.parts.push(position === 0 ? text : text.slice(position));
        this.state = 'line-pending';
        return;
      }
      const end =
        newline > position && text.charCodeAt(newline - 1) === carriageReturn ? newline - 1 : newline;
      if (end > position)
        out.push({ line: this.line, fields: text.slice(position, end).split(','), problem: null });
      this.line++;
      position = newline + 1;
    }
  }

  private continuePendingLine(text: string, out: CsvRecord[]): number {
    const newline = text.indexOf('\n');
    const firstQuote = text.indexOf('"');
    if (firstQuote !== -1 && (newline === -1 || firstQuote < newline)) {
      // The line has a quote after all: what came before it had none, so its fields split plainly.
      const pieces = this.parts.join('').split(',');
      const last = pieces.pop() ?? '';
      this.fields = pieces;
      this.parts = last === '' ? [] : [last];
      this.state = last === '' ? 'field-start' : 'unquoted';
      this.recordLine = this.line;
      return this.readFields(text, 0, out);
    }
    if (newline === -1) {
      this.parts.push(text);
      return text.length;
    }
    this.parts.push(text.slice(0, newline));
    const lineText = withoutTrailingCarriageReturn(this.parts.join(''));
    this.parts = [];
    this.state = 'record-start';
    if (lineText !== '') out.push({ line: this.line, fields: lineText.split(','), problem: null });
    this.line++;
    return newline + 1;
  }

  /** Reads field by field until the record ends (returns the position after it) or the text does. */
  private readFields(text: string, from: number, out: CsvRecord[]): number {
    const length = text.length;
    let position = from;
    while (position < length) {
      switch (this.state) {
        case 'field-start':
          if (text.charCodeAt(position) === quote) {
            this.state = 'quoted';
            this.quoteLine = this.line;
            position++;
          } else {
            this.state = 'unquoted';
          }
          break;
        case 'unquoted': {
          let end = position;
          let code = 0;
          while (end < length) {
            code = text.charCodeAt(end);
            if (code === comma || code === lineFeed) break;
            end++;
          }
          if (end === length) {
            this.parts.push(text.slice(position));
            return length;
          }
          const value = this.takeField(text.slice(position, end));
          if (code === comma) {
            this.fields.push(value);
            this.state = 'field-start';
            position = end + 1;
            break;
          }
          this.fields.push(withoutTrailingCarriageReturn(value));
          this.endRecord(out);
          this.line++;
          return end + 1;
        }
        case 'quoted': {
          const close = text.indexOf('"', position);
          if (close === -1 || close + 1 === length) {
            const end = close === -1 ? length : close;
            this.countLines(text, position, end);
            if (end > position) this.parts.push(text.slice(position, end));
            if (close !== -1) this.state = 'quote-seen';
            return length;
          }
          this.countLines(text, position, close);
          const next = text.charCodeAt(close + 1);
          if (next === quote) {
            this.parts.push(text.slice(position, close + 1));
            position = close + 2;
          } else if (next === comma) {
            this.fields.push(this.takeField(text.slice(position, close)));
            this.state = 'field-start';
            position = close + 2;
          } else if (next === lineFeed) {
            this.fields.push(this.takeField(text.slice(position, close)));
            this.endRecord(out);
            this.line++;
            return close + 2;
          } else {
            if (close > position) this.parts.push(text.slice(position, close));
            this.state = 'closed';
            position = close + 1;
          }
          break;
        }
        case 'quote-seen':
          if (text.charCodeAt(position) === quote) {
            this.parts.push('"');
            position++;
            this.state = 'quoted';
          } else {
            this.state = 'closed';
          }
          break;
        case 'closed': {
          const code = text.charCodeAt(position);
          if (code === comma) {
            this.fields.push(this.takeField(''));
            this.state = 'field-start';
            position++;
          } else if (code === lineFeed) {
            this.fields.push(this.takeField(''));
            this.endRecord(out);
            this.line++;
            return position + 1;
          } else if (code === carriageReturn) {
            position++;
          } else {
            this.problem ??= {
              field: this.fields.length + 1,
              message:
                'there is text after the closing quote: quote the whole value, and write a quote inside it as ""',
            };
            this.state = 'unquoted';
          }
          break;
        }
        default:
          throw new Error(`CSV splitter reached state ${this.state} while reading fields`);
      }
    }
    return position;
  }

  private countLines(text: string, from: number, to: number): void {
    for (let index = from; index < to; index++) if (text.charCodeAt(index) === lineFeed) this.line++;
  }

  private takeField(last: string): string {
    if (this.parts.length === 0) return last;
    this.parts.push(last);
    const value = this.parts.join('');
    this.parts = [];
    return value;
  }

  private endRecord(out: CsvRecord[]): void {
    out.push({ line: this.recordLine, fields: this.fields, problem: this.problem });
    this.fields = [];
    this.parts = [];
    this.problem = null;
    this.state = 'record-start';
  }
}
