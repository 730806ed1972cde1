/** What a capability needs from the database: parameterised queries inside one transaction. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** Parses the types whose default JavaScript shape differs between PGlite and node-postgres. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  20: (value) => Number(value), // int8: counts and sequences stay far below 2^53
  1700: (value) => Number(value), // numeric
  1082: (value) => value, // date stays YYYY-MM-DD, never a local-time Date
};
