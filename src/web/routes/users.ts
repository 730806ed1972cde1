import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createUser,
  findUser,
  isRole,
  listOrganisations,
  listUsers,
  may,
  passwordProblem,
  type Role,
  roleNames,
  roles,
  setPassword,
  updateUser,
} from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';

interface UserForm {
  displayName: string;
  email: string;
  organisationId: string;
  roles: Role[];
  active: boolean;
  password: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function readUserForm(body: Record<string, unknown>): UserForm {
  const chosen = Array.isArray(body.roles) ? body.roles : body.roles === undefined ? [] : [body.roles];
  return {
    displayName: String(body.displayName ?? '').trim(),
    email: String(body.email ?? '').trim(),
    organisationId: String(body.organisationId ?? ''),
    roles: chosen.map(String).filter(isRole),
    active: body.active === 'yes',
    password: String(body.password ?? ''),
  };
}

function validateUserForm(form: UserForm, creating: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!form.displayName) problems.displayName = 'Enter the person’s full name';
  if (creating && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) {
    problems.email = 'Enter an email address in the correct format, like name@example.org';
  }
  if (!uuidPattern.test(form.organisationId)) problems.organisationId = 'Select the person’s organisation';
  if (form.roles.length === 0) problems.roles = 'Select at least one role';
  if (creating || form.password) {
    const problem = passwordProblem(form.password);
    if (problem) problems.password = problem;
  }
  return problems;
}

const errorList = (problems: Record<string, string>) =>
  Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` }));

/** Administrators manage accounts: create, change roles and organisation, deactivate, set a password. */
export function registerUserRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  const guard = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (may.manageUsers(request.user!)) return true;
    forbidden(reply, 'manage users');
    return false;
  };
  const roleItems = (selected: Role[]) =>
    roles.map((role) => ({ value: role, text: roleNames[role], checked: selected.includes(role) }));

  app.get('/admin/users', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const users = await db.asActor(actorOf(request.user!, request.id, 'user-administration'), async (sql) => {
      const found = await listUsers(sql);
      await recordAudit(sql, { action: 'VIEW_USERS', subjectType: 'user', details: { count: found.length } });
      return found;
    });
    const flash = (request.query as Record<string, string>).done;
    return reply.view('admin/users.njk', {
      title: 'Users',
      users,
      roleNames,
      flash:
        flash === 'created'
          ? 'The account has been created.'
          : flash === 'updated'
            ? 'The account has been updated.'
            : undefined,
    });
  });

  const renderForm = (reply: FastifyReply, request: FastifyRequest, context: Record<string, unknown>) =>
    db
      .asActor(actorOf(request.user!, request.id, 'user-administration'), (sql) => listOrganisations(sql))
      .then((organisations) =>
        reply.view('admin/user-form.njk', {
          organisations: organisations.map((organisation) => ({
            value: organisation.id,
            text: organisation.name,
          })),
          ...context,
        }),
      );

  app.get('/admin/users/new', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    return renderForm(reply, request, {
      title: 'Add a user',
      creating: true,
      form: { active: true, roles: [] },
      roleItems: roleItems([]),
      problems: {},
    });
  });

  app.post('/admin/users/new', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const form = readUserForm(request.body as Record<string, unknown>);
    const problems = validateUserForm(form, true);
    if (Object.keys(problems).length === 0) {
      try {
        await db.asActor(actorOf(request.user!, request.id, 'user-administration'), async (sql) => {
          const id = await createUser(sql, { ...form });
          await recordAudit(sql, {
            action: 'CREATE_USER',
            subjectType: 'user',
            subjectIds: [id],
            details: { roles: form.roles },
          });
        });
        return reply.redirect('/admin/users?done=created', 303);
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        problems.email = 'An account with this email address already exists';
      }
    }
    reply.code(400);
    return renderForm(reply, request, {
      title: 'Add a user',
      creating: true,
      form,
      roleItems: roleItems(form.roles),
      problems,
      errors: errorList(problems),
    });
  });

  app.get('/admin/users/:id', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const user = await db.asActor(actorOf(request.user!, request.id, 'user-administration'), async (sql) => {
      const found = await findUser(sql, id);
      if (found) await recordAudit(sql, { action: 'VIEW_USER', subjectType: 'user', subjectIds: [id] });
      return found;
    });
    if (!user) return reply.callNotFound();
    return renderForm(reply, request, {
      title: `Change ${user.displayName}`,
      creating: false,
      userId: id,
      form: { ...user, password: '' },
      roleItems: roleItems(user.roles),
      problems: {},
    });
  });

  app.post('/admin/users/:id', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const form = readUserForm(request.body as Record<string, unknown>);
    const problems = validateUserForm(form, false);
    if (id === request.user!.id && (!form.active || !form.roles.includes('administrator'))) {
      problems.roles = 'You cannot remove your own administrator role or deactivate your own account';
    }
    if (Object.keys(problems).length === 0) {
      await db.asActor(actorOf(request.user!, request.id, 'user-administration'), async (sql) => {
        await updateUser(sql, id, form);
        if (form.password) await setPassword(sql, id, form.password);
        await recordAudit(sql, {
          action: 'UPDATE_USER',
          subjectType: 'user',
          subjectIds: [id],
          details: { roles: form.roles, active: form.active, passwordChanged: Boolean(form.password) },
        });
      });
      return reply.redirect('/admin/users?done=updated', 303);
    }
    reply.code(400);
    return renderForm(reply, request, {
      title: 'Change a user',
      creating: false,
      userId: id,
      form,
      roleItems: roleItems(form.roles),
      problems,
      errors: errorList(problems),
    });
  });
}
