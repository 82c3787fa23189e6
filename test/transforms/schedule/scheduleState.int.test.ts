// schedule-state.json on disk: an absent file is an empty state, a write is
// atomic and keeps only the newest runs, an unreadable file is moved aside.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../../models/index.js';
import { emptyState, KEPT_RUNS, readScheduleState, writeScheduleState, type RunRecord } from '../../../transforms/schedule/scheduleState.js';
import { tempDir } from '../../support/cli.js';

function run(i: number): RunRecord {
  return {
    id: `run-${i}`, job: 'drop-folder', reason: 'files', startedAt: '2025-01-15T07:00:00.000Z', finishedAt: '2025-01-15T07:00:05.000Z',
    outcome: 'ok', steps: [{ args: ['ingest', 'areas', '/x/areas.csv'], exitCode: 0, signal: null, ms: 900, summary: 'accepted 4' }],
    files: [{ source: 'areas', file: 'areas.csv', outcome: 'processed', movedTo: '/x/processed/areas/a.csv' }], pid: 1, hostname: 'h',
  };
}

describe('schedule-state.json', () => {
  it('absent: empty; written and read back; keeps only the newest runs; leaves no temp file', async () => {
    const dir = tempDir();
    const path = join(dir, 'schedule-state.json');
    expect(await readScheduleState(path, silentLogger)).toEqual(emptyState());
    const state = emptyState();
    state.jobs['quarterly-return'] = { since: '2025-01-01T00:00:00.000Z' };
    state.runs = Array.from({ length: KEPT_RUNS + 20 }, (_, i) => run(i));
    await writeScheduleState(path, state);
    const back = await readScheduleState(path, silentLogger);
    expect(back.runs).toHaveLength(KEPT_RUNS);
    expect(back.runs[0]!.id).toBe('run-20');
    expect(back.runs.at(-1)!.id).toBe(`run-${KEPT_RUNS + 19}`);
    expect(back.jobs).toEqual(state.jobs);
    expect(readdirSync(dir)).toEqual(['schedule-state.json']);
  });

  it('unreadable: an error for a look without the lock; moved aside and replaced under it', async () => {
    const dir = tempDir();
    const path = join(dir, 'schedule-state.json');
    writeFileSync(path, '{"version": 1, "jobs": ');
    await expect(readScheduleState(path, silentLogger, { repair: false })).rejects.toThrow(/unreadable/);
    expect(await readScheduleState(path, silentLogger)).toEqual(emptyState());
    expect(existsSync(path)).toBe(false);
    const aside = readdirSync(dir).filter((f) => f.startsWith('schedule-state.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"version": 1, "jobs": ');
  });
});
