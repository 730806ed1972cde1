/**
 * The heritages of a county's families, with their naming customs: who takes whose surname on
 * marriage and what children are called decide which records of one household share a surname.
 */
import * as pools from './name-pools.ts';
import { type SeededRandom, WeightedList } from './random.ts';

export type Sex = 'F' | 'M';

/** How a family's surnames pass between its members. */
export type NamingCustom = 'shared' | 'gendered' | 'sikh' | 'patronymic' | 'own';

export interface Heritage {
  name: string;
  /** Share of households in the county. */
  share: number;
  custom: NamingCustom;
  /** Chance that a wife takes her husband's surname (where the custom allows it). */
  wifeTakesSurname: number;
  /** Chance that a child born here is given a British name. */
  britishChildNames: number;
  /** Chance that the partner of a couple comes from another heritage. */
  mixedCouples: number;
  /** Chance that a person has a middle name. */
  middleNames: number;
  given(random: SeededRandom, sex: Sex, birthYear: number): string;
  surname(random: SeededRandom, sex: Sex): string;
}

const ranked = (names: readonly string[], skew = 1): WeightedList<string> => WeightedList.byRank(names, skew);

const britishGiven = {
  M: {
    older: ranked(pools.britishMale.older),
    middle: ranked(pools.britishMale.middle),
    younger: ranked(pools.britishMale.younger),
  },
  F: {
    older: ranked(pools.britishFemale.older),
    middle: ranked(pools.britishFemale.middle),
    younger: ranked(pools.britishFemale.younger),
  },
};

export function britishGivenName(random: SeededRandom, sex: Sex, birthYear: number): string {
  const era = birthYear < 1965 ? 'older' : birthYear < 1995 ? 'middle' : 'younger';
  // Fashions overlap: one name in five comes from the neighbouring generation.
  const shifted = random.chance(0.2)
    ? era === 'older'
      ? 'middle'
      : era === 'younger'
        ? 'middle'
        : random.chance(0.5)
          ? 'older'
          : 'younger'
    : era;
  return britishGiven[sex][shifted].draw(random);
}

const britishTopSurnames = ranked(pools.britishSurnames, 0.85);
const tailSize = pools.surnameHeads.length * pools.surnameLinks.length * pools.surnameTails.length;
// Tail ranks map onto combinations through a fixed stride, so the commonest tail names are scattered.
const tailStride = 7919;

function tailSurname(random: SeededRandom): string {
  // Rank law over about 17,000 names, drawn by inverse transform so no table is needed.
  const rank = Math.floor(tailSize ** random.next() - 1);
  const combination = (rank * tailStride) % tailSize;
  const head = pools.surnameHeads[combination % pools.surnameHeads.length] as string;
  const rest = Math.floor(combination / pools.surnameHeads.length);
  const link = pools.surnameLinks[rest % pools.surnameLinks.length] as string;
  const tail = pools.surnameTails[Math.floor(rest / pools.surnameLinks.length)] as string;
  return head + (head.endsWith(link.charAt(0)) ? '' : link) + tail;
}

export function britishSurname(random: SeededRandom): string {
  return random.chance(0.62) ? britishTopSurnames.draw(random) : tailSurname(random);
}

function simpleHeritage(
  name: string,
  share: number,
  custom: NamingCustom,
  names: { male: readonly string[]; female: readonly string[]; surnames: readonly string[] },
  settings: Partial<
    Pick<Heritage, 'wifeTakesSurname' | 'britishChildNames' | 'mixedCouples' | 'middleNames'>
  > = {},
): Heritage {
  const male = ranked(names.male, 0.9);
  const female = ranked(names.female, 0.9);
  const surnames = ranked(names.surnames, 0.8);
  return {
    name,
    share,
    custom,
    wifeTakesSurname: settings.wifeTakesSurname ?? 0.7,
    britishChildNames: settings.britishChildNames ?? 0.15,
    mixedCouples: settings.mixedCouples ?? 0.05,
    middleNames: settings.middleNames ?? 0.15,
    given: (random, sex, birthYear) =>
      birthYear >= 1995 && random.chance(settings.britishChildNames ?? 0.15)
        ? britishGivenName(random, sex, birthYear)
        : (sex === 'M' ? male : female).draw(random),
    surname: (random) => surnames.draw(random),
  };
}

/** -ski becomes -ska for a woman, -cki -cka, -dzki -dzka; other Polish surnames do not change. */
export function polishFeminine(surname: string): string {
  return /[sc]ki$|dzki$/.test(surname) ? `${surname.slice(0, -1)}a` : surname;
}

const irishMale = ranked(pools.irish.male);
const irishFemale = ranked(pools.irish.female);
const irishSurnames = ranked(pools.irish.surnames, 0.8);
const britishMiddle = {
  M: ranked(pools.britishMiddleNames.male),
  F: ranked(pools.britishMiddleNames.female),
};

export const heritages: readonly Heritage[] = [
  {
    name: 'british',
    share: 0.74,
    custom: 'shared',
    wifeTakesSurname: 0.88,
    britishChildNames: 1,
    mixedCouples: 0.04,
    middleNames: 0.6,
    given: britishGivenName,
    surname: britishSurname,
  },
  {
    name: 'irish',
    share: 0.03,
    custom: 'shared',
    wifeTakesSurname: 0.8,
    britishChildNames: 0.5,
    mixedCouples: 0.3,
    middleNames: 0.5,
    given: (random, sex, birthYear) =>
      random.chance(birthYear >= 1980 ? 0.5 : 0.3)
        ? britishGivenName(random, sex, birthYear)
        : (sex === 'M' ? irishMale : irishFemale).draw(random),
    surname: (random) => irishSurnames.draw(random),
  },
  (() => {
    const base = simpleHeritage('pakistani_bangladeshi', 0.06, 'own', pools.pakistaniBangladeshi, {
      wifeTakesSurname: 0.35,
      britishChildNames: 0.03,
      mixedCouples: 0.02,
      middleNames: 0.1,
    });
    const femaleOnly = ranked(pools.pakistaniBangladeshi.femaleOnly);
    return {
      ...base,
      surname: (random: SeededRandom, sex: Sex) =>
        sex === 'F' && random.chance(0.3) ? femaleOnly.draw(random) : base.surname(random, sex),
    };
  })(),
  simpleHeritage('indian', 0.035, 'sikh', pools.indian, {
    wifeTakesSurname: 0.8,
    britishChildNames: 0.1,
    mixedCouples: 0.04,
    middleNames: 0.1,
  }),
  (() => {
    const base = simpleHeritage('polish', 0.035, 'gendered', pools.polish, {
      wifeTakesSurname: 0.85,
      britishChildNames: 0.3,
      mixedCouples: 0.08,
      middleNames: 0.05,
    });
    return {
      ...base,
      surname: (random: SeededRandom, sex: Sex) =>
        sex === 'F' ? polishFeminine(base.surname(random, sex)) : base.surname(random, sex),
    };
  })(),
  simpleHeritage('romanian', 0.015, 'shared', pools.romanian, {
    wifeTakesSurname: 0.85,
    britishChildNames: 0.2,
    middleNames: 0.05,
  }),
  simpleHeritage('west_african', 0.025, 'shared', pools.westAfrican, {
    wifeTakesSurname: 0.85,
    britishChildNames: 0.25,
    mixedCouples: 0.05,
    middleNames: 0.45,
  }),
  simpleHeritage('somali', 0.008, 'patronymic', pools.somali, {
    wifeTakesSurname: 0,
    britishChildNames: 0.02,
    mixedCouples: 0.01,
    middleNames: 0,
  }),
  simpleHeritage('caribbean', 0.017, 'shared', pools.caribbean, {
    wifeTakesSurname: 0.75,
    britishChildNames: 0.4,
    mixedCouples: 0.25,
    middleNames: 0.4,
  }),
  simpleHeritage('chinese', 0.01, 'own', pools.chinese, {
    wifeTakesSurname: 0.2,
    britishChildNames: 0.4,
    mixedCouples: 0.08,
    middleNames: 0.05,
  }),
  simpleHeritage('middle_eastern', 0.015, 'own', pools.middleEastern, {
    wifeTakesSurname: 0.2,
    britishChildNames: 0.05,
    mixedCouples: 0.03,
    middleNames: 0.05,
  }),
];

export const heritageList = new WeightedList(
  heritages,
  heritages.map((heritage) => heritage.share),
);

/** A middle name (or none), never the same as the given name. */
export function middleName(
  random: SeededRandom,
  heritage: Heritage,
  sex: Sex,
  birthYear: number,
  given: string,
): string {
  if (!random.chance(heritage.middleNames)) return '';
  const middle =
    heritage.name === 'british' || heritage.name === 'irish' || random.chance(0.4)
      ? britishMiddle[sex].draw(random)
      : heritage.given(random, sex, birthYear);
  return middle === given ? '' : middle;
}

export const sikhSurname = (sex: Sex): string => (sex === 'M' ? 'Singh' : 'Kaur');
