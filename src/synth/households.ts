/**
 * Households of every common shape in England (ONS 2021 shares): people living alone, couples,
 * families with children, lone parents, three generations, shared houses; with twins, sons named
 * after their fathers and namesakes born the same day elsewhere, which linkage must tell apart.
 */
import { yearOf } from './calendar.ts';
import type { CountyContext } from './county-context.ts';
import {
  type Heritage,
  heritageList,
  middleName,
  polishFeminine,
  type Sex,
  sikhSurname,
} from './heritage.ts';
import { britishSurnames } from './name-pools.ts';
import type { Household, HouseholdShape, Person, Role } from './population.ts';
import { WeightedList } from './random.ts';

const shapes: readonly [HouseholdShape, number][] = [
  ['single', 0.16],
  ['older_single', 0.13],
  ['couple', 0.12],
  ['older_couple', 0.09],
  ['couple_with_children', 0.19],
  ['couple_with_adult_children', 0.07],
  ['lone_parent', 0.07],
  ['lone_parent_with_adult_children', 0.04],
  ['three_generations', 0.04],
  ['shared_house', 0.05],
];
const shapeList = new WeightedList(
  shapes.map(([shape]) => shape),
  shapes.map(([, share]) => share),
);
// Families of South Asian, Somali and Middle Eastern heritage live in three generations more often.
const extendedShapeList = new WeightedList(
  shapes.map(([shape]) => shape),
  shapes.map(([shape, share]) =>
    shape === 'three_generations' ? 0.14 : shape === 'couple_with_children' ? 0.24 : share,
  ),
);
const extendedFamilies = new Set(['pakistani_bangladeshi', 'indian', 'somali', 'middle_eastern']);
const childCounts = new WeightedList([1, 2, 3, 4, 5], [0.42, 0.39, 0.13, 0.045, 0.015]);

const twinsPerHousehold = 1 / 120;
const juniorsPerHousehold = 1 / 700;
const namesakesPerHousehold = 1 / 900;

const commonSurnames = new Set([
  ...britishSurnames.slice(0, 40),
  'Khan',
  'Hussain',
  'Ahmed',
  'Ali',
  'Begum',
  'Patel',
  'Singh',
  'Kaur',
  'Nowak',
  'Mohamed',
  'Murphy',
  'Kelly',
]);

const personId = (index: number): string => `P${String(index).padStart(7, '0')}`;
const householdId = (index: number): string => `H${String(index).padStart(7, '0')}`;

/** A household of people living together (and, for some lone parents, the other parent's household). */
export function buildHouseholds(context: CountyContext): Household[] {
  const { random } = context;
  context.owed.twins += twinsPerHousehold;
  context.owed.juniors += juniorsPerHousehold;
  context.owed.namesakes += namesakesPerHousehold;
  const heritage = heritageList.draw(random);
  const shape = (extendedFamilies.has(heritage.name) ? extendedShapeList : shapeList).draw(random);
  const household = newHousehold(context, shape, heritage);
  const built = [household];
  const builder = new HouseholdBuilder(context, household);
  switch (shape) {
    case 'single':
      builder.single(random.between(18, 64) + (random.chance(0.3) ? 0 : random.below(10)) - 5);
      break;
    case 'older_single':
      builder.single(65 + Math.min(35, Math.floor(-12 * Math.log(1 - random.next()))));
      break;
    case 'couple':
      builder.couple(random.between(20, 64));
      break;
    case 'older_couple':
      builder.couple(65 + Math.min(30, Math.floor(-10 * Math.log(1 - random.next()))));
      break;
    case 'couple_with_children':
      builder.family(childAges(context, random.between(0, 17)), true);
      break;
    case 'couple_with_adult_children': {
      const ages = childAges(context, random.between(18, 34)).filter(
        (age, index) => index === 0 || age >= 18 || random.chance(0.3),
      );
      builder.family(ages, true);
      break;
    }
    case 'lone_parent': {
      const otherParent = builder.family(childAges(context, random.between(0, 17)), false);
      if (otherParent) built.push(otherParent);
      break;
    }
    case 'lone_parent_with_adult_children':
      builder.family(childAges(context, random.between(18, 40)), false);
      break;
    case 'three_generations':
      builder.threeGenerations(childAges(context, random.between(0, 17)));
      break;
    case 'shared_house':
      builder.sharers(random.between(2, 5));
      break;
  }
  return built;
}

function newHousehold(context: CountyContext, shape: HouseholdShape, heritage: Heritage): Household {
  const { random } = context;
  const index = ++context.householdsMade;
  const socialShare =
    shape === 'lone_parent' ? 0.42 : shape === 'shared_house' ? 0.05 : shape === 'older_single' ? 0.22 : 0.15;
  const privateShare = shape === 'shared_house' ? 0.9 : shape === 'single' || shape === 'couple' ? 0.3 : 0.15;
  const tenureDraw = random.next();
  const tenure =
    tenureDraw < socialShare
      ? 'social_rent'
      : tenureDraw < socialShare + privateShare
        ? 'private_rent'
        : 'owned';
  const moved = random.chance(tenure === 'owned' ? 0.1 : 0.28);
  return {
    id: householdId(index),
    index,
    shape,
    heritage,
    address: context.dwellings.next(),
    previous: moved ? context.dwellings.pastAddress() : null,
    movedIn: moved ? context.asOf - random.between(20, 1500) : 0,
    tenure,
    members: [],
    otherParent: null,
  };
}

/** Ages of a family's children, eldest first: gaps of one to six years. */
function childAges(context: CountyContext, eldest: number): number[] {
  const count = childCounts.draw(context.random);
  const ages = [eldest];
  for (let child = 1; child < count; child++) {
    const age = (ages[child - 1] as number) - context.random.between(1, 6);
    if (age < 0) break;
    ages.push(age);
  }
  return ages;
}

interface NewPerson {
  given: string;
  middle: string;
  family: string;
  sex: Sex;
  born: number;
  heritage: Heritage;
  role: Role;
  birthFamily?: string;
  nameChanged?: number;
}

class HouseholdBuilder {
  private readonly context: CountyContext;
  private readonly household: Household;
  /** Sikh families where men are Singh and women Kaur, rather than a shared family name. */
  private readonly singhAndKaur: boolean;

  constructor(context: CountyContext, household: Household) {
    this.context = context;
    this.household = household;
    this.singhAndKaur = household.heritage.custom === 'sikh' && context.random.chance(0.5);
  }

  single(age: number): void {
    const { context } = this;
    const adultAge = Math.max(18, age);
    if (context.owed.namesakes >= 1 && adultAge >= 25) {
      const namesake = context.takeNamesake(this.household.address.town);
      if (namesake && context.ageOf(namesake.born) >= 18) {
        context.owed.namesakes -= 1;
        context.made.namesakes += 1;
        this.add({
          given: namesake.given,
          family: namesake.family,
          born: namesake.born,
          sex: namesake.sex,
          heritage: namesake.heritage,
          middle: '',
          role: 'adult',
        });
        return;
      }
    }
    this.adult(this.household.heritage, this.context.random.chance(0.5) ? 'M' : 'F', adultAge, 'adult');
  }

  couple(age: number, role: Role = 'partner'): [Person, Person] {
    const { random } = this.context;
    const sameSex = random.chance(0.02);
    const headSex: Sex = sameSex && random.chance(0.5) ? 'F' : 'M';
    const head = this.adult(this.household.heritage, headSex, age, role);
    const partnerHeritage = random.chance(this.household.heritage.mixedCouples)
      ? heritageList.draw(random)
      : this.household.heritage;
    const partnerSex: Sex = sameSex ? headSex : 'F';
    const partnerAge = Math.max(18, age + random.between(-8, 3));
    const partner = this.adult(partnerHeritage, partnerSex, partnerAge, role);
    const married = random.chance(age > 50 ? 0.85 : 0.68);
    const custom = this.household.heritage.custom;
    const takes =
      married &&
      custom !== 'patronymic' &&
      !this.singhAndKaur &&
      random.chance(sameSex ? 0.3 : this.household.heritage.wifeTakesSurname);
    if (takes) {
      const taken = custom === 'gendered' && partnerSex === 'F' ? polishFeminine(head.family) : head.family;
      if (taken !== partner.family) {
        const yearsMarried = random.between(0, Math.max(0, Math.min(age, partnerAge) - 20));
        partner.birthFamily = partner.family;
        partner.family = taken;
        partner.nameChanged = Math.max(
          partner.born + 6570,
          this.context.asOf - yearsMarried * 365 - random.below(365),
        );
      }
    }
    return [head, partner];
  }

  /** Parents (two, or one) and their children; may return the household of a parent living elsewhere. */
  family(ages: number[], twoParents: boolean): Household | null {
    const { context } = this;
    const { random } = context;
    const eldest = ages[0] as number;
    const motherAge = eldest + (twoParents ? random.between(20, 40) : random.between(17, 36));
    let father: Person | null = null;
    let mother: Person;
    let otherHousehold: Household | null = null;
    if (twoParents) {
      const [head, partner] = this.couple(motherAge + random.between(-2, 6), 'parent');
      father = head.sex === 'M' ? head : null;
      mother = partner;
    } else {
      const parentSex: Sex = random.chance(0.88) ? 'F' : 'M';
      mother = this.adult(this.household.heritage, parentSex, motherAge, 'parent');
      if (parentSex === 'M') father = mother;
    }
    let childrenFamily = father ? this.childSurname(father, 'M') : mother.family;
    if (
      father &&
      father !== mother &&
      mother.family !== father.family &&
      this.household.heritage.custom === 'shared' &&
      random.chance(0.15)
    ) {
      // Parents with different surnames may give their children both, hyphenated.
      childrenFamily = `${father.family}-${mother.family}`;
    }
    if (!twoParents && mother.sex === 'F' && eldest < 18 && random.chance(0.45)) {
      // The children carry their father's surname; he may live elsewhere in the county.
      const fatherHousehold = random.chance(0.5)
        ? newHousehold(context, 'single', this.household.heritage)
        : null;
      const fatherAge = motherAge + random.between(-2, 8);
      if (fatherHousehold) {
        const builder = new HouseholdBuilder(context, fatherHousehold);
        const absent = builder.adult(this.household.heritage, 'M', fatherAge, 'adult');
        this.household.otherParent = absent;
        otherHousehold = fatherHousehold;
        childrenFamily = this.childSurnameFrom(absent.family, absent.given, 'M');
      } else {
        childrenFamily = this.household.heritage.surname(random, 'M');
      }
      if (random.chance(0.5)) {
        // She kept her married name, the children's.
        mother.birthFamily = mother.family;
        mother.family =
          this.household.heritage.custom === 'gendered' ? polishFeminine(childrenFamily) : childrenFamily;
        mother.nameChanged = context.asOf - (eldest + random.between(1, 3)) * 365;
      }
    }
    this.children(ages, father, mother, childrenFamily);
    return otherHousehold;
  }

  threeGenerations(ages: number[]): void {
    const { context } = this;
    const { random } = context;
    this.family(ages, true);
    const head = this.household.members[0] as Person;
    const grandparentAge = Math.min(99, context.ageOf(head.born) + random.between(20, 34));
    const grandmother = this.adult(this.household.heritage, 'F', grandparentAge, 'grandparent');
    const custom = this.household.heritage.custom;
    if (custom !== 'patronymic' && custom !== 'own' && !this.singhAndKaur) {
      const married =
        custom === 'gendered'
          ? polishFeminine(head.birthFamily || head.family)
          : head.birthFamily || head.family;
      if (married !== grandmother.family) {
        grandmother.birthFamily = grandmother.family;
        grandmother.family = married;
        grandmother.nameChanged = grandmother.born + random.between(19, 30) * 365;
      }
    }
    if (random.chance(0.45)) {
      const grandfather = this.adult(
        this.household.heritage,
        'M',
        Math.min(99, grandparentAge + random.between(0, 5)),
        'grandparent',
      );
      if (custom !== 'patronymic' && !this.singhAndKaur)
        grandfather.family = (head.birthFamily || head.family).replace(/([sc]k|dzk)a$/, '$1i');
    }
  }

  sharers(count: number): void {
    const { random } = this.context;
    for (let sharer = 0; sharer < count; sharer++) {
      this.adult(heritageList.draw(random), random.chance(0.5) ? 'M' : 'F', random.between(19, 42), 'sharer');
    }
  }

  adult(heritage: Heritage, sex: Sex, age: number, role: Role): Person {
    const { context } = this;
    const born = context.bornAged(age);
    const year = yearOf(born);
    const family =
      this.singhAndKaur && heritage === this.household.heritage
        ? sikhSurname(sex)
        : heritage.surname(context.random, sex);
    const given = heritage.given(context.random, sex, year);
    const person = this.add({
      given,
      middle: middleName(context.random, heritage, sex, year, given),
      family,
      sex,
      born,
      heritage,
      role,
    });
    // Only common names have namesakes born the same day: two Hartshaws sharing a birthday would be unlikely.
    if (commonSurnames.has(family) && context.random.chance(0.1)) {
      context.rememberAdult({
        given: person.given,
        family,
        born,
        sex,
        heritage,
        town: this.household.address.town,
      });
    }
    return person;
  }

  private children(ages: number[], father: Person | null, mother: Person, family: string): void {
    const { context } = this;
    const { random } = context;
    if (context.owed.twins >= 1 && random.chance(0.4)) {
      // Twins: two children born the same day.
      const at = random.below(ages.length);
      ages.splice(at, 0, ages[at] as number);
    }
    const taken = new Set(this.household.members.map((member) => member.given));
    let previous: Person | null = null;
    let namedAfterFather = false;
    for (let index = 0; index < ages.length; index++) {
      const age = ages[index] as number;
      const sex: Sex = random.chance(0.51) ? 'M' : 'F';
      const twin = previous !== null && index > 0 && ages[index - 1] === age;
      const born = twin && previous ? previous.born : context.bornAged(age);
      const heritage =
        mother.heritage !== this.household.heritage && random.chance(0.5)
          ? mother.heritage
          : this.household.heritage;
      let given = heritage.given(random, sex, yearOf(born));
      const junior =
        father !== null &&
        sex === 'M' &&
        age >= 10 &&
        this.household.heritage.custom === 'shared' &&
        context.owed.juniors >= 1 &&
        !namedAfterFather;
      if (junior && father) {
        // A son named after his father, living at the same address.
        given = father.given;
        namedAfterFather = true;
        context.owed.juniors -= 1;
        context.made.juniors += 1;
      } else {
        for (let attempt = 0; attempt < 8 && taken.has(given); attempt++)
          given = heritage.given(random, sex, yearOf(born));
      }
      taken.add(given);
      if (twin) {
        context.owed.twins -= 1;
        context.made.twins += 1;
      }
      previous = this.add({
        given,
        middle: this.singhAndKaur
          ? ''
          : this.household.heritage.custom === 'sikh'
            ? sikhSurname(sex)
            : middleName(random, heritage, sex, yearOf(born), given),
        family: junior && father ? father.family : this.childSurnameFrom(family, father?.given ?? '', sex),
        sex,
        born,
        heritage,
        role: age >= 18 ? 'adult_child' : 'child',
      });
    }
  }

  private childSurname(father: Person, sex: Sex): string {
    return this.childSurnameFrom(father.family, father.given, sex);
  }

  private childSurnameFrom(fatherFamily: string, fatherGiven: string, sex: Sex): string {
    const custom = this.household.heritage.custom;
    if (custom === 'patronymic' && fatherGiven !== '') return fatherGiven;
    if (this.singhAndKaur) return sikhSurname(sex);
    const masculine = custom === 'gendered' ? fatherFamily.replace(/([sc]k|dzk)a$/, '$1i') : fatherFamily;
    return custom === 'gendered' && sex === 'F' ? polishFeminine(masculine) : masculine;
  }

  private add(fields: NewPerson): Person {
    const { context } = this;
    const person: Person = {
      id: personId(++context.peopleMade),
      household: this.household,
      given: fields.given,
      middle: fields.middle,
      family: fields.family,
      birthFamily: fields.birthFamily ?? '',
      nameChanged: fields.nameChanged ?? 0,
      sex: fields.sex,
      born: fields.born,
      heritage: fields.heritage,
      nhsNumber: context.nhsNumbers.issue(),
      role: fields.role,
      facts: [],
      knownTo: new Set(),
    };
    this.household.members.push(person);
    return person;
  }
}
