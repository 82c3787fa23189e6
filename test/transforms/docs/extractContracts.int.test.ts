// The extract contracts as JSON Schema, checked against real extract files
// (the bundled sample, every source) the way a data supplier would use them:
// every row the ingest accepts passes its source's schema (the schema never
// refuses a good row), and cells the ingest refuses for their own rule fail it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../ingest/csv/csvReader.js';
import { generateSample } from '../../../ingest/sample/generateSample.js';
import { specFor } from '../../../ingest/sources.js';
import type { RawRow } from '../../../ingest/sourceSpec.js';
import type { SourceName } from '../../../models/index.js';
import { extractContracts, type ExtractContract } from '../../../transforms/docs/index.js';

let dir: string;
let files: Array<{ source: SourceName; path: string; file: string }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sendwh-contracts-'));
  files = (await generateSample(dir, { seed: 2025 })).files;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Schema = Record<string, unknown>;

const regexes = new Map<string, RegExp>();
const regex = (pattern: string) => regexes.get(pattern) ?? regexes.set(pattern, new RegExp(pattern, 'u')).get(pattern)!;

/** The JSON Schema keywords the contracts use: object, properties (string + pattern), required, allOf/anyOf of required, additionalProperties. */
function valid(schema: Schema, row: Record<string, string>): string[] {
  const problems: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, { type?: string; pattern?: string }>;
  for (const name of (schema.required ?? []) as string[]) if (!(name in row)) problems.push(`${name} missing`);
  for (const group of (schema.allOf ?? []) as Array<{ anyOf: Array<{ required: string[] }> }>) {
    if (!group.anyOf.some((g) => g.required.every((n) => n in row))) problems.push(`none of ${group.anyOf.map((g) => g.required.join('+')).join(', ')}`);
  }
  for (const [name, value] of Object.entries(row)) {
    const p = properties[name] ?? (typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as { type?: string; pattern?: string }) : undefined);
    if (p === undefined) continue;
    if (p.type === 'string' && typeof value !== 'string') problems.push(`${name} not a string`);
    if (p.pattern !== undefined && !regex(p.pattern).test(value)) problems.push(`${name}=${JSON.stringify(value)} does not match`);
  }
  return problems;
}

/** A CSV row as the ingest reads it: canonical column names, blank cells absent. */
function rawRow(contract: ExtractContract, header: readonly string[], fields: readonly string[]): RawRow {
  const row: Record<string, string | undefined> = {};
  for (const c of contract.columns) {
    const names = [c.name, ...c.aliases].map((n) => n.toLowerCase());
    const i = header.findIndex((h) => names.includes(h.trim().toLowerCase()));
    const cell = i < 0 ? undefined : fields[i];
    row[c.name] = cell === undefined || cell.trim() === '' ? undefined : cell;
  }
  return row;
}

const contract = (source: SourceName) => extractContracts().find((c) => c.source === source) as ExtractContract;

describe('the extract contracts as JSON Schema', () => {
  it('accept every row of the sample extracts that the ingest accepts, for every source', async () => {
    const seen = new Map<string, { rows: number; accepted: number }>();
    const refused: string[] = [];
    for (const f of files) {
      const c = contract(f.source);
      const spec = specFor(f.source);
      const csv = await readCsv(f.path, { name: f.file });
      const stats = seen.get(f.source) ?? { rows: 0, accepted: 0 };
      for await (const batch of csv.batches()) {
        for (const record of batch) {
          const object = Object.fromEntries(csv.header.map((h, i) => [h, record.fields[i] ?? '']));
          const parsed = spec.parse(rawRow(c, csv.header, record.fields), { pseudonymise: (x) => x, file: f.file });
          stats.rows += 1;
          if (!parsed.ok) continue;
          stats.accepted += 1;
          const problems = valid(c.jsonSchema, object);
          if (problems.length > 0) refused.push(`${f.file} line ${record.line}: ${problems.join('; ')}`);
        }
      }
      seen.set(f.source, stats);
    }
    expect(refused).toEqual([]);
    expect([...seen.keys()].sort()).toEqual(['areas', 'cases', 'census', 'cost-centres', 'finance', 'placements', 'safety-valve-plan', 'schools']);
    for (const [source, s] of seen) expect(s.accepted, source).toBeGreaterThan(0);
  });

  it('refuse the cells the ingest refuses by their own rule, and accept the spellings it accepts', () => {
    const census = contract('census').jsonSchema;
    const good = { CensusDate: '2025-01-16', UPN: 'B801200005001', LAEstab: '8861234', URN: '', DOB: '12/03/2014', Sex: 'f', NCyearActual: 'r', SENprovision: 'K', SENtype1: 'asd', SENtype2: '' };
    expect(valid(census, good)).toEqual([]);
    expect(valid(census, { ...good, Sex: undefined as unknown as string, Gender: 'M' }).filter((p) => !p.startsWith('Sex'))).toEqual([]);
    expect(valid(census, { ...good, UPN: 'B80120000500' })).toEqual(['UPN="B80120000500" does not match']);
    expect(valid(census, { ...good, LAEstab: '886123' })).toEqual(['LAEstab="886123" does not match']);
    expect(valid(census, { ...good, CensusDate: '' })).toEqual(['CensusDate="" does not match']);
    expect(valid(census, { ...good, SENprovision: 'X' })).toEqual(['SENprovision="X" does not match']);
    const { LAEstab: _dropped, ...withoutLaEstab } = good;
    expect(valid(census, withoutLaEstab)).toEqual(['LAEstab missing']);

    const finance = contract('finance').jsonSchema;
    const posting = { TransactionID: 'T1', FinancialYear: '2024-25', Period: '14', PostingDate: '2024-04-30', CostCentre: 'C1', LedgerType: 'Actual', Amount: '1,234.50' };
    expect(valid(finance, posting)).toEqual([]);
    for (const amount of ['(1234.50)', '£1234.50', '-£12', '£(12.00)', '1234']) expect(valid(finance, { ...posting, Amount: amount }), amount).toEqual([]);
    for (const amount of ['12.345', '1,23.00', '--1', 'ten']) expect(valid(finance, { ...posting, Amount: amount }), amount).toEqual([`Amount=${JSON.stringify(amount)} does not match`]);
    expect(valid(finance, { ...posting, Period: '17' })).toEqual(['Period="17" does not match']);
    expect(contract('finance').rules).toContain('finance.financial-year.not-consecutive');
    expect(finance['x-sendwh-rules']).toEqual(contract('finance').rules);
  });
});
