import type { Actor, Database } from '../db/index.ts';
import type { IdentificationInput, IdentificationRow } from '../families/index.ts';

/** An extract row as identification reads it, with where it came from. */
export interface CurrentExtractRow extends IdentificationRow {
  upload: CurrentUpload;
  upload_id: string;
  organisation_id: string;
  source: string;
  line: number;
  nhs_number: string | null;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: 'F' | 'M' | 'X' | 'U' | null;
  address_line_1: string | null;
  address_line_2: string | null;
  town: string | null;
  postcode: string | null;
  uprn: string | null;
  household_ref: string | null;
  lead_worker: string | null;
  lead_worker_contact: string | null;
}

export interface CurrentUpload {
  id: string;
  source: string;
  organisationId: string;
  agreementId: string | null;
  agreementReference: string | null;
  agreementVersion: number | null;
}

/** The current extract of every data flow the actor may read: visible uploads, oldest first (upload order). */
export async function currentUploads(db: Database, actor: Actor): Promise<CurrentUpload[]> {
  return db.asActor(actor, (sql) =>
    sql.query<CurrentUpload>(
      `select u.id, f.source, u.organisation_id as "organisationId", v.agreement_id as "agreementId",
              u.agreement_reference as "agreementReference", u.agreement_version as "agreementVersion"
       from upload u join data_flow f on f.id = u.data_flow_id
       left join agreement_version v on v.id = u.agreement_version_id
       where u.state = 'visible'
       order by coalesce(u.finished_at, u.started_at), u.id`,
    ),
  );
}

const rowColumns = `line, record_id, nhs_number, given_name, family_name, date_of_birth, sex, address_line_1,
  address_line_2, town, postcode, uprn, household_ref, lead_worker, lead_worker_contact, fact, fact_start, fact_end,
  fact_value`;

/**
 * Reads the rows of the current uploads under row-level security, one upload per transaction so the embedded
 * database is never held for long. Each source becomes one input (its uploads in order); each row's `line` for
 * the engine is its index in `rows`, so evidence leads back to the upload and line it came from.
 */
export async function readCurrentExtracts(
  db: Database,
  actor: Actor,
  uploads: readonly CurrentUpload[],
  onUpload?: (done: number) => void,
): Promise<{ rows: CurrentExtractRow[]; inputs: IdentificationInput[] }> {
  const rows: CurrentExtractRow[] = [];
  const bySource = new Map<string, IdentificationRow[]>();
  for (const [index, upload] of uploads.entries()) {
    const found = await db.asActor(actor, (sql) =>
      sql.query<Omit<CurrentExtractRow, 'upload' | 'upload_id' | 'organisation_id' | 'source'>>(
        `select ${rowColumns} from extract_row where upload_id = $1 order by line`,
        [upload.id],
      ),
    );
    let input = bySource.get(upload.source);
    if (!input) {
      input = [];
      bySource.set(upload.source, input);
    }
    for (const row of found) {
      const ordinal = rows.length;
      rows.push({
        ...row,
        upload,
        upload_id: upload.id,
        organisation_id: upload.organisationId,
        source: upload.source,
      });
      input.push({ ...row, line: ordinal } as IdentificationRow);
    }
    onUpload?.(index + 1);
  }
  const inputs = [...bySource].map(([source, sourceRows]) => ({ source, rows: sourceRows }));
  return { rows, inputs };
}
