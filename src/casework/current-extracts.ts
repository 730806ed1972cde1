import { setImmediate } from 'node:timers/promises';
import type { Actor, Database } from '../db/index.ts';
import type { IdentificationRow } from '../families/index.ts';

/** An extract row as identification reads it: its upload and line name it wherever it goes. */
export interface CurrentExtractRow extends IdentificationRow {
  upload_id: string;
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

/** The extract row a fact came from, kept on the fact so its evidence names the row itself. */
export interface ExtractRowKey {
  upload_id: string;
  line: number;
}

export const extractRowKeyOf = (row: CurrentExtractRow): ExtractRowKey => ({
  upload_id: row.upload_id,
  line: row.line,
});

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

const rowColumns = `upload_id, line, record_id, nhs_number, given_name, family_name, date_of_birth, sex,
  address_line_1, address_line_2, town, postcode, uprn, household_ref, lead_worker, lead_worker_contact, fact,
  fact_start, fact_end, fact_value`;

/**
 * Reads the rows of the current uploads under row-level security, one upload per transaction so the embedded
 * database is never held for long, and gives them upload by upload (in upload order, each in file order).
 */
export async function* readCurrentExtracts(
  db: Database,
  actor: Actor,
  uploads: readonly CurrentUpload[],
): AsyncGenerator<{ upload: CurrentUpload; rows: CurrentExtractRow[] }> {
  for (const upload of uploads) {
    // PGlite answers without returning to the event loop: let waiting requests in before each upload.
    await setImmediate();
    const rows = await db.asActor(actor, (sql) =>
      sql.query<CurrentExtractRow>(
        `select ${rowColumns} from extract_row where upload_id = $1 order by line`,
        [upload.id],
      ),
    );
    yield { upload, rows };
  }
}
