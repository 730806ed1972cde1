import type { CsvEncoding } from '../csv/index.ts';
import type { Sql } from '../db/index.ts';
import { type ColumnMapping, checkColumnMapping } from './column-mapping.ts';

/** How a data flow's extracts are read and kept; the newest saved settings are in force. */
export interface UploadSettings {
  /** The partner's own layout mapped onto the standard extract; null for the standard layout. */
  columnMapping: ColumnMapping | null;
  encoding: CsvEncoding;
  /** full: a newer upload replaces the previous one for current use; incremental: it adds to it. */
  refresh: 'full' | 'incremental';
  savedAt: Date | null;
  savedBy: string | null;
}

export const standardUploadSettings: UploadSettings = {
  columnMapping: null,
  encoding: 'utf-8',
  refresh: 'full',
  savedAt: null,
  savedBy: null,
};

export async function findUploadSettings(sql: Sql, dataFlowId: string): Promise<UploadSettings> {
  const [row] = await sql.query<{
    column_mapping: unknown;
    encoding: CsvEncoding;
    refresh: 'full' | 'incremental';
    saved_at: Date;
    saved_by: string | null;
  }>(
    `select s.column_mapping, s.encoding, s.refresh, s.saved_at, u.display_name as saved_by
     from upload_settings s left join app_user u on u.id = s.saved_by
     where s.data_flow_id = $1 order by s.id desc limit 1`,
    [dataFlowId],
  );
  if (!row) return standardUploadSettings;
  const stored = typeof row.column_mapping === 'string' ? JSON.parse(row.column_mapping) : row.column_mapping;
  return {
    columnMapping: stored === null ? null : checkColumnMapping(stored),
    encoding: row.encoding,
    refresh: row.refresh,
    savedAt: row.saved_at,
    savedBy: row.saved_by,
  };
}

/**
 * Saves new settings for a data flow (the old ones are kept as history). Throws ColumnMappingError for a
 * mapping that cannot be used; row-level security refuses anyone but a coordinator, an administrator or a
 * data officer of the flow's partner.
 */
export async function saveUploadSettings(
  sql: Sql,
  dataFlowId: string,
  settings: Pick<UploadSettings, 'columnMapping' | 'encoding' | 'refresh'>,
): Promise<void> {
  const mapping = settings.columnMapping === null ? null : checkColumnMapping(settings.columnMapping);
  await sql.query(
    `insert into upload_settings (data_flow_id, column_mapping, encoding, refresh, saved_by)
     values ($1, $2::jsonb, $3, $4, kindred_user_id())`,
    [dataFlowId, mapping === null ? null : JSON.stringify(mapping), settings.encoding, settings.refresh],
  );
}
