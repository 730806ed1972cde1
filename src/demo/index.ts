/** The demo council: a synthetic county with its partners and an account for every role. */

export { hasDemoCouncil, loadDemoCouncil } from './load.ts';
export { demoAccounts, demoCouncilName, demoPartners } from './partnership.ts';
