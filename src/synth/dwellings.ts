/**
 * Dwellings of the county, handed out street by street: each has a UPRN, a canonical address and
 * a postcode shared with its neighbours (about fifteen dwellings to a postcode, as in England).
 */
import {
  elsewhere,
  postcodeArea,
  postcodeUnitLetters,
  streetNames,
  streetTypes,
  type Town,
  towns,
} from './county-map.ts';
import { type SeededRandom, WeightedList } from './random.ts';

export interface Address {
  /** Digits; empty for an address outside the county's gazetteer. */
  uprn: string;
  /** Flat number within the building; 0 when the dwelling is not a flat. */
  flat: number;
  number: number;
  street: string;
  streetType: string;
  locality: string;
  town: string;
  /** Canonical postcode (`NS4 1AB`). */
  postcode: string;
  /** Canonical first address line: `14 Station Road` or `Flat 2, 14 Station Road`. */
  line1: string;
}

interface Street {
  street: string;
  streetType: string;
  town: Town;
  locality: string;
  district: number;
  sector: number;
  buildingsLeft: number;
  nextNumber: number;
  flatsLeft: number;
  nextFlat: number;
  buildingNumber: number;
  postcode: string;
  postcodeLeft: number;
}

const townList = new WeightedList(
  towns,
  towns.map((town) => town.share),
);
const streetList = WeightedList.byRank(streetNames, 0.7, 4);
const typeList = WeightedList.byRank(streetTypes, 1.1, 1);
const pastAddressesKept = 4096;

export class DwellingBook {
  private readonly random: SeededRandom;
  private street: Street | undefined;
  private nextUprn: number;
  private readonly unitsUsed = new Map<string, number>();
  private readonly past: Address[] = [];
  private handedOut = 0;

  constructor(random: SeededRandom) {
    this.random = random;
    this.nextUprn = 100_040_000_000 + random.below(1_000_000);
  }

  /** The next dwelling; some are left empty, as about one in twenty are. */
  next(): Address {
    for (;;) {
      const address = this.nextDwelling();
      this.remember(address);
      if (!this.random.chance(0.05)) return address;
    }
  }

  /** A dwelling handed out earlier (a mover's previous home), or now and then one outside the county. */
  pastAddress(): Address {
    if (this.past.length === 0 || this.random.chance(0.25)) return this.outsideAddress();
    return this.random.pick(this.past);
  }

  private remember(address: Address): void {
    // Reservoir sampling keeps a fixed number of past addresses, each equally likely, in flat memory.
    this.handedOut++;
    if (this.past.length < pastAddressesKept) this.past.push(address);
    else {
      const slot = this.random.below(this.handedOut);
      if (slot < pastAddressesKept) this.past[slot] = address;
    }
  }

  private nextDwelling(): Address {
    let street = this.street;
    if (!street || (street.buildingsLeft <= 0 && street.flatsLeft <= 0)) street = this.newStreet();
    if (street.flatsLeft <= 0) {
      street.buildingNumber = street.nextNumber;
      street.nextNumber += this.random.chance(0.1) ? 2 : 1;
      street.buildingsLeft--;
      // A postcode changes only between buildings: every flat of a building shares one.
      if (street.postcodeLeft <= 0) this.newPostcode(street);
      street.postcodeLeft--;
      // About one building in eight is divided into flats.
      if (this.random.chance(0.12)) {
        street.flatsLeft = this.random.between(2, 8);
        street.nextFlat = 1;
      }
    }
    const flat = street.flatsLeft > 0 ? street.nextFlat++ : 0;
    if (street.flatsLeft > 0) street.flatsLeft--;
    this.nextUprn += 1 + (this.random.chance(0.3) ? this.random.below(40) : 0);
    const road = `${street.buildingNumber} ${street.street} ${street.streetType}`;
    return {
      uprn: String(this.nextUprn),
      flat,
      number: street.buildingNumber,
      street: street.street,
      streetType: street.streetType,
      locality: street.locality,
      town: street.town.name,
      postcode: street.postcode,
      line1: flat > 0 ? `Flat ${flat}, ${road}` : road,
    };
  }

  private newStreet(): Street {
    const town = townList.draw(this.random);
    const name = streetList.draw(this.random);
    const streetType = name === 'High' || name === 'Market' ? 'Street' : typeList.draw(this.random);
    const street: Street = {
      street: name,
      streetType,
      town,
      locality: this.random.pick(town.localities),
      district: this.random.pick(town.districts),
      sector: this.random.between(1, 9),
      buildingsLeft: this.random.between(6, 90),
      nextNumber: 1 + (this.random.chance(0.3) ? this.random.below(40) : 0),
      flatsLeft: 0,
      nextFlat: 0,
      buildingNumber: 0,
      postcode: '',
      postcodeLeft: 0,
    };
    this.street = street;
    return street;
  }

  private newPostcode(street: Street): void {
    let sectorKey = `${street.district} ${street.sector}`;
    let used = this.unitsUsed.get(sectorKey) ?? 0;
    // A sector holds 400 units; a full one passes the street to the next sector of its district.
    while (used >= 400) {
      street.sector = (street.sector % 9) + 1;
      if (street.sector === 1) street.district = street.district + 100;
      sectorKey = `${street.district} ${street.sector}`;
      used = this.unitsUsed.get(sectorKey) ?? 0;
    }
    this.unitsUsed.set(sectorKey, used + 1);
    const unit = (used * 137 + street.district * 7) % 400;
    const letters = postcodeUnitLetters;
    street.postcode = `${postcodeArea}${street.district} ${street.sector}${letters[Math.floor(unit / 20)]}${letters[unit % 20]}`;
    street.postcodeLeft = this.random.between(5, 20);
  }

  private outsideAddress(): Address {
    const place = this.random.pick(elsewhere);
    const letters = postcodeUnitLetters;
    const street = streetList.draw(this.random);
    const streetType = typeList.draw(this.random);
    const number = this.random.between(1, 160);
    return {
      uprn: '',
      flat: 0,
      number,
      street,
      streetType,
      locality: '',
      town: place.town,
      postcode: `${place.area}${this.random.pick(place.districts)} ${this.random.between(1, 9)}${letters[this.random.below(20)]}${letters[this.random.below(20)]}`,
      line1: `${number} ${street} ${streetType}`,
    };
  }
}
