// Zod building blocks for extract rows. Each column's rules are a zod schema on
// the raw cell whose broken rules become issues carrying a stable rule code
// `<source>.<column-kebab>.<rule>`; a row schema is a z.object of them plus one
// cross-column refinement, and every broken rule of a row is reported, not just
// the first. Schemas are built once per source at module load (never per row):
// the per-row work is plain string checks inside the transforms.
import { z } from 'zod';
import { fail, ok, type Diagnostic, type RowResult, type SourceName } from '../../models/index.js';
import type { RawRow } from '../sourceSpec.js';
import { parseAmount } from './amount.js';
import { codeMatcher } from './codes.js';
import { hasFinancialYearShape, isFinancialYear, parseDate } from './dates.js';
import { upnProblem } from './upn.js';

/** A column of an extract: its canonical name and the kebab-case form used in rule codes. */
export interface Column {
  readonly name: string;
  readonly kebab: string;
}

/** Names the columns of a source: `{ CensusDate: 'census-date', ... }` gives a Column per name. */
export function defineColumns<const K extends string>(kebabs: Record<K, string>): { readonly [P in K]: Column } {
  const out = {} as { [P in K]: Column };
  for (const name of Object.keys(kebabs) as K[]) out[name] = { name, kebab: kebabs[name] };
  return out;
}

/**
 * A checked cell: the value, null when the cell is blank, or undefined when the
 * cell broke a rule (already reported), so cross-column rules can tell "absent"
 * from "unreadable" and never report a second rule about the same bad cell.
 */
export type Cell<T> = T | null | undefined;

type Ctx = z.core.$RefinementCtx<unknown>;

/** Records a broken rule on a zod refinement context. */
export function report(ctx: Ctx, rule: string, column: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { rule, column } });
}

/** The rule codes of one source, registered as its schemas are built, so tests can list every rule. */
export class RuleBook {
  readonly source: SourceName;
  private readonly codes = new Set<string>();

  constructor(source: SourceName) {
    this.source = source;
  }

  /** The code `<source>.<column-kebab>.<rule>`, registered in this book. */
  rule(column: Column | string, rule: string): string {
    const code = `${this.source}.${typeof column === 'string' ? column : column.kebab}.${rule}`;
    this.codes.add(code);
    return code;
  }

  /** Every rule code of the source, in the order they were declared. */
  all(): readonly string[] {
    return [...this.codes];
  }
}

interface CellOptions {
  required?: boolean;
}

/**
 * What a cell accepts, as JSON Schema keywords for a CSV cell read as text: the
 * extract contracts that `sendwh docs` publishes for data suppliers (z.toJSONSchema
 * with this registry as its metadata). The pattern is what the cell's own rule
 * accepts (blank allowed unless required); checks no pattern can express (a real
 * calendar date, a UPN check letter, rules across columns) are named in words.
 */
export interface CellContract {
  type: 'string';
  pattern?: string;
  description: string;
}

/** The contract of every cell schema built by cellsFor(), by schema. */
export const CELL_CONTRACTS = z.registry<CellContract>();

/** A regex alternative matching a code in any letter case, as codeMatcher() accepts it. */
function anyCase(code: string): string {
  return [...code].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
}

/** An integer range as an alternation (small ranges) or digits. */
function integerPattern(min: number, max: number): string {
  if (max !== Infinity && max - min <= 200) return `0*(?:${Array.from({ length: max - min + 1 }, (_, i) => String(min + i)).join('|')})`;
  return '\\d{1,9}';
}

const POUNDS = '(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d{1,2})?';

/** What a non-blank cell converts to, or a reason it does not. */
type Convert<T> = (text: string) => T | { rule: string; message: string };

const isProblem = (v: unknown): v is { rule: string; message: string } =>
  typeof v === 'object' && v !== null && 'rule' in v && 'message' in v;

/** Column schema builders bound to one source's rule book. */
export function cellsFor(book: RuleBook) {
  function cell<T>(column: Column, options: CellOptions, expected: string, convert: Convert<T>, accepts?: string) {
    const requiredRule = options.required ? book.rule(column, 'required') : '';
    const requiredMessage = `${column.name} is blank, but every row needs it${expected === '' ? '' : ` (${expected})`}.`;
    const unreadable = `${book.source}.${column.kebab}.unreadable`;
    // A bare transform rather than z.string().optional().transform(): no pipe per cell.
    const schema = z.transform((raw: unknown, ctx): Cell<T> => {
      const text = typeof raw === 'string' ? raw.trim() : raw === undefined ? '' : null;
      if (text === null) {
        report(ctx, unreadable, column.name, `${column.name} could not be read as text.`);
        return undefined;
      }
      if (text === '') {
        if (!options.required) return null;
        report(ctx, requiredRule, column.name, requiredMessage);
        return undefined;
      }
      const value = convert(text);
      if (isProblem(value)) {
        report(ctx, value.rule, column.name, value.message);
        return undefined;
      }
      return value;
    });
    const pattern = accepts === undefined ? (options.required ? '\\S' : undefined) : options.required ? `^\\s*(?:${accepts})\\s*$` : `^\\s*(?:${accepts})?\\s*$`;
    CELL_CONTRACTS.add(schema, {
      type: 'string',
      ...(pattern === undefined ? {} : { pattern }),
      description: `${expected === '' ? 'Text' : expected.charAt(0).toUpperCase() + expected.slice(1)}${options.required ? '; required (never blank)' : '; may be blank'}.`,
    });
    return schema;
  }

  /** Simple conversion: the value, or undefined for one rule with one message. */
  function simple<T>(column: Column, options: CellOptions, rule: string, expected: string, convert: (text: string) => T | undefined, accepts?: string) {
    const code = book.rule(column, rule);
    const problem = { rule: code, message: `${column.name} is not ${expected}.` };
    return cell(column, options, expected, (text) => {
      const value = convert(text);
      return value === undefined ? problem : value;
    }, accepts);
  }

  return {
    /** Free text, kept as written (trimmed). */
    text: (column: Column, options: CellOptions = {}) => cell(column, options, '', (text) => text),

    /** A real calendar date, `YYYY-MM-DD` or `DD/MM/YYYY`, as an ISO string. */
    date: (column: Column, options: CellOptions = {}) =>
      simple(column, options, 'format', 'a real date written YYYY-MM-DD or DD/MM/YYYY', (text) => parseDate(text) ?? undefined, '\\d{4}-\\d{2}-\\d{2}|\\d{2}/\\d{2}/\\d{4}'),

    /** One of a list of codes, matched ignoring case, kept in its canonical spelling. */
    code: <T extends string>(column: Column, codes: readonly T[], options: CellOptions = {}) => {
      const match = codeMatcher(codes);
      const code = book.rule(column, 'code');
      const problem = { rule: code, message: `${column.name} is not one of the allowed codes (${codes.join(', ')}).` };
      return cell(column, options, `one of ${codes.join(', ')}`, (text) => match(text) ?? problem, codes.map(anyCase).join('|'));
    },

    /** Exactly `count` digits (URN, LAEstab, UKPRN), kept as a string. */
    digits: (column: Column, count: number, options: CellOptions = {}) => {
      const pattern = new RegExp(`^\\d{${count}}$`);
      return simple(column, options, 'format', `exactly ${count} digits`, (text) => (pattern.test(text) ? text : undefined), `\\d{${count}}`);
    },

    /** A 0/1 indicator. */
    flag: (column: Column, options: CellOptions = {}) =>
      simple(column, options, 'code', '0 or 1', (text): 0 | 1 | undefined => (text === '0' ? 0 : text === '1' ? 1 : undefined), '[01]'),

    /** A whole number from min to max. */
    integer: (column: Column, min: number, max: number, options: CellOptions = {}) =>
      simple(column, options, 'range', max === Infinity ? `a whole number of ${min} or more` : `a whole number from ${min} to ${max}`, (text) => {
        if (!/^\d{1,9}$/.test(text)) return undefined;
        const n = Number(text);
        return n >= min && n <= max ? n : undefined;
      }, integerPattern(min, max)),

    /** Pounds with at most two decimals, as an exact decimal string. */
    amount: (column: Column, options: CellOptions = {}) =>
      simple(
        column,
        options,
        'format',
        'an amount of pounds with at most 2 decimals (such as 1234.50, -1,234.50, (1234.50) or £1234.50)',
        (text) => parseAmount(text) ?? undefined,
        `-?£?${POUNDS}|£-${POUNDS}|£?\\(£?${POUNDS}\\)`,
      ),

    /** A financial year `YYYY-YY` whose years follow each other. */
    financialYear: (column: Column, options: CellOptions = {}) => {
      const format = { rule: book.rule(column, 'format'), message: `${column.name} is not a financial year written YYYY-YY (such as 2024-25).` };
      const consecutive = {
        rule: book.rule(column, 'not-consecutive'),
        message: `${column.name} does not name two consecutive years: write the year it starts and the next, such as 2024-25.`,
      };
      return cell(
        column,
        options,
        'a financial year such as 2024-25',
        (text) => (isFinancialYear(text) ? text : hasFinancialYearShape(text) ? consecutive : format),
        '\\d{4}-\\d{2}',
      );
    },

    /** A UPN with a valid DfE check letter, upper-cased. Messages never repeat the UPN. */
    upn: (column: Column, options: CellOptions = {}) => {
      const format = {
        rule: book.rule(column, 'format'),
        message: `${column.name} is not a UPN: expected 13 characters, a letter, 11 digits and a final digit or letter.`,
      };
      const check = {
        rule: book.rule(column, 'check-letter'),
        message: `${column.name} fails the DfE check-letter test: its first letter does not match the other 12 characters, so it was probably mistyped.`,
      };
      return cell(
        column,
        options,
        'a 13-character UPN',
        (text) => {
          const upn = text.toUpperCase();
          const problem = upnProblem(upn);
          return problem === null ? upn : problem === 'format' ? format : check;
        },
        '[A-Za-z]\\d{11}[0-9A-Za-z]',
      );
    },
  };
}

/** A row schema's cells compiled (zod's generated parser), and its cross-column rules if any: checkRow's fast path. */
interface FastPath {
  cells: z.ZodType;
  rules?: (row: unknown, ctx: Ctx) => void;
}

const FAST_PATHS = new WeakMap<z.ZodType, FastPath>();

/** The fast path of a row schema (a schema without cross-column rules is compiled whole, on first use). */
function fastPath(schema: z.ZodType): FastPath {
  let fast = FAST_PATHS.get(schema);
  if (fast === undefined) {
    fast = { cells: z.compile(schema) };
    FAST_PATHS.set(schema, fast);
  }
  return fast;
}

/** Cross-column rules on a row schema; they run even when some cells broke their own rules. */
export function withRowRules<S extends z.ZodType>(schema: S, rules: (row: z.output<S>, ctx: Ctx) => void): S {
  const checked = schema.superRefine(rules as (row: unknown, ctx: Ctx) => void, { when: () => true }) as S;
  // zod cannot compile a refinement that runs whatever the cells gave, so the cells are compiled alone.
  FAST_PATHS.set(checked, { cells: z.compile(schema), rules: rules as (row: unknown, ctx: Ctx) => void });
  return checked;
}

/** Turns zod issues into diagnostics (every issue of these schemas carries its rule code). */
export function toDiagnostics(source: SourceName, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  return issues.map((issue) => {
    const params = (issue as { params?: { rule?: string; column?: string } }).params;
    const column = params?.column ?? (typeof issue.path[0] === 'string' ? issue.path[0] : undefined);
    const rule = params?.rule ?? `${source}.row.unreadable`;
    return column === undefined ? { rule, message: issue.message } : { rule, message: issue.message, column };
  });
}

// safeParse that reports failures as a plain $ZodError rather than an Error
// subclass: a rejected row then costs no stack trace, which made bad rows ~15x
// slower than good ones.
const safeParsePlain = z.core._safeParse(z.core.$ZodError);

/**
 * Checks a raw row against a row schema: its checked cells, or every rule it breaks. The schema's cells
 * are parsed by zod's compiled parser, then its cross-column rules run on them; a row with a broken cell
 * goes through the whole schema at runtime, so the rules see the other cells as they always do. The
 * diagnostics are the same either way (test/ingest/fields/rowSchema.unit.test.ts).
 */
export function checkRow<S extends z.ZodType>(source: SourceName, schema: S, row: RawRow): RowResult<z.output<S>> {
  const fast = fastPath(schema);
  const cells = safeParsePlain(fast.cells, row) as z.ZodSafeParseResult<z.output<S>>;
  if (fast.rules === undefined) return cells.success ? ok(cells.data) : fail(toDiagnostics(source, cells.error.issues));
  if (cells.success) {
    const issues: z.core.$ZodIssue[] = [];
    fast.rules(cells.data, collecting(cells.data, issues));
    return issues.length === 0 ? ok(cells.data) : fail(toDiagnostics(source, issues));
  }
  const result = safeParsePlain(schema, row) as z.ZodSafeParseResult<z.output<S>>;
  return result.success ? ok(result.data) : fail(toDiagnostics(source, result.error.issues));
}

/** A refinement context that keeps the issues the rules report (as zod's would: on the row, no path). */
function collecting(value: unknown, issues: z.core.$ZodIssue[]): Ctx {
  return {
    value,
    addIssue(issue: unknown) {
      issues.push({ ...(issue as z.core.$ZodIssueCustom), path: [] });
    },
  } as Ctx;
}
