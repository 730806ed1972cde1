import type { FastifyInstance } from 'fastify';
import { may, roleNames } from '../../access/index.ts';
import { actorOf } from '../request-context.ts';
import type { WebSettings } from '../server.ts';

interface FlowSummary {
  source: string;
  title: string;
  organisation: string;
  uploads: number;
  rows: number;
  records: number;
  last_upload: Date | null;
}

/** Each person's home page: what their roles let them do, with the partnership's live figures. */
export function registerHomeRoutes(app: FastifyInstance, settings: WebSettings): void {
  app.get('/', async (request, reply) => {
    const user = request.user!;
    const figures = await settings.db.asActor(actorOf(user, request.id, 'home'), async (sql) => {
      // Row-level security decides which uploads count: a partner sees its own, the council all.
      const flows = await sql.query<FlowSummary>(
        `select f.source, f.title, o.name as organisation,
                count(u.id)::int as uploads, coalesce(sum(u.rows_accepted), 0)::int as rows,
                coalesce(sum(u.records), 0)::int as records, max(u.finished_at) as last_upload
         from data_flow f
         join organisation o on o.id = f.organisation_id
         left join upload u on u.data_flow_id = f.id and u.state = 'visible'
         group by f.source, f.title, o.name
         order by o.name, f.title`,
      );
      const [counts] = await sql.query<{ organisations: number; users: number }>(
        `select (select count(*) from organisation where kind <> 'platform')::int as organisations,
                (select count(*) from app_user u join organisation o on o.id = u.organisation_id
                 where u.active and o.kind <> 'platform')::int as users`,
      );
      return { flows, counts };
    });
    const ownFlows = figures.flows.filter((flow) => flow.organisation === user.organisationName);
    return reply.view('home/home.njk', {
      title: 'Home',
      roleNames: user.roles.map((role) => roleNames[role]),
      roles: user.roles,
      may: {
        manageUsers: may.manageUsers(user),
        readAuditLog: may.readAuditLog(user),
        readPartnershipData: may.readPartnershipData(user),
        readOwnOrganisationUploads: may.readOwnOrganisationUploads(user),
      },
      flows: figures.flows,
      ownFlows,
      counts: figures.counts,
    });
  });
}
