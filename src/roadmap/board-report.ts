import type { Sql } from '../db/index.ts';
import { loadFlowHistories } from './data-flows.ts';
import { type DistanceTravelled, distanceTravelled } from './distance-travelled.ts';

/** The board report's figures: flows by stage on `since` and on `today`, and what each partner covers. */
export async function boardReport(sql: Sql, since: string, today: string): Promise<DistanceTravelled> {
  return distanceTravelled(await loadFlowHistories(sql), since, today);
}
