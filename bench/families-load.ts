/**
 * The families list under load: 20 coordinators at once on the PostgreSQL server (issue 5: "the families list
 * page answers at p95 under 100 ms with 20 concurrent users", measured from a second process).
 *
 *   node_modules/node/bin/node bench/families-load.ts [--people 100000] [--users 20] [--duration 30]
 *     [--warmup 5] [--think 0] [--runs 2] [--identifications 2] [--no-vacuum] [--check] [--explain]
 *     [--keep | --reuse DATABASE] [--cpu-prof DIR] [--processes 1]
 *
 * 1. Creates a fresh database on the server (TEST_DATABASE_URL, default
 *    postgres://postgres@127.0.0.1:5432/postgres).
 * 2. Starts Kindred as its own process, `kindred serve --demo --demo-people N` with KINDRED_LOG=false: it
 *    generates the synthetic county, signs the agreements, uploads the partners' extracts and runs
 *    identification with tf-2015. With --identifications 2 (the default) the coordinator then runs identification
 *    once more through the web form, with the assessment date 30 days on, so the list is that of a council's
 *    second run: it shows what changed since the previous run, and the table holds two runs' families.
 * 3. VACUUM ANALYZE of the database, as autovacuum would do by itself a minute or so after a run has written its
 *    rows (autovacuum is off on the development server this was written on). --no-vacuum leaves the tables as
 *    the run left them: no planner statistics and no visibility map.
 * 4. Signs in as coordinator@northshire.example through the sign-in form once per user (each user has its own
 *    session, as people would), with the password the demo prints.
 * 5. Starts the load driver as a second process (this file with --driver). Each user is a closed loop: it asks
 *    for a families-list URL, reads the whole page and asks for the next at once, so this is harsher than 20
 *    people reading pages; --think MS pauses each user after each page for a random time from 0 to twice MS.
 *    The URLs are a fixed mix: the default page; filtered by one or two problems, by eligibility, by number of
 *    problems and by district; sorted by youngest child and by most recent evidence; later pages (2, 10, random
 *    ones, the last). The first --warmup seconds are not counted. Every response time is kept, so the
 *    percentiles are exact.
 * 6. Reports, per run: requests per second, p50, p95, p99, max, errors (any status but 200, a page cut short or
 *    a failed connection), p95 by kind of URL, the load average, and the CPU time per request of the Kindred
 *    process, of its PostgreSQL backends and of the driver, with how much of the machine other work took (from
 *    /proc, so Linux only). Then stops Kindred and drops the database unless --keep is given.
 *
 * --check compares listFamilies with a plain query (count, then order by … limit … offset, as the list was first
 * written) for 33 filters and sorts at the first, second, middle, second-to-last and last pages, as the
 * coordinator, and stops at the first page or total that differs. --explain prints EXPLAIN (ANALYZE, BUFFERS) of
 * the list's statements for a few URLs, as the coordinator under row-level security. --cpu-prof DIR writes a CPU
 * profile of the Kindred process (node --cpu-prof) into DIR when it stops.
 * --processes N starts Kindred with N web processes sharing the port (`kindred serve --processes N`); the CPU
 * time per request of Kindred then adds up all of them.
 * --keep leaves the database; --reuse DATABASE starts Kindred on it again (new migrations are applied at start),
 * skips the demo load and, as the server's superuser, gives the coordinator a new random password to sign in
 * with (the demo's is printed once only), so a change to queries or indexes is measured again in a minute.
 *
 * The load driver is written here with node:http (a keep-alive agent, one socket per user) rather than taken
 * from autocannon: autocannon reports fixed percentiles (p50, p90, p97.5, p99 …) but not p95; a closed loop of
 * 20 users is a few lines; and keeping every sample lets the report give p95 by kind of URL, which points at a
 * slow query. No dependency is added.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    users: { type: 'string', default: '20' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    think: { type: 'string', default: '0' },
    runs: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    explain: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    identifications: { type: 'string', default: '2' },
    processes: { type: 'string', default: '1' },
    'no-vacuum': { type: 'boolean', default: false },
    driver: { type: 'boolean', default: false },
  },
});

// ---------------------------------------------------------------------------------------------------------
// HTTP, shared by the main process (sign-in, discovery) and the driver.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (options.body) outgoing.end(options.body);
    else outgoing.end();
  });
}

const cookiesOf = (reply: Reply): Map<string, string> => {
  const found = new Map<string, string>();
  const header = reply.headers['set-cookie'];
  for (const line of Array.isArray(header) ? header : header ? [header] : []) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    found.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
  return found;
};

/** Which kind of families-list request a URL is, for the breakdown. */
interface Target {
  kind: string;
  path: string;
}

interface DriverConfig {
  baseUrl: string;
  cookies: string[];
  targets: { kind: string; paths: string[]; weight: number }[];
  durationMs: number;
  warmupMs: number;
  /** Mean pause after each page (uniform from 0 to twice this); 0 for none. */
  thinkMs: number;
  seed: number;
  /** The Kindred process and the database, whose backends' titles name it: for CPU accounting. */
  kindredPid: number;
  database: string;
}

interface DriverResult {
  seconds: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  latencies: number[];
  byKind: Record<string, number[]>;
  loadBefore: number;
  loadAfter: number;
  /** CPU seconds during the counted time: Kindred, its PostgreSQL backends, this driver, the whole machine. */
  cpu: { kindred: number; postgres: number; driver: number; machine: number; cores: number };
}

/** A small seeded PRNG (mulberry32), so each user's sequence of URLs is the same from run to run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPU seconds (user + system) of a process, from /proc (Linux); 0 once it has gone. */
function processCpu(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The processes a process started (its web processes, with --processes), from /proc. */
function childrenOf(parent: number): string[] {
  const children: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === parent)
        children.push(pid);
    } catch {}
  }
  return children;
}

interface CpuSample {
  kindred: number;
  backends: Map<string, number>;
  driver: number;
  machine: number;
}

function sampleCpu(config: DriverConfig): CpuSample {
  const backends = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(` ${config.database} `))
        backends.set(pid, processCpu(pid));
    } catch {}
  }
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number) as number[];
  const usage = process.cpuUsage();
  return {
    kindred:
      processCpu(config.kindredPid) +
      childrenOf(config.kindredPid).reduce((sum, pid) => sum + processCpu(pid), 0),
    backends,
    driver: (usage.user + usage.system) / 1e6,
    machine: (user! + nice! + system! + irq! + softirq! + steal!) / 100,
  };
}

function cpuBetween(before: CpuSample, after: CpuSample): DriverResult['cpu'] {
  let postgres = 0;
  for (const [pid, seconds] of after.backends) postgres += seconds - (before.backends.get(pid) ?? 0);
  return {
    kindred: after.kindred - before.kindred,
    postgres,
    driver: after.driver - before.driver,
    machine: after.machine - before.machine,
    cores: availableParallelism(),
  };
}

async function drive(config: DriverConfig): Promise<DriverResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: config.cookies.length });
  const totalWeight = config.targets.reduce((sum, target) => sum + target.weight, 0);
  const pick = (random: () => number): Target => {
    let at = random() * totalWeight;
    for (const target of config.targets) {
      at -= target.weight;
      if (at < 0)
        return { kind: target.kind, path: target.paths[Math.floor(random() * target.paths.length)]! };
    }
    const last = config.targets.at(-1)!;
    return { kind: last.kind, path: last.paths[0]! };
  };
  const started = performance.now();
  const countFrom = started + config.warmupMs;
  const end = countFrom + config.durationMs;
  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  let errors = 0;
  const errorSamples: string[] = [];
  let loadBefore = 0;
  let cpuBefore: CpuSample | undefined;
  const loadTimer = setTimeout(() => {
    loadBefore = loadavg()[0]!;
    cpuBefore = sampleCpu(config);
  }, config.warmupMs);
  const user = async (index: number): Promise<void> => {
    const random = prng(config.seed * 1000 + index);
    const cookie = config.cookies[index]!;
    while (performance.now() < end) {
      const target = pick(random);
      const sentAt = performance.now();
      let failure: string | undefined;
      try {
        const reply = await send(`${config.baseUrl}${target.path}`, { headers: { cookie }, agent });
        if (reply.status !== 200) failure = `${reply.status} ${target.path}`;
        else if (!reply.body.includes('</html>')) failure = `truncated page ${target.path}`;
      } catch (error) {
        failure = `${(error as Error).message} ${target.path}`;
      }
      const answeredAt = performance.now();
      if (sentAt < countFrom || answeredAt > end) continue;
      if (failure) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(failure);
        continue;
      }
      const latency = answeredAt - sentAt;
      latencies.push(latency);
      byKind[target.kind] ??= [];
      byKind[target.kind]!.push(latency);
      if (config.thinkMs > 0)
        await new Promise((resolve) => setTimeout(resolve, random() * 2 * config.thinkMs));
    }
  };
  const watchEnd = new Promise<CpuSample>((resolve) =>
    setTimeout(() => resolve(sampleCpu(config)), Math.max(0, end - performance.now())),
  );
  await Promise.all(config.cookies.map((_, index) => user(index)));
  const cpuAfter = await watchEnd;
  clearTimeout(loadTimer);
  agent.destroy();
  return {
    seconds: config.durationMs / 1000,
    requests: latencies.length + errors,
    errors,
    errorSamples,
    latencies,
    byKind,
    loadBefore,
    loadAfter: loadavg()[0]!,
    cpu: cpuBetween(cpuBefore ?? cpuAfter, cpuAfter),
  };
}

if (values.driver) {
  const config = JSON.parse(readFileSync(0, 'utf8')) as DriverConfig;
  const result = await drive(config);
  process.stdout.write(JSON.stringify(result), () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------------------
// The main process: database, server, sign-in, runs, report.

const people = Number(values.people);
const users = Number(values.users);
const durationMs = Number(values.duration) * 1000;
const warmupMs = Number(values.warmup) * 1000;
const runs = Number(values.runs);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const nodeBinary = process.execPath;
const root = new URL('..', import.meta.url).pathname;

const databaseUrl = (name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
const admin = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};
const secondsSince = (since: number): string => ((performance.now() - since) / 1000).toFixed(1);
const percentile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (value: number): string => value.toFixed(1);

interface Started {
  child: ChildProcess;
  baseUrl: string;
  password?: string;
}

/** Starts `kindred serve` and waits for "Kindred is running at …"; picks up the demo's password on the way. */
function startKindred(database: string, dataDirectory: string, demo: boolean): Promise<Started> {
  const args = [join(root, 'src/cli/main.ts'), 'serve', '--port', '0', '--data-dir', dataDirectory];
  if (values['cpu-prof']) args.unshift('--cpu-prof', '--cpu-prof-dir', values['cpu-prof']);
  if (demo) args.push('--demo', '--demo-people', String(people));
  args.push('--processes', values.processes);
  const child = spawn(nodeBinary, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(database), KINDRED_LOG: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let password: string | undefined;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split(/\r|\n/)) {
        const trimmed = line.trim();
        if (trimmed && !trimmed.startsWith('password:')) process.stderr.write(`  [kindred] ${trimmed}\n`);
      }
      password ??= /password: (\S+)/.exec(output)?.[1];
      const running = /Kindred is running at (http:\/\/\S+?) \(/.exec(output);
      if (running) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, baseUrl: running[1]!, password });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`  [kindred] ${chunk}`));
    child.on('exit', (code) => reject(new Error(`kindred serve exited with ${code} before it was ready`)));
  });
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  for (;;) {
    const form = await send(`${baseUrl}/sign-in`);
    const csrf = cookiesOf(form).get('kindred_csrf');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (!csrf || !token) throw new Error('The sign-in form has no CSRF token.');
    const reply = await send(`${baseUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kindred_csrf=${csrf}` },
      body: new URLSearchParams({ email, password, _csrf: token, next: '/families' }).toString(),
    });
    if (reply.status === 429) {
      process.stderr.write('  sign-in is rate limited (20 a minute); waiting a minute\n');
      await new Promise((resolve) => setTimeout(resolve, 61_000));
      continue;
    }
    const session = [...cookiesOf(reply)].find(([name]) => name !== 'kindred_csrf');
    if (reply.status !== 303 || !session) throw new Error(`Signing in failed with status ${reply.status}.`);
    return `${session[0]}=${session[1]}`;
  }
}

/** Runs identification once more through the web form, as the coordinator, and waits for it to finish. */
async function identifyAgain(baseUrl: string, cookie: string, database: string, days: number): Promise<void> {
  const list = await send(`${baseUrl}/families`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(list.body)?.[1];
  const asOf = await admin(databaseUrl(database), async (client) => {
    const result = await client.query<{ as_of: string }>(
      `select (as_of + $1::int)::text as as_of from identification_run where state = 'finished'
       order by finished_at desc limit 1`,
      [days],
    );
    return result.rows[0]!.as_of;
  });
  if (!token) throw new Error('The families page has no CSRF token.');
  const reply = await send(`${baseUrl}/families/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ framework: 'tf-2015', asOf, _csrf: token }).toString(),
  });
  const runId = /\/families\/runs\/([0-9a-f-]{36})/.exec(String(reply.headers.location ?? ''))?.[1];
  if (reply.status !== 303 || !runId)
    throw new Error(`Starting identification failed with status ${reply.status}.`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const state = await admin(databaseUrl(database), async (client) => {
      const result = await client.query<{ state: string; reason: string | null }>(
        'select state, reason from identification_run where id = $1',
        [runId],
      );
      return result.rows[0]!;
    });
    if (state.state === 'finished') return;
    if (state.state === 'failed') throw new Error(`Identification failed: ${state.reason}`);
  }
}

/** The mix of URLs: what a coordinator does on the families list. */
function targetsFor(pages: number, eligiblePages: number, districts: string[]): DriverConfig['targets'] {
  const random = prng(7);
  const somePages = (count: number, last: number) =>
    Array.from({ length: count }, () => 2 + Math.floor(random() * Math.max(1, last - 1)));
  return [
    { kind: 'default', weight: 4, paths: ['/families'] },
    {
      kind: 'problem',
      weight: 3,
      paths: [
        '/families?problem=crime',
        '/families?problem=education',
        '/families?problem=children',
        '/families?problem=work',
        '/families?problem=dv',
        '/families?problem=health',
        '/families?problem=dv&problem=children',
        '/families?problem=work&problem=health',
        '/families?problem=crime&problem=education&eligibility=eligible',
      ],
    },
    {
      kind: 'eligibility',
      weight: 3,
      paths: ['/families?eligibility=eligible', '/families?eligibility=not_eligible'],
    },
    {
      kind: 'sort',
      weight: 2,
      paths: [
        '/families?sort=youngest',
        '/families?sort=recent',
        '/families?eligibility=eligible&sort=youngest',
        '/families?eligibility=eligible&sort=recent',
        '/families?problem=children&sort=youngest',
      ],
    },
    {
      kind: 'later page',
      weight: 3,
      paths: [
        '/families?page=2',
        '/families?page=10',
        ...somePages(6, pages).map((page) => `/families?page=${page}`),
        `/families?page=${pages}`,
        ...somePages(3, eligiblePages).map((page) => `/families?eligibility=eligible&page=${page}`),
        `/families?eligibility=eligible&sort=recent&page=${eligiblePages}`,
      ],
    },
    {
      kind: 'other filters',
      weight: 1,
      paths: [
        '/families?minimumProblems=3',
        '/families?minimumProblems=2&eligibility=eligible',
        ...districts.slice(0, 3).map((district) => `/families?district=${encodeURIComponent(district)}`),
      ],
    },
  ];
}

/** The coordinator as an actor, and the newest finished run, for queries made here as they are in Kindred. */
async function coordinatorOf(database: string) {
  return admin(databaseUrl(database), async (client) => {
    const user = await client.query<{ id: string; organisation_id: string }>(
      `select id, organisation_id from app_user where email = 'coordinator@northshire.example'`,
    );
    const run = await client.query<{ id: string }>(
      `select id from identification_run where state = 'finished' order by finished_at desc limit 1`,
    );
    return {
      actor: {
        userId: user.rows[0]!.id,
        organisationId: user.rows[0]!.organisation_id,
        purpose: 'programme-identification',
        correlationId: 'bench',
      },
      run: run.rows[0]!,
    };
  });
}

/** listFamilies against a plain count and order by … limit … offset, page by page, under the coordinator's RLS. */
async function checkPages(database: string): Promise<void> {
  const { listFamilies } = await import('../src/casework/family-queries.ts');
  const { openPostgres } = await import('../src/db/index.ts');
  // No list of known problems: parseFamilyQuery then takes any code-shaped value, as for a local framework.
  const { parseFamilyQuery } = await import('../src/web/routes/families-presenter.ts');
  const { actor, run } = await coordinatorOf(database);
  const db = await openPostgres({ adminUrl: databaseUrl(database), poolSize: 1 });
  const plainOrder: Record<string, string> = {
    priority:
      'f.problem_count desc, f.youngest_child_age asc nulls last, f.latest_evidence desc nulls last, f.family_id',
    youngest: 'f.youngest_child_age asc nulls last, f.problem_count desc, f.family_id',
    recent: 'f.latest_evidence desc nulls last, f.problem_count desc, f.family_id',
  };
  const filters = [
    '',
    'eligibility=eligible',
    'eligibility=not_eligible',
    'problem=dv',
    'problem=work&problem=health',
    'problem=crime&problem=crime',
    'minimumProblems=2',
    'childAgeFrom=0&childAgeTo=4',
    'changed=yes',
    'status=identified&eligibility=eligible',
  ];
  const [district] = await admin(databaseUrl(database), async (client) => {
    const result = await client.query<{ district: string }>(
      `select postcode_district as district from identified_family where run_id = $1 and postcode_district is not null
       group by 1 order by count(*) desc limit 1`,
      [run.id],
    );
    return result.rows.map((row) => row.district);
  });
  if (district) filters.push(`district=${encodeURIComponent(district)}`);
  let checked = 0;
  try {
    await db.asActor(actor, async (sql) => {
      for (const filter of filters) {
        for (const sort of ['priority', 'youngest', 'recent']) {
          const parsed = parseFamilyQuery(
            Object.fromEntries(new URLSearchParams(`${filter}&sort=${sort}`)),
            [],
          );
          const f = parsed.filters;
          const conditions = ['f.run_id = $1'];
          const params: unknown[] = [run.id];
          if (f.eligibility) conditions.push(`f.eligible = ${f.eligibility === 'eligible'}`);
          if (f.minimumProblems !== undefined) {
            params.push(f.minimumProblems);
            conditions.push(`f.problem_count >= $${params.length}`);
          }
          if (f.problems?.length) {
            params.push(f.problems);
            conditions.push(`f.problems @> $${params.length}::text[]`);
          }
          if (f.childAgeFrom !== undefined) {
            params.push(f.childAgeFrom, f.childAgeTo);
            conditions.push(
              `exists (select 1 from unnest(f.children_ages) age where age between $${params.length - 1} and $${params.length})`,
            );
          }
          if (f.postcodeDistrict) {
            params.push(f.postcodeDistrict);
            conditions.push(`f.postcode_district = $${params.length}`);
          }
          if (f.changedOnly) conditions.push(`f.change <> 'unchanged'`);
          if (f.status) {
            params.push(f.status);
            conditions.push(`coalesce(c.status, 'identified') = $${params.length}`);
          }
          const where = conditions.join(' and ');
          const from = `from identified_family f
            left join family_casework c on c.council_id = f.council_id and c.family_id = f.family_id`;
          const [count] = await sql.query<{ total: number }>(
            `select count(*)::int as total ${from} where ${where}`,
            params,
          );
          const total = count!.total;
          const last = Math.max(0, Math.ceil(total / 50) - 1);
          for (const index of new Set([0, 1, Math.floor(last / 2), last - 1, last].filter((at) => at >= 0))) {
            const plain = await sql.query<{ family_id: string }>(
              `select f.family_id ${from} where ${where}
               order by ${plainOrder[sort]} limit 50 offset ${index * 50}`,
              params,
            );
            const listed = await listFamilies(sql, run.id, f, { limit: 50, offset: index * 50 });
            const got = listed.families.map((family) => family.familyId).join(',');
            const want = plain.map((row) => row.family_id).join(',');
            if (listed.total !== total || got !== want)
              throw new Error(
                `listFamilies differs for "${filter}" sorted by ${sort}, page ${index + 1}: total ${listed.total} ` +
                  `(plain ${total}), ${listed.families.length} families (plain ${plain.length})`,
              );
            checked++;
          }
        }
      }
    });
  } finally {
    await db.close();
  }
  console.log(`Checked ${checked} pages of ${filters.length * 3} filters and sorts: listFamilies agrees.`);
}

/** EXPLAIN ANALYZE of the families list's two queries for one filter, as the coordinator, under RLS. */
async function explainList(database: string, query: string): Promise<void> {
  const { listFamilies } = await import('../src/casework/family-queries.ts');
  const { openPostgres } = await import('../src/db/index.ts');
  // No list of known problems: parseFamilyQuery then takes any code-shaped value, as for a local framework.
  const { parseFamilyQuery } = await import('../src/web/routes/families-presenter.ts');
  const { actor, run } = await coordinatorOf(database);
  const db = await openPostgres({ adminUrl: databaseUrl(database), poolSize: 1 });
  try {
    await db.asActor(actor, async (sql) => {
      const parsed = parseFamilyQuery(Object.fromEntries(new URLSearchParams(query)), []);
      const page = parsed.page;
      const explaining: Parameters<typeof listFamilies>[0] = {
        async query<Row>(text: string, params?: readonly unknown[]) {
          const plan = await sql.query<{ 'QUERY PLAN': string }>(
            `explain (analyze, buffers, costs off) ${text}`,
            params,
          );
          console.log(`\n  ${query || '(default)'}: ${text.replace(/\s+/g, ' ').slice(0, 120)}…`);
          for (const line of plan) console.log(`    ${line['QUERY PLAN']}`);
          return sql.query<Row>(text, params);
        },
        atCommit: (text, params) => sql.atCommit(text, params),
      };
      await listFamilies(explaining, run!.id, parsed.filters, { limit: 50, offset: (page - 1) * 50 });
    });
  } finally {
    await db.close();
  }
}

function runDriver(config: DriverConfig): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary, [new URL(import.meta.url).pathname, '--driver'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the load driver exited with ${code}`));
      else resolve(JSON.parse(output) as DriverResult);
    });
    child.stdin.end(JSON.stringify(config));
  });
}

const database = values.reuse ?? `kindred_bench_families_${randomBytes(4).toString('hex')}`;
// The Kindred process's data directory: its audit anchors and, for a new database, the demo's extracts.
const dataDirectory = mkdtempSync(join(tmpdir(), 'kindred-bench-families-'));
let password: string | undefined;
let server: Started | undefined;
const setupStarted = performance.now();
try {
  if (values.reuse) {
    const { hashPassword } = await import('../src/access/index.ts');
    password = randomBytes(18).toString('base64url');
    const hash = await hashPassword(password);
    await admin(databaseUrl(database), (client) =>
      client.query(`update app_user set password_hash = $1 where email = 'coordinator@northshire.example'`, [
        hash,
      ]),
    );
    console.log(`Reusing database ${database}.`);
  } else {
    await admin(serverUrl, (client) => client.query(`create database ${database}`));
    console.log(
      `Created database ${database}; loading a demo county of ${people.toLocaleString('en-GB')} people.`,
    );
  }
  server = await startKindred(database, dataDirectory, !values.reuse);
  password ??= server.password;
  if (!password) throw new Error('Kindred did not print the demo password.');
  console.log(`Kindred is up at ${server.baseUrl} after ${secondsSince(setupStarted)} s.`);

  const cookies: string[] = [];
  for (let user = 0; user < users; user++)
    cookies.push(await signIn(server.baseUrl, 'coordinator@northshire.example', password));
  if (!values.reuse) {
    for (let run = 2; run <= Number(values.identifications); run++) {
      const started = performance.now();
      await identifyAgain(server.baseUrl, cookies[0]!, database, 30 * (run - 1));
      console.log(
        `Identification ${run} (assessment date ${30 * (run - 1)} days on) took ${secondsSince(started)} s.`,
      );
    }
  }
  if (!values['no-vacuum']) {
    const started = performance.now();
    await admin(databaseUrl(database), (client) => client.query('vacuum analyze'));
    console.log(`VACUUM ANALYZE took ${secondsSince(started)} s.`);
  }
  console.log(`Set up in ${secondsSince(setupStarted)} s.`);

  const figures = await admin(databaseUrl(database), async (client) => {
    const run = await client.query<{
      people: number;
      families: number;
      eligible: number;
      records: number;
      runs: number;
      stored: number;
    }>(
      `select people, families, eligible_families as eligible, records,
         (select count(*)::int from identification_run where state = 'finished') as runs,
         (select count(*)::int from identified_family) as stored
       from identification_run where state = 'finished' order by finished_at desc limit 1`,
    );
    const districts = await client.query<{ district: string }>(
      `select postcode_district as district, count(*) from identified_family
       where run_id = (select id from identification_run where state = 'finished' order by finished_at desc limit 1)
         and postcode_district is not null group by 1 order by 2 desc limit 3`,
    );
    return { ...run.rows[0]!, districts: districts.rows.map((row) => row.district) };
  });
  console.log(
    `Identification: ${figures.records.toLocaleString('en-GB')} records, ${figures.people.toLocaleString('en-GB')} people, ` +
      `${figures.families.toLocaleString('en-GB')} families, ${figures.eligible.toLocaleString('en-GB')} eligible ` +
      `(the newest of ${figures.runs} runs; ${figures.stored.toLocaleString('en-GB')} family rows in all).`,
  );

  const pages = Math.max(1, Math.ceil(figures.families / 50));
  const eligiblePages = Math.max(1, Math.ceil(figures.eligible / 50));
  const targets = targetsFor(pages, eligiblePages, figures.districts);

  if (values.check) await checkPages(database);
  if (values.explain) {
    for (const query of [
      '',
      'problem=dv&problem=children',
      'eligibility=not_eligible',
      'sort=recent',
      `page=${pages}`,
      `eligibility=eligible&sort=recent&page=${eligiblePages}`,
      'minimumProblems=3',
    ])
      await explainList(database, query);
  }

  const results: DriverResult[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await runDriver({
      baseUrl: server.baseUrl,
      cookies,
      targets,
      durationMs,
      warmupMs,
      thinkMs: Number(values.think),
      seed: run,
      kindredPid: server.child.pid!,
      database,
    });
    results.push(result);
    const sorted = [...result.latencies].sort((a, b) => a - b);
    console.log(
      `\nRun ${run}: ${users} users, ${values.think === '0' ? 'no pause between pages' : `a pause of ${values.think} ms on average after each page`}, ` +
        `${result.seconds} s counted after ${warmupMs / 1000} s of warm-up. ` +
        `Load average ${result.loadBefore.toFixed(1)} → ${result.loadAfter.toFixed(1)}.`,
    );
    console.log(
      `  ${result.requests.toLocaleString('en-GB')} requests, ${(result.requests / result.seconds).toFixed(1)} requests/s; ` +
        `p50 ${ms(percentile(sorted, 0.5))} ms, p95 ${ms(percentile(sorted, 0.95))} ms, ` +
        `p99 ${ms(percentile(sorted, 0.99))} ms, max ${ms(sorted.at(-1) ?? Number.NaN)} ms; errors ${result.errors}`,
    );
    for (const sample of result.errorSamples) console.log(`    error: ${sample}`);
    const perRequest = (seconds: number) => ((seconds * 1000) / Math.max(1, result.requests)).toFixed(1);
    const { cpu } = result;
    console.log(
      `  CPU per request: Kindred ${perRequest(cpu.kindred)} ms, PostgreSQL ${perRequest(cpu.postgres)} ms, ` +
        `load driver ${perRequest(cpu.driver)} ms. Machine: ${((100 * cpu.machine) / (cpu.cores * result.seconds)).toFixed(0)} % ` +
        `of ${cpu.cores} cores busy, ${Math.max(0, (100 * (cpu.machine - cpu.kindred - cpu.postgres - cpu.driver)) / (cpu.cores * result.seconds)).toFixed(0)} % by other work.`,
    );
    for (const [kind, samples] of Object.entries(result.byKind)) {
      const each = [...samples].sort((a, b) => a - b);
      console.log(
        `    ${kind.padEnd(14)} ${String(each.length).padStart(6)} requests  p50 ${ms(percentile(each, 0.5)).padStart(6)}  ` +
          `p95 ${ms(percentile(each, 0.95)).padStart(6)}  p99 ${ms(percentile(each, 0.99)).padStart(6)} ms`,
      );
    }
  }
  console.log(
    `\n${JSON.stringify({
      countyPeople: values.reuse ? null : people,
      people: figures.people,
      families: figures.families,
      eligible: figures.eligible,
      users,
      thinkMs: Number(values.think),
      runs: results.map((result) => {
        const sorted = [...result.latencies].sort((a, b) => a - b);
        return {
          requestsPerSecond: Number((result.requests / result.seconds).toFixed(1)),
          p50: Number(ms(percentile(sorted, 0.5))),
          p95: Number(ms(percentile(sorted, 0.95))),
          p99: Number(ms(percentile(sorted, 0.99))),
          errors: result.errors,
          cpuMsPerRequest: {
            kindred: Number(((result.cpu.kindred * 1000) / Math.max(1, result.requests)).toFixed(1)),
            postgres: Number(((result.cpu.postgres * 1000) / Math.max(1, result.requests)).toFixed(1)),
          },
          otherWorkCores: Number(
            (
              (result.cpu.machine - result.cpu.kindred - result.cpu.postgres - result.cpu.driver) /
              result.seconds
            ).toFixed(2),
          ),
          load: [Number(result.loadBefore.toFixed(1)), Number(result.loadAfter.toFixed(1))],
        };
      }),
    })}`,
  );
} finally {
  if (server && server.child.exitCode === null) {
    const exited = new Promise((resolve) => server!.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDirectory, { recursive: true, force: true });
  if (!values.keep && !values.reuse) {
    await admin(serverUrl, (client) => client.query(`drop database if exists ${database}`)).catch((error) =>
      console.error(`Could not drop ${database}: ${(error as Error).message}`),
    );
  } else console.log(`Kept database ${database}: measure it again with --reuse ${database}.`);
}
