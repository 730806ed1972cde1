import type { FastifyInstance } from 'fastify';
import { may } from '../../access/index.ts';
import { addDays, isCalendarDate, longDate, todayInEngland } from '../../agreements/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { boardReport, headlineProblemNames, headlineProblems, stageNames } from '../../roadmap/index.ts';
import { groupedBarChart } from '../charts/grouped-bar-chart.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { stageTag } from './roadmap.ts';

/** The board report: the distance travelled since a chosen date, and what each partner's data covers. */
export function registerRoadmapBoardRoutes(app: FastifyInstance, settings: WebSettings): void {
  app.get('/roadmap/board', async (request, reply) => {
    const user = request.user!;
    if (!may.readRoadmap(user)) return forbidden(reply, 'see the sharing roadmap');
    const today = todayInEngland();
    const asked = (request.query as Record<string, string | undefined>).since ?? '';
    const problem =
      asked && (!isCalendarDate(asked) || asked > today)
        ? 'Enter a real date, today or in the past'
        : undefined;
    const since = asked && !problem ? asked : addDays(today, -365);
    const report = await settings.db.asActor(actorOf(user, request.id, 'board-report'), async (sql) => {
      const found = await boardReport(sql, since, today);
      await recordAudit(sql, {
        action: 'VIEW_ROADMAP_BOARD_REPORT',
        subjectType: 'data_flow',
        details: { since },
      });
      return found;
    });
    const sinceText = longDate(since);
    const chart = groupedBarChart({
      id: 'flows-by-stage',
      title: `Data flows by stage on ${sinceText} and today`,
      description: report.stages
        .map((count) => `${count.name}: ${count.earlier} on ${sinceText}, ${count.now} today.`)
        .join(' '),
      series: [
        { name: `On ${sinceText}`, colour: '#505a5f' },
        { name: 'Today', colour: '#1d70b8' },
      ],
      categories: report.stages.map((count) => ({ label: count.name, values: [count.earlier, count.now] })),
    });
    return reply.view('roadmap/board.njk', {
      title: 'Board report: sharing roadmap',
      report,
      since,
      sinceText,
      todayText: longDate(today),
      chart,
      moved: report.moved.map((movement) => ({
        ...movement,
        thenText: movement.earlier ? stageNames[movement.earlier] : 'Not yet on the roadmap',
        nowTag: stageTag(movement.now),
      })),
      problemColumns: headlineProblems.map((code) => ({ code, name: headlineProblemNames[code] })),
      coverage: report.coverage.map((partner) => ({
        partner: partner.partner,
        cells: headlineProblems.map((code) => {
          const stage = partner.problems[code];
          return stage ? stageNames[stage] : '';
        }),
      })),
      flowingNow: report.problemsFlowingNow.map((code) => headlineProblemNames[code]),
      flowingThen: report.problemsFlowingThen.map((code) => headlineProblemNames[code]),
      errors: problem ? [{ text: problem, href: '#since' }] : undefined,
      problems: problem ? { since: problem } : {},
      asked,
    });
  });
}
