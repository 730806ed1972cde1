/** What household building shares across a county: the random source, the date, and running counts. */
import { ageOn, sameDayYearsAway } from './calendar.ts';
import type { DwellingBook } from './dwellings.ts';
import type { Heritage, Sex } from './heritage.ts';
import type { NhsNumberIssuer } from './nhs-numbers.ts';
import type { SeededRandom } from './random.ts';

/** A name and birth date already given to someone, which a namesake elsewhere will share. */
export interface Namesake {
  given: string;
  family: string;
  born: number;
  sex: Sex;
  heritage: Heritage;
  /** Where the first of the pair lives: a namesake lives in another town. */
  town: string;
}

/** Counts of the cases linkage finds hardest, kept so that every county has some. */
export interface HardCases {
  twins: number;
  juniors: number;
  namesakes: number;
}

export class CountyContext {
  readonly random: SeededRandom;
  /** The assessment date as a day number: nothing is dated after it but planned ends. */
  readonly asOf: number;
  readonly dwellings: DwellingBook;
  readonly nhsNumbers: NhsNumberIssuer;
  peopleMade = 0;
  householdsMade = 0;
  /** Hard cases still owed: each starts at one, so even a small county has every kind. */
  readonly owed: HardCases = { twins: 1, juniors: 1, namesakes: 1 };
  readonly made: HardCases = { twins: 0, juniors: 0, namesakes: 0 };
  private readonly namesakes: Namesake[] = [];

  constructor(random: SeededRandom, asOf: number, dwellings: DwellingBook, nhsNumbers: NhsNumberIssuer) {
    this.random = random;
    this.asOf = asOf;
    this.dwellings = dwellings;
    this.nhsNumbers = nhsNumbers;
  }

  ageOf(born: number): number {
    return ageOn(born, this.asOf);
  }

  /** A birth day giving exactly `age` whole years at the assessment date. */
  bornAged(age: number): number {
    const latest = sameDayYearsAway(this.asOf, -age);
    const earliest = sameDayYearsAway(this.asOf, -(age + 1)) + 1;
    return earliest + this.random.below(latest - earliest + 1);
  }

  rememberAdult(namesake: Namesake): void {
    if (this.namesakes.length < 2048) this.namesakes.push(namesake);
    else if (this.random.chance(0.05)) this.namesakes[this.random.below(2048)] = namesake;
  }

  /** Someone already made who lives in another town than `town`. */
  takeNamesake(town: string): Namesake | undefined {
    for (let attempt = 0; attempt < 8 && this.namesakes.length > 0; attempt++) {
      const namesake = this.random.pick(this.namesakes);
      if (namesake.town !== town) return namesake;
    }
    return undefined;
  }
}
