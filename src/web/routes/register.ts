import type { FastifyInstance } from 'fastify';
import { longDate, publicRegister, todayInEngland } from '../../agreements/index.ts';
import type { WebSettings } from '../server.ts';
import { registerEntryModel } from './agreements-presenter.ts';

/**
 * The public register of active sharing agreements: what is shared, by whom and why, with no one's name.
 * A council can publish it as it is; it needs no sign-in.
 */
export function registerPublicRegisterRoutes(app: FastifyInstance, settings: WebSettings): void {
  app.get('/register', async (_request, reply) => {
    const today = todayInEngland();
    const entries = await settings.db.asAnonymous((sql) => publicRegister(sql, today));
    return reply.view('register/register.njk', {
      title: 'Register of information sharing agreements',
      entries: entries.map(registerEntryModel),
      today: longDate(today),
    });
  });

  app.get('/register.json', async (_request, reply) => {
    const today = todayInEngland();
    const entries = await settings.db.asAnonymous((sql) => publicRegister(sql, today));
    return reply.type('application/json; charset=utf-8').send({ activeOn: today, agreements: entries });
  });
}
