/**
 * The partners' workers and teams who hold cases (lead_worker), with a work email or phone number
 * (lead_worker_contact). Phone numbers are in Ofcom's range kept for drama (01632 960xxx), so none is real.
 */
import { britishGivenName, britishSurname, heritageList } from './heritage.ts';
import { withoutAccents } from './identity-noise.ts';
import type { SeededRandom } from './random.ts';
import type { SourceName } from './sources.ts';

export interface Worker {
  name: string;
  contact: string;
}

interface Workforce {
  domain: string;
  /** People per worker in the county. */
  perWorker: number;
  title: (name: string) => string;
  teams: readonly string[];
}

const workforces: Partial<Record<SourceName, Workforce>> = {
  police: {
    domain: 'northshire.police.example',
    perWorker: 6000,
    title: (name) => `PC ${name}`,
    teams: ['Integrated Offender Management', 'Safeguarding Hub'],
  },
  schools: {
    domain: 'northshire-schools.example',
    perWorker: 5000,
    title: (name) => name,
    teams: ['Education Welfare Service', 'Attendance Team'],
  },
  dwp: {
    domain: 'dwp.example',
    perWorker: 3000,
    title: (name) => name,
    teams: ['Northam Jobcentre', 'Kingsmoor Jobcentre'],
  },
  childrens_services: {
    domain: 'northshire.gov.example',
    perWorker: 2500,
    title: (name) => name,
    teams: ['Early Help North', 'Early Help South', 'Assessment Team 2', 'Child Protection Team'],
  },
  health: {
    domain: 'northshire-mh.nhs.example',
    perWorker: 4000,
    title: (name) => name,
    teams: ['Community Mental Health Team North', 'Drug and Alcohol Service', 'Health Visiting Team'],
  },
  housing: {
    domain: 'northshirehomes.example',
    perWorker: 5000,
    title: (name) => name,
    teams: ['Tenancy Sustainment', 'Housing Options'],
  },
  domestic_abuse: {
    domain: 'northshire-da.example',
    perWorker: 20000,
    title: (name) => `${name} (IDVA)`,
    teams: ['IDVA Service', 'MARAC Coordinator'],
  },
};

export class WorkerRoster {
  private readonly workers = new Map<SourceName, Worker[]>();

  constructor(random: SeededRandom, people: number) {
    let phone = random.below(500);
    for (const [source, workforce] of Object.entries(workforces) as [SourceName, Workforce][]) {
      const count = Math.max(3, Math.round(people / workforce.perWorker));
      const staff: Worker[] = [];
      for (let index = 0; index < count; index++) {
        const contactByPhone = random.chance(0.25);
        phone = (phone + 1 + random.below(3)) % 1000;
        const phoneNumber = `01632 960${String(phone).padStart(3, '0')}`;
        if (index < workforce.teams.length && random.chance(0.5)) {
          staff.push({ name: workforce.teams[index] as string, contact: phoneNumber });
          continue;
        }
        const sex = random.chance(0.7) ? 'F' : 'M';
        const heritage = random.chance(0.8) ? undefined : heritageList.draw(random);
        const given = heritage ? heritage.given(random, sex, 1985) : britishGivenName(random, sex, 1980);
        const family = heritage ? heritage.surname(random, sex) : britishSurname(random);
        const email = `${withoutAccents(given)}.${withoutAccents(family)}`
          .toLowerCase()
          .replace(/[^a-z.]/g, '');
        staff.push({
          name: workforce.title(`${given} ${family}`),
          contact: contactByPhone ? phoneNumber : `${email}@${workforce.domain}`,
        });
      }
      this.workers.set(source, staff);
    }
  }

  /** A worker of the source, or undefined for a partner that names none (the council tax roll). */
  pick(source: SourceName, random: SeededRandom): Worker | undefined {
    const staff = this.workers.get(source);
    return staff ? random.pick(staff) : undefined;
  }
}
