/** The partner extracts a county is written as, in the order their files are listed. */
export const sourceNames = [
  'police',
  'schools',
  'dwp',
  'childrens_services',
  'health',
  'housing',
  'domestic_abuse',
  'council_tax',
] as const;

export type SourceName = (typeof sourceNames)[number];
