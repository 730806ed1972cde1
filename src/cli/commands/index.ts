import type { CommandEntry } from '../command.ts';

/** Every command `kindred` offers, in the order `kindred --help` lists them; each loads only when run. */
export const commands: CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Start the Kindred web service',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'import',
    summary: 'Upload a partner extract into its data flow, checked against the sharing agreement',
    load: async () => (await import('./import.ts')).importCommand,
  },
  {
    name: 'user add',
    summary: 'Create an account (the first administrator of a new installation, say)',
    load: async () => (await import('./user-add.ts')).userAddCommand,
  },
  {
    name: 'audit verify',
    summary: 'Check the audit log: every hash in the chain, and the anchors kept outside the database',
    load: async () => (await import('./audit-verify.ts')).auditVerifyCommand,
  },
  {
    name: 'link',
    summary: 'Link and deduplicate extract files into people (no server needed)',
    load: async () => (await import('./link.ts')).linkCommand,
  },
  {
    name: 'model train',
    summary: 'Train a linkage model on extract files, unsupervised, and write it as JSON',
    load: async () => (await import('./model.ts')).modelTrainCommand,
  },
  {
    name: 'model show',
    summary: 'Print a linkage model: λ, blocking rules, and each comparison level with m, u and weight',
    load: async () => (await import('./model.ts')).modelShowCommand,
  },
  {
    name: 'model import',
    summary:
      "Keep a trained linkage model as the council's next version; identification links with the newest",
    load: async () => (await import('./model.ts')).modelImportCommand,
  },
  {
    name: 'model export',
    summary: "Write a version of the council's linkage model as its JSON file",
    load: async () => (await import('./model.ts')).modelExportCommand,
  },
  {
    name: 'identify',
    summary: 'Find the families: link extract files, form households, assess a framework (no server needed)',
    load: async () => (await import('./identify.ts')).identifyCommand,
  },
  {
    name: 'synth',
    summary: 'Write a synthetic county as partner extracts, with the truth of every record',
    load: async () => (await import('./synth.ts')).synthCommand,
  },
];
