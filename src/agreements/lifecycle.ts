import { addDays } from './calendar.ts';

/**
 * An agreement's life, version by version: draft → in review → signed by every party → (active → expired)
 * or withdrawn; a signed version replaced by a newer signed one is superseded. Only these states are
 * stored: whether a signed version is active or expired is read from its dates on the day asked.
 */
export const versionStates = ['draft', 'in_review', 'signed', 'withdrawn', 'superseded'] as const;
export type VersionState = (typeof versionStates)[number];

export type AgreementStatus =
  | 'draft'
  | 'in_review'
  | 'awaiting_start'
  | 'active'
  | 'expired'
  | 'withdrawn'
  | 'superseded';

export const statusNames: Record<AgreementStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  awaiting_start: 'Signed, not yet started',
  active: 'Active',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  superseded: 'Superseded',
};

/** What the lifecycle needs to know of a version. */
export interface VersionLife {
  version: number;
  state: VersionState;
  startDate: string | null;
  reviewDate: string | null;
  endDate: string | null;
  /** Whether every party ever signed it (a withdrawn version may or may not have been). */
  signed: boolean;
}

export function versionStatus(version: VersionLife, day: string): AgreementStatus {
  if (version.state !== 'signed') return version.state;
  if (version.startDate && day < version.startDate) return 'awaiting_start';
  if (version.endDate && day > version.endDate) return 'expired';
  return 'active';
}

/** The version open for change, if any: a draft or one in review. */
export function openVersion<T extends VersionLife>(versions: readonly T[]): T | undefined {
  return versions.find((version) => version.state === 'draft' || version.state === 'in_review');
}

/**
 * The version that says where the agreement stands: the one signed and not replaced; else the latest
 * that was signed and then withdrawn; else the latest of all (a first version still being written).
 */
export function governingVersion<T extends VersionLife>(versions: readonly T[]): T | undefined {
  const byNumber = [...versions].sort((a, b) => b.version - a.version);
  return (
    byNumber.find((version) => version.state === 'signed') ??
    byNumber.find((version) => version.state === 'withdrawn' && version.signed) ??
    byNumber[0]
  );
}

export function agreementStatus(versions: readonly VersionLife[], day: string): AgreementStatus | undefined {
  const governing = governingVersion(versions);
  return governing ? versionStatus(governing, day) : undefined;
}

export type ReviewAttention = 'due' | 'overdue';

/** Reviews due within this many days are shown to the coordinator and the IG officers. */
export const reviewNoticeDays = 30;

/** Whether a version in force needs reviewing: overdue after its review date, due within 30 days of it. */
export function reviewAttention(version: VersionLife, day: string): ReviewAttention | undefined {
  const status = versionStatus(version, day);
  if ((status !== 'active' && status !== 'awaiting_start') || !version.reviewDate) return undefined;
  if (day > version.reviewDate) return 'overdue';
  if (version.reviewDate <= addDays(day, reviewNoticeDays)) return 'due';
  return undefined;
}

/** What changing an agreement's terms does, given its versions. */
export type RevisionPlan =
  | { kind: 'edit-draft'; version: number }
  | { kind: 'reopen-review'; version: number }
  | { kind: 'new-version'; version: number }
  | { kind: 'refused'; reason: string };

export function planRevision(versions: readonly VersionLife[]): RevisionPlan {
  const open = openVersion(versions);
  if (open?.state === 'draft') return { kind: 'edit-draft', version: open.version };
  // Signatures already given were for the terms as they stood; changing them sends the version back to draft.
  if (open?.state === 'in_review') return { kind: 'reopen-review', version: open.version };
  const governing = governingVersion(versions);
  if (!governing) return { kind: 'refused', reason: 'The agreement has no versions.' };
  if (governing.state === 'signed') {
    const latest = Math.max(...versions.map((version) => version.version));
    return { kind: 'new-version', version: latest + 1 };
  }
  return {
    kind: 'refused',
    reason: `The agreement was withdrawn (version ${governing.version}), so it cannot change. Draft a new agreement instead.`,
  };
}

/** The parties that still have to sign a version. */
export function outstandingSignatures(
  parties: readonly { organisationId: string }[],
  signatures: readonly { organisationId: string }[],
): string[] {
  const signed = new Set(signatures.map((signature) => signature.organisationId));
  return parties.map((party) => party.organisationId).filter((id) => !signed.has(id));
}
