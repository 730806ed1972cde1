/**
 * NHS numbers: ten digits whose last is a modulus-11 check digit. Every person gets a distinct,
 * valid one; a partner's mistyped copy fails the check, as real slips of one digit do.
 */
import type { SeededRandom } from './random.ts';

export function nhsCheckDigit(nine: string): number {
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += (nine.charCodeAt(index) - 48) * (10 - index);
  return (11 - (sum % 11)) % 11;
}

export function isValidNhsNumber(text: string): boolean {
  const digits = text.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== 10 && check === digits.charCodeAt(9) - 48;
}

const span = 100_000_000;

/** Hands out distinct valid NHS numbers: an affine map of a counter is a bijection, so none repeats. */
export class NhsNumberIssuer {
  private counter = 0;
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(random: SeededRandom) {
    // Odd and not a multiple of 5, so coprime with 10^8.
    this.multiplier = 10_000_019 + 10 * random.below(1_000_000);
    this.offset = random.below(span);
  }

  issue(): string {
    for (;;) {
      const count = this.counter++;
      const prefix = [4, 6, 7][count % 3] as number;
      const body = (this.multiplier * Math.floor(count / 3) + this.offset) % span;
      const nine = `${prefix}${String(body).padStart(8, '0')}`;
      const check = nhsCheckDigit(nine);
      const number = `${nine}${check}`;
      if (check !== 10 && !/^(\d)\1{9}$/.test(number)) return number;
    }
  }
}

/** A copy with one digit mistyped or two neighbours swapped: modulus 11 catches both. */
export function mistypedNhsNumber(number: string, random: SeededRandom): string {
  const digits = number.split('');
  for (;;) {
    const at = random.below(9);
    // Swaps stay inside the nine weighted digits, where modulus 11 is sure to notice them.
    if (at < 8 && random.chance(0.5) && digits[at] !== digits[at + 1]) {
      const here = digits[at] as string;
      digits[at] = digits[at + 1] as string;
      digits[at + 1] = here;
      return digits.join('');
    }
    const was = digits[at] as string;
    const now = String((Number(was) + 1 + random.below(9)) % 10);
    if (now !== was) {
      digits[at] = now;
      return digits.join('');
    }
  }
}

/** As written by hand or by another system: `943 476 5919`. */
export function spacedNhsNumber(number: string): string {
  return `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`;
}
