import {
  createOrganisation,
  createUser,
  generatePassword,
  isRole,
  listOrganisations,
  type OrganisationKind,
  organisationKinds,
  passwordProblem,
} from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { systemUserId } from '../../db/index.ts';
import { type Command, requiredOption, stringOption, UsageError } from '../command.ts';
import { openCommandDatabase } from '../open-database.ts';

const usage = `Usage: kindred user add --email EMAIL --name "FULL NAME" --organisation "NAME" --role ROLE [--role ROLE ...]
                        [--organisation-kind KIND] [--password-stdin] [--data-dir DIR]

Creates an account, for example the first administrator of a new installation. The organisation is
created when it does not exist yet (give --organisation-kind: ${organisationKinds.join(', ')}).
A password is generated and printed once, unless --password-stdin reads one from standard input.

Roles: coordinator, keyworker, partner_data_officer, ig_officer, analyst, board_viewer, administrator.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const userAddCommand: Command = {
  name: 'user add',
  usage,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    organisation: { type: 'string' },
    'organisation-kind': { type: 'string' },
    role: { type: 'string', multiple: true },
    'password-stdin': { type: 'boolean' },
    'data-dir': { type: 'string' },
  },
  async run(parsed) {
    const email = requiredOption(parsed, 'email', usage);
    const displayName = requiredOption(parsed, 'name', usage);
    const organisationName = requiredOption(parsed, 'organisation', usage);
    const roles = (parsed.values.role as string[] | undefined) ?? [];
    if (roles.length === 0) throw new UsageError(`Give at least one --role.\n\n${usage}`);
    const unknown = roles.filter((role) => !isRole(role));
    if (unknown.length > 0) throw new UsageError(`Unknown role: ${unknown.join(', ')}.\n\n${usage}`);
    const kind = stringOption(parsed, 'organisation-kind');
    if (kind !== undefined && !(organisationKinds as readonly string[]).includes(kind)) {
      throw new UsageError(`--organisation-kind must be one of ${organisationKinds.join(', ')}.`);
    }
    const password = parsed.values['password-stdin'] ? await readStdin() : generatePassword();
    const problem = passwordProblem(password);
    if (problem) throw new UsageError(`${problem}.`);

    const db = await openCommandDatabase(stringOption(parsed, 'data-dir'));
    try {
      const actor = {
        userId: systemUserId,
        organisationId: systemUserId,
        purpose: 'user-administration',
        correlationId: `cli-${process.pid}`,
      };
      await db.asActor(actor, async (sql) => {
        const existing = (await listOrganisations(sql)).find(
          (organisation) => organisation.name === organisationName,
        );
        let organisationId = existing?.id;
        if (!organisationId) {
          if (!kind) {
            throw new UsageError(
              `There is no organisation called "${organisationName}". Give --organisation-kind to create it.`,
            );
          }
          organisationId = await createOrganisation(sql, organisationName, kind as OrganisationKind);
        }
        const id = await createUser(sql, {
          organisationId,
          email,
          displayName,
          roles: roles.filter(isRole),
          password,
        }).catch((error: { code?: string }) => {
          if (error.code === '23505')
            throw new UsageError(`An account with the email ${email} already exists.`);
          throw error;
        });
        await recordAudit(sql, {
          action: 'CREATE_USER',
          subjectType: 'user',
          subjectIds: [id],
          details: { roles },
        });
      });
    } finally {
      await db.close();
    }
    console.log(`Created ${email} (${roles.join(', ')}) in ${organisationName}.`);
    if (!parsed.values['password-stdin']) console.log(`Password, shown only this once: ${password}`);
    return 0;
  },
};
