// writeSafetyValveReturn and reproduceSubmission as `sendwh demo` and the CLI
// call them, on a small authority in a real DuckDB warehouse in a temp home:
// the latest quarter by default, the same bytes from the same log position, a
// correction changing a new return but not a reproduction, and a reproduction
// that cannot match failing loudly with nothing written.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../../ingest/log/memoryEventLog.js';
import type { EventLog, NewEvent, SendwhError } from '../../../models/index.js';
import { buildWarehouse } from '../../../transforms/warehouse/index.js';
import { parseCsv } from '../../../transforms/returns/csv.js';
import { manifestBytes, sha256, type ReturnManifest } from '../../../transforms/returns/manifest.js';
import { reproduceSubmission } from '../../../transforms/returns/reproduce.js';
import { writeSafetyValveReturn } from '../../../transforms/returns/safetyValveReturn.js';
import { submissionId, type SubmissionRecord } from '../../../transforms/returns/submissions.js';
import { appendEvents, area, caseRecord, costCentre, event, placementRecord, posting, safetyValvePlan, school } from '../warehouse/support/events.js';
import { tempHome } from '../warehouse/support/warehouse.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** Twelve children with plans (eight in a special school, four in mainstream), two years of ledger and a plan. */
function authority(): NewEvent[] {
  const events: NewEvent[] = [
    area('Dartford', 'North'),
    school({ urn: '118000', type: 'Community school', district: 'Dartford', establishmentNumber: '2001' }),
    school({ urn: '118001', type: 'Foundation special school', district: 'Dartford', establishmentNumber: '7001' }),
  ];
  for (let i = 1; i <= 12; i++) {
    events.push(
      caseRecord({ requestId: `R${i}`, person: `P${i}`, receivedDate: `2024-0${(i % 6) + 1}-10`, requestOutcome: 'Y', requestOutcomeDate: `2024-0${(i % 6) + 1}-20`, assessmentOutcome: 'Y', assessmentOutcomeDate: `2024-0${(i % 6) + 3}-01`, planStartDate: '2023-01-15', primaryNeed: 'ASD' }),
    );
  }
  for (let i = 1; i <= 12; i++) events.push(placementRecord({ placementId: `PL${i}`, person: `P${i}`, urn: i <= 8 ? '118001' : '118000', entryDate: '2023-01-15' }));
  events.push(costCentre('C1', 'Maintained Special Schools', 'spend'), costCentre('C2', 'High Needs Grant', 'grant'));
  for (const year of ['2023-24', '2024-25']) {
    for (let p = 1; p <= 12; p++) {
      events.push(posting({ transactionId: `A${year}-${p}`, financialYear: year, period: p, costCentre: 'C1', amount: '1000000.00' }));
      events.push(posting({ transactionId: `G${year}-${p}`, financialYear: year, period: p, costCentre: 'C2', amount: '-900000.00' }));
      events.push(posting({ transactionId: `B${year}-${p}`, financialYear: year, period: p, costCentre: 'C1', ledgerType: 'Budget', amount: '950000.00' }));
    }
  }
  events.push(safetyValvePlan('2024-25', [['Maintained Special Schools', '11500000.00'], ['High Needs Grant', '-10800000.00'], ['Accumulated Position', '2000000.00']]));
  return events;
}

async function given(): Promise<{ home: string; log: EventLog }> {
  const { home, cleanup } = tempHome();
  cleanups.push(cleanup);
  const log = createMemoryEventLog();
  await appendEvents(log, authority());
  return { home, log };
}

const csv = (dir: string, table: string) => parseCsv(readFileSync(join(dir, 'csv', `${table}.csv`), 'utf8'));
const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

describe('writeSafetyValveReturn', () => {
  it('builds the warehouse, writes the latest quarter the data covers by default, and records the submission', async () => {
    const { home, log } = await given();
    const result = await writeSafetyValveReturn({ home, log, env: {}, now: () => new Date('2025-04-14T07:00:00Z') });
    expect(result).toMatchObject({ quarter: '2024-25-Q4', logPosition: await log.position(), alreadyRecorded: false });
    expect(result.out).toBe(join(home, 'returns', result.id));
    expect(files(result.out)).toContain('safety-valve-return_2024-25-Q4.xlsx');
    const record = JSON.parse(readFileSync(join(home, 'submissions', `${result.id}.json`), 'utf8')) as SubmissionRecord;
    expect(record).toMatchObject({ id: result.id, quarter: '2024-25-Q4', submittedAt: '2025-04-14T07:00:00.000Z', out: result.out });
    expect(submissionId(record.manifest)).toBe(result.id);
    // Q4 is the whole year: the outturn set against the plan, with its variance.
    const dsg = csv(result.out, 'dsg_position');
    const spend = dsg.find((r) => r[0] === '2024-25' && r[2] === 'hnb_spend')!;
    expect(spend.slice(0, 2)).toEqual(['2024-25', 'outturn']);
    expect(spend.slice(4)).toEqual(['12000000.00', '', '11500000.00', '500000.00', '']);
    // With no code commit known (no SENDWH_GIT_COMMIT, and the repository's own .git may or may not be there), the manifest still names the version.
    expect(record.manifest.code.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('after a correction: reproduce gives the same bytes from a warehouse rebuilt to the position, a new return the corrected figure', async () => {
    const { home, log } = await given();
    const env = { SENDWH_GIT_COMMIT: 'a'.repeat(40) };
    const first = await writeSafetyValveReturn({ home, log, quarter: '2024-25-Q3', out: join(home, 'first'), env });
    expect(JSON.parse(readFileSync(join(first.out, 'manifest.json'), 'utf8')).code).toEqual({ name: 'sendwh', version: expect.any(String), commit: 'a'.repeat(40) });
    // October's payment was 250,000 more, says a later extract; the warehouse is built past the return's position.
    const corrected = posting({ transactionId: 'A2024-25-7', financialYear: '2024-25', period: 7, costCentre: 'C1', amount: '1250000.00' }, 'LedgerPostingCorrected');
    await appendEvents(log, [event(corrected.type, corrected.source, corrected.key, corrected.data, { asAt: corrected.asAt, file: 'finance_correction.csv' })]);
    await buildWarehouse({ home, log });

    const again = await reproduceSubmission({ home, log, id: first.id, out: join(home, 'again'), env });
    expect(again).toMatchObject({ identical: true, warehouse: 'rebuilt', logPosition: first.logPosition });
    for (const f of files(first.out)) expect(readFileSync(join(again.out, f)).equals(readFileSync(join(first.out, f))), f).toBe(true);
    expect(readdirSync(home).filter((f) => f.startsWith('reproduce-'))).toEqual([]);

    const fresh = await writeSafetyValveReturn({ home, log, quarter: '2024-25-Q3', out: join(home, 'fresh'), env });
    expect(fresh.id).not.toBe(first.id);
    const ytd = (dir: string) => csv(dir, 'dsg_position').find((r) => r[0] === '2024-25' && r[2] === 'hnb_spend')![4];
    expect(ytd(first.out)).toBe('9000000.00');
    expect(ytd(fresh.out)).toBe('9250000.00');
    expect(csv(fresh.out, 'caseload_by_setting_group')).toEqual(csv(first.out, 'caseload_by_setting_group'));

    // The live warehouse at exactly the position is used as it is.
    const live = await reproduceSubmission({ home, log, id: fresh.id, out: join(home, 'fresh-again'), env });
    expect(live.warehouse).toBe('live');
  });

  it('fails loudly, writing nothing, when the files made differ from the recorded hashes', async () => {
    const { home, log } = await given();
    const first = await writeSafetyValveReturn({ home, log, quarter: '2024-25-Q3', out: join(home, 'first'), env: {} });
    // A record of the same return that says its caseload CSV had other bytes (as if other code had made it).
    const dir = join(home, 'submissions');
    const record = JSON.parse(readFileSync(join(dir, `${first.id}.json`), 'utf8')) as SubmissionRecord;
    const manifest: ReturnManifest = { ...record.manifest, files: record.manifest.files.map((f) => (f.path === 'csv/caseload_by_setting_group.csv' ? { ...f, sha256: sha256('other bytes') } : f)) };
    const id = submissionId(manifest);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify({ ...record, id, manifest, manifestSha256: sha256(manifestBytes(manifest)) }));
    const out = join(home, 'reproduced');
    const error = await reproduceSubmission({ home, log, id, out, env: {} }).then(
      () => undefined,
      (e: unknown) => e as SendwhError,
    );
    expect(error?.code).toBe('reproduce-mismatch');
    expect(error?.message).toMatch(/csv\/caseload_by_setting_group\.csv differs/);
    expect(error?.message).not.toMatch(/dsg_position/);
    expect(existsSync(out)).toBe(false);

    // A record edited after it was written is refused before anything is built.
    const tampered = join(dir, `${first.id}.json`);
    writeFileSync(tampered, readFileSync(tampered, 'utf8').replace(`"quarter": "2024-25-Q3",\n    "quarterStart"`, `"quarter": "2024-25-Q2",\n    "quarterStart"`));
    await expect(reproduceSubmission({ home, log, id: first.id, env: {} })).rejects.toMatchObject({ code: 'submission-tampered' });
    renameSync(tampered, `${tampered}.bak`);
    await expect(reproduceSubmission({ home, log, id: first.id, env: {} })).rejects.toMatchObject({ code: 'submission-not-found' });
    rmSync(`${tampered}.bak`);
  });

  it('publishes small numbers as c: this authority\'s monthly counts are all under 5', async () => {
    const { home, log } = await given();
    const published = await writeSafetyValveReturn({ home, log, quarter: '2024-25-Q3', publish: true, out: join(home, 'published'), env: {} });
    expect(published.submission.published).toBe(true);
    const [header, ...rows] = csv(published.out, 'requests_and_timeliness');
    const received = header!.indexOf('requests_received');
    const shown = rows.map((r) => r[received]);
    expect(shown.every((v) => v === 'c' || v === '0' || Number(v) >= 5)).toBe(true);
    expect(shown.filter((v) => v === 'c').length).toBeGreaterThan(0);
    expect(existsSync(join(published.out, 'csv', 'data_quality_findings.csv'))).toBe(false);
    const html = readFileSync(join(published.out, 'safety-valve-return_2024-25-Q3_published.html'), 'utf8');
    expect(html).toContain('shown as c');
    expect(html).not.toMatch(/<script|<link|@import|url\(/);
  });
});
