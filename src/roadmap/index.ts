/**
 * The sharing roadmap: every data flow the partnership wants, its stage (identified → … → automated) with
 * the full history of changes, the tf-2015 headline problems its data evidences, its barriers and actions,
 * and the board's view of the distance travelled.
 */
export * from './barriers-and-actions.ts';
export * from './board-report.ts';
export * from './data-flows.ts';
export * from './distance-travelled.ts';
export * from './stages.ts';
