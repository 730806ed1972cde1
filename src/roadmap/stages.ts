/** The stages a data flow goes through, in order, and the headline problems its data can evidence. */

export const stages = [
  'identified',
  'gateway_agreed',
  'agreement_drafted',
  'signed',
  'test_extract',
  'live',
  'automated',
] as const;
export type Stage = (typeof stages)[number];

export const stageNames: Record<Stage, string> = {
  identified: 'Identified',
  gateway_agreed: 'Gateway agreed',
  agreement_drafted: 'Agreement drafted',
  signed: 'Signed',
  test_extract: 'Test extract',
  live: 'Live',
  automated: 'Automated',
};

export const isStage = (value: unknown): value is Stage => (stages as readonly unknown[]).includes(value);

export const stageIndex = (stage: Stage): number => stages.indexOf(stage);

/** Data arrives for real from these stages on: the problem it evidences is covered. */
export const isFlowing = (stage: Stage): boolean => stageIndex(stage) >= stageIndex('live');

/** The six headline problems of the tf-2015 framework (spec/criteria.md). */
export const headlineProblems = ['crime', 'education', 'children', 'work', 'dv', 'health'] as const;
export type HeadlineProblem = (typeof headlineProblems)[number];

export const headlineProblemNames: Record<HeadlineProblem, string> = {
  crime: 'Crime and anti-social behaviour',
  education: 'Education',
  children: 'Children who need help',
  work: 'Worklessness and financial exclusion',
  dv: 'Domestic abuse',
  health: 'Health',
};

export const isHeadlineProblem = (value: unknown): value is HeadlineProblem =>
  (headlineProblems as readonly unknown[]).includes(value);
