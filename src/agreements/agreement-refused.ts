import type { TermsProblem } from './agreement-terms.ts';

/** A change to an agreement that its rules do not allow, said so a person can put it right. */
export class AgreementRefused extends Error {
  readonly problems: TermsProblem[];
  /** Sentences about a whole document, such as an imported agreement, rather than one field. */
  readonly details: string[];
  constructor(message: string, problems: TermsProblem[] = [], details: string[] = []) {
    super(message);
    this.name = 'AgreementRefused';
    this.problems = problems;
    this.details = details;
  }
}
