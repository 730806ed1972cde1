/** Who is acting, for what purpose: set on every transaction so row-level security and audit can see it. */
export interface Actor {
  userId: string;
  organisationId: string;
  /** Why the data is being used, as recorded in the audit log (for example `programme-identification`). */
  purpose: string;
  /** Ties together every audit event of one request or one command. */
  correlationId: string;
}

/** The one identity for work the platform does by itself (migrations excepted), such as loading the demo. */
export const systemUserId = '00000000-0000-0000-0000-000000000000';
