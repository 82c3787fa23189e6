// Table definitions and COMMENT ON statements generated from declared table specs.
// DuckDB cannot bind identifiers, nor parameters in COMMENT ON, so these
// statements are built here from constants declared in code (never from data),
// with identifiers and literals quoted.

/** One column of a warehouse table: its SQL type and its definition. */
export interface ColumnSpec {
  name: string;
  /** Lower-case DuckDB type, e.g. `bigint`, `decimal(18,2)`, `date`. */
  type: string;
  description: string;
}

/** A table's name, definition and columns, enough to create and document it. */
export interface TableSpec {
  name: string;
  description: string;
  columns: readonly ColumnSpec[];
}

/** A double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `create table if not exists` for a spec. */
export function createTableStatement(spec: TableSpec): string {
  const columns = spec.columns.map((c) => `  ${quoteIdentifier(c.name)} ${c.type}`).join(',\n');
  return `create table if not exists ${quoteIdentifier(spec.name)} (\n${columns}\n)`;
}

/** `comment on` the table and each of its columns. */
export function commentStatements(spec: TableSpec): string[] {
  const table = quoteIdentifier(spec.name);
  return [
    `comment on table ${table} is ${quoteLiteral(spec.description)}`,
    ...spec.columns.map((c) => `comment on column ${table}.${quoteIdentifier(c.name)} is ${quoteLiteral(c.description)}`),
  ];
}
