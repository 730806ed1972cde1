/**
 * Agreements: partner organisations with their assurance and IG contacts; information sharing agreements
 * with their versions, parties and signatures; the DfE machine-readable form; the public register; and the
 * terms an upload to a data flow must keep to (`agreementTermsForUpload`, used by ingestion).
 */
export * from './agreement-changes.ts';
export * from './agreement-exchange.ts';
export * from './agreement-records.ts';
export * from './agreement-refused.ts';
export * from './agreement-terms.ts';
export * from './calendar.ts';
export * from './dfe-agreement.ts';
export * from './legal-bases.ts';
export * from './lifecycle.ts';
export * from './partners.ts';
export * from './public-register.ts';
export * from './transfer.ts';
export * from './upload-terms.ts';
