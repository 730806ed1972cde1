import type { StoredIssue, UploadView } from '../../ingest/index.ts';

/** An upload's state as a GOV.UK tag. */
export function stateTag(upload: Pick<UploadView, 'state'>): { text: string; classes: string } {
  switch (upload.state) {
    case 'loading':
      return { text: 'In progress', classes: 'govuk-tag--blue' };
    case 'visible':
      return { text: 'Current', classes: 'govuk-tag--green' };
    case 'superseded':
      return { text: 'Replaced', classes: 'govuk-tag--grey' };
    case 'refused':
      return { text: 'Refused', classes: 'govuk-tag--red' };
    default:
      return { text: 'Failed', classes: 'govuk-tag--orange' };
  }
}

export interface ProgressView {
  finished: boolean;
  state: UploadView['state'];
  phase: UploadView['phase'];
  /** 0–100 over both reading passes of the file: checking is the first 30 %, loading the rest. */
  percent: number;
  text: string;
}

/** Where an upload in progress has got to, in words and as one percentage for a progress bar. */
export function progressOf(upload: UploadView): ProgressView {
  const base = { finished: upload.state !== 'loading', state: upload.state, phase: upload.phase };
  if (upload.state !== 'loading') return { ...base, percent: 100, text: stateTag(upload).text };
  const share = upload.progressTotal ? Math.min(1, upload.progressDone / upload.progressTotal) : 0;
  switch (upload.phase) {
    case 'checking':
      return {
        ...base,
        percent: Math.round(share * 30),
        text: `Checking every row against the agreement: ${Math.round(share * 100)}% of the file checked`,
      };
    case 'loading':
      return {
        ...base,
        percent: 30 + Math.round(share * 69),
        text: `Checking every rule and loading the accepted rows: ${Math.round(share * 100)}% of the file done`,
      };
    case 'finishing':
      return { ...base, percent: 99, text: 'Making the upload current' };
    default:
      return { ...base, percent: 0, text: 'Waiting for the upload before it to finish' };
  }
}

/** Issues as GOV.UK table rows. */
export function issueRows(issues: readonly StoredIssue[]) {
  return issues.map((issue) => [
    { text: String(issue.line), format: 'numeric' },
    { text: issue.recordId ?? '' },
    { text: issue.column ?? 'whole row' },
    {
      html: `<strong class="govuk-tag ${issue.agreementBreach || issue.severity === 'error' ? 'govuk-tag--red' : 'govuk-tag--yellow'}">${issue.agreementBreach ? 'Not covered' : issue.severity === 'error' ? 'Rejected' : 'Warning'}</strong>`,
    },
    { text: issue.message },
  ]);
}

export const formatBytes = (bytes: number | null): string =>
  bytes === null
    ? ''
    : bytes < 1e6
      ? `${Math.max(1, Math.round(bytes / 1e3))} KB`
      : `${(bytes / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
