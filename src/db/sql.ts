/** A value `atCommit` can carry: it is written into the statement's text on a server, so only plain values. */
export type PlainValue = string | number | boolean | null | readonly string[];

/** What a capability needs from the database: parameterised queries inside one transaction. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs a statement last, just before the transaction commits, and with the commit in one round trip on a
   * server. The audit event goes this way: the lock that orders its chain is then held for the commit alone,
   * not while the application is busy between its last query and the commit.
   */
  atCommit(text: string, params: readonly PlainValue[]): void;
}

/** Statements an `atCommit` call left for the end of its transaction. */
export interface LastStatement {
  text: string;
  params: readonly PlainValue[];
}

/** Parses the types whose default JavaScript shape differs between PGlite and node-postgres. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  20: (value) => Number(value), // int8: counts and sequences stay far below 2^53
  1700: (value) => Number(value), // numeric
  1082: (value) => value, // date stays YYYY-MM-DD, never a local-time Date
};
