/**
 * Families (pure part): households formed from linked records by the reference rule of
 * criteria.md (shared household references within a source, shared UPRNs, the same address).
 */
export { addressKey, normaliseAddressLine, normalisePostcode } from './address-key.ts';
export {
  formHouseholdColumns,
  formHouseholds,
  type HouseholdColumns,
  type HouseholdRecord,
  householdMembers,
} from './form-households.ts';
export { type IdentificationAgreement, identificationAgreement } from './identification-agreement.ts';
export {
  assessFamilies,
  type ExtractLine,
  type FamilyStage,
  type Identification,
  type IdentificationInput,
  type IdentificationRow,
  type IdentifiedFact,
  type IdentifiedRecord,
  type IdentifyOptions,
  identifyFamilies,
} from './identify-families.ts';
