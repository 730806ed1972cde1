import {
  type HeadlineProblem,
  headlineProblems,
  isFlowing,
  type Stage,
  stageIndex,
  stageNames,
  stages,
} from './stages.ts';

export interface StageChange {
  fromStage: Stage | null;
  toStage: Stage;
  changedOn: string;
}

/** A data flow with the history of its stages, oldest first. */
export interface FlowHistory {
  id: string;
  title: string;
  partner: string;
  problems: HeadlineProblem[];
  history: StageChange[];
}

/** The stage a flow had reached by the end of `day`, or undefined if it was not yet on the roadmap. */
export function stageAt(history: readonly StageChange[], day: string): Stage | undefined {
  let reached: Stage | undefined;
  for (const change of history) {
    if (change.changedOn <= day) reached = change.toStage;
  }
  return reached;
}

export interface StageCount {
  stage: Stage;
  name: string;
  earlier: number;
  now: number;
}

export interface FlowMovement {
  id: string;
  title: string;
  partner: string;
  earlier: Stage | undefined;
  now: Stage;
}

export type Coverage = Partial<Record<HeadlineProblem, Stage>>;

export interface PartnerCoverage {
  partner: string;
  /** For each problem, the furthest stage of any of the partner's flows that evidences it. */
  problems: Coverage;
}

export interface DistanceTravelled {
  since: string;
  today: string;
  stages: StageCount[];
  flowsThen: number;
  flowsNow: number;
  /** Flows that reached a later stage since the earlier date, new flows included. */
  moved: FlowMovement[];
  coverage: PartnerCoverage[];
  /** Problems evidenced by data actually flowing (live or automated), then and now. */
  problemsFlowingThen: HeadlineProblem[];
  problemsFlowingNow: HeadlineProblem[];
}

function furthest(a: Stage | undefined, b: Stage): Stage {
  return a === undefined || stageIndex(b) > stageIndex(a) ? b : a;
}

function problemsFlowing(flows: readonly FlowHistory[], day: string): HeadlineProblem[] {
  const covered = new Set<HeadlineProblem>();
  for (const flow of flows) {
    const stage = stageAt(flow.history, day);
    if (stage && isFlowing(stage)) for (const problem of flow.problems) covered.add(problem);
  }
  return headlineProblems.filter((problem) => covered.has(problem));
}

/** What the board sees: flows by stage on an earlier day and today, what moved, and what each partner covers. */
export function distanceTravelled(
  flows: readonly FlowHistory[],
  since: string,
  today: string,
): DistanceTravelled {
  const thenStages = flows.map((flow) => stageAt(flow.history, since));
  const nowStages = flows.map((flow) => stageAt(flow.history, today));
  const counts = stages.map((stage) => ({
    stage,
    name: stageNames[stage],
    earlier: thenStages.filter((found) => found === stage).length,
    now: nowStages.filter((found) => found === stage).length,
  }));
  const moved: FlowMovement[] = [];
  flows.forEach((flow, index) => {
    const earlier = thenStages[index];
    const now = nowStages[index];
    if (now && (earlier === undefined || stageIndex(now) > stageIndex(earlier))) {
      moved.push({ id: flow.id, title: flow.title, partner: flow.partner, earlier, now });
    }
  });
  const byPartner = new Map<string, Coverage>();
  flows.forEach((flow, index) => {
    const now = nowStages[index];
    if (!now) return;
    const coverage = byPartner.get(flow.partner) ?? {};
    for (const problem of flow.problems) coverage[problem] = furthest(coverage[problem], now);
    byPartner.set(flow.partner, coverage);
  });
  return {
    since,
    today,
    stages: counts,
    flowsThen: thenStages.filter(Boolean).length,
    flowsNow: nowStages.filter(Boolean).length,
    moved: moved.sort((a, b) => a.partner.localeCompare(b.partner) || a.title.localeCompare(b.title)),
    coverage: [...byPartner.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([partner, problems]) => ({ partner, problems })),
    problemsFlowingThen: problemsFlowing(flows, since),
    problemsFlowingNow: problemsFlowing(flows, today),
  };
}
