/** Checks of the identity columns: a value that fails is dropped with a warning, the row is kept. */

/** Why a value was not accepted. */
export interface Invalid {
  readonly invalid: string;
}

const invalid = (reason: string): Invalid => ({ invalid: reason });
const kept = 'the value is dropped and the row kept';

export function checkNhsNumber(text: string): string | Invalid {
  const digits = text.length === 10 ? text : text.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return invalid(`nhs_number is not 10 digits (spaces are allowed); ${kept}`);
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += (digits.charCodeAt(index) - 48) * (10 - index);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10 || check !== digits.charCodeAt(9) - 48) {
    return invalid(
      `nhs_number fails the modulus 11 check, so it was mistyped somewhere; ${kept}. Check it in the source system`,
    );
  }
  // Numbers of one repeated digit pass modulus 11 but are placeholders that would link strangers.
  if (/^(\d)\1{9}$/.test(digits)) return invalid(`nhs_number is a placeholder (one digit repeated); ${kept}`);
  return digits;
}

export type SexCode = 'F' | 'M' | 'X' | 'U';

export function checkSex(text: string): SexCode | Invalid {
  const code = text.toUpperCase();
  if (code === 'F' || code === 'M' || code === 'X' || code === 'U') return code;
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return invalid(
    `sex "${shown}" is not one of F, M, X (other) or U (not known); ${kept}. A partner’s own codes can be mapped in the data flow’s column mapping`,
  );
}

export function checkUprn(text: string): string | Invalid {
  if (/^\d{1,12}$/.test(text)) return text;
  return invalid(
    `uprn must be digits only, at most 12 (a spreadsheet may have turned it into a number like 1.00E+11); ${kept}`,
  );
}

/** A shaped, real date of birth: not after the upload day (old dates stay: historical records are linked too). */
export function checkDateOfBirth(iso: string, today: string): string | Invalid {
  if (iso > today) return invalid(`date_of_birth is after the upload day (${today}); ${kept}`);
  return iso;
}

const ukPostcode = /^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$/;
const canonicalPostcode = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/;

/** A UK-shaped postcode in its canonical form (`SW1A 1AA`); any other text upper case without spaces. */
export function standardPostcode(text: string): string {
  if (canonicalPostcode.test(text)) return text;
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const parts = ukPostcode.exec(compact);
  if (parts) return `${parts[1]} ${parts[2]}`;
  return compact === 'GIR0AA' ? 'GIR 0AA' : compact;
}
