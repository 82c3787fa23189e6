// Header matching (CONTRACT §1): by name, any case and order, aliases, personal
// columns dropped at the door, a missing required column refused by name.
import { describe, expect, it } from 'vitest';
import { matchColumns, toRawRow } from '../../../ingest/csv/columns.js';
import type { ColumnSpec } from '../../../ingest/sourceSpec.js';
import { BadInputError } from '../../../models/errors.js';

const census: readonly ColumnSpec[] = [
  { name: 'CensusDate', required: true },
  { name: 'UPN', required: true },
  { name: 'LAEstab', required: true },
  { name: 'URN', required: false },
  { name: 'Sex', required: true, aliases: ['Gender'] },
  { name: 'SENtype2', required: false },
];

function refusal(run: () => unknown): BadInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('matchColumns', () => {
  it('matches names case-insensitively and trimmed, in any order', () => {
    const m = matchColumns('c.csv', [' laestab', 'upn ', 'SEX', 'censusdate', 'urn'], census, { personLevel: true });
    expect(m.columns).toEqual([
      { name: 'CensusDate', index: 3 },
      { name: 'UPN', index: 1 },
      { name: 'LAEstab', index: 0 },
      { name: 'URN', index: 4 },
      { name: 'Sex', index: 2 },
    ]);
    expect(m.absent).toEqual(['SENtype2']);
    expect(m.width).toBe(5);
    expect(m.unknown).toEqual([]);
  });

  it('accepts an alias (older census files call Sex Gender)', () => {
    const m = matchColumns('c.csv', ['CensusDate', 'UPN', 'LAEstab', 'gender'], census, { personLevel: true });
    expect(m.columns.find((c) => c.name === 'Sex')).toEqual({ name: 'Sex', index: 3 });
  });

  it('refuses a file missing a required column, naming the column and the file', () => {
    const error = refusal(() => matchColumns('census_2025.csv', ['UPN', 'LAEstab', 'URN'], census, { personLevel: true }));
    expect(error.code).toBe('missing-column');
    expect(error.kind).toBe('bad-input');
    expect(error.file).toBe('census_2025.csv');
    expect(error.message).toBe('census_2025.csv: is missing required columns CensusDate, Sex (or Gender)');
    expect(error.hint).toContain('It has: UPN, LAEstab, URN.');
    const one = refusal(() => matchColumns('c.csv', ['CensusDate', 'UPN', 'Sex'], census, { personLevel: true }));
    expect(one.message).toBe('c.csv: is missing required column LAEstab');
  });

  it('reports unknown columns once and ignores a blank header cell', () => {
    const m = matchColumns('c.csv', ['CensusDate', 'UPN', 'LAEstab', 'Sex', 'Ethnicity', 'FSM', ''], census, { personLevel: true });
    expect(m.unknown).toEqual(['Ethnicity', 'FSM']);
    expect(m.dropped).toEqual([]);
  });

  it('drops personal columns of a person-level extract and keeps them out of the hint', () => {
    const header = ['Surname', 'CensusDate', 'Forename', 'UPN', 'HomePostcode', 'LAEstab', 'Sex', 'AddressLine1'];
    const m = matchColumns('c.csv', header, census, { personLevel: true });
    expect(m.dropped).toEqual(['Surname', 'Forename', 'HomePostcode', 'AddressLine1']);
    expect(m.unknown).toEqual([]);
    const row = toRawRow(['Smith', '2025-01-16', 'Jo', 'B801200005001', 'CT1 1AA', '8861234', 'F', '1 High St'], m);
    expect(row).toEqual({ CensusDate: '2025-01-16', UPN: 'B801200005001', LAEstab: '8861234', Sex: 'F' });
    expect(Object.values(row)).not.toContain('Smith');
    const error = refusal(() => matchColumns('c.csv', ['Surname', 'UPN'], census, { personLevel: true }));
    expect(error.hint).not.toContain('Surname');
  });

  it('keeps names in reference files, where they name institutions', () => {
    const spec: ColumnSpec[] = [
      { name: 'URN', required: true },
      { name: 'EstablishmentName', required: true },
    ];
    const m = matchColumns('gias.csv', ['URN', 'EstablishmentName', 'Street'], spec, { personLevel: false });
    expect(m.columns).toEqual([
      { name: 'URN', index: 0 },
      { name: 'EstablishmentName', index: 1 },
    ]);
    expect(m.dropped).toEqual([]);
    expect(() => matchColumns('x.csv', ['URN'], spec, { personLevel: true })).toThrow('personal column');
  });

  it('uses the first of duplicated column names (real DfE files have them)', () => {
    const m = matchColumns('c.csv', ['CensusDate', 'UPN', 'LAEstab', 'Sex', 'upn', 'Gender', 'Extra', 'EXTRA'], census, {
      personLevel: true,
    });
    expect(m.columns.find((c) => c.name === 'UPN')).toEqual({ name: 'UPN', index: 1 });
    expect(m.columns.find((c) => c.name === 'Sex')).toEqual({ name: 'Sex', index: 3 });
    expect(m.duplicates).toEqual(['upn', 'Gender', 'EXTRA']);
    expect(m.unknown).toEqual(['Extra']);
  });
});

describe('toRawRow', () => {
  const m = matchColumns('c.csv', ['UPN', 'CensusDate', 'LAEstab', 'Sex', 'URN'], census, { personLevel: true });

  it('keys trimmed cells by canonical name; blank, whitespace-only and missing cells are undefined', () => {
    const row = toRawRow([' B801200005001 ', '2025-01-16', '\t', 'M'], m);
    expect(row).toEqual({ UPN: 'B801200005001', CensusDate: '2025-01-16', Sex: 'M' });
    expect(row.LAEstab).toBeUndefined();
    expect(row.URN).toBeUndefined();
    expect(row.SENtype2).toBeUndefined();
  });
});
