// The drop folder scanner on real files: a file is never taken while it is
// still being written, is taken once it has stopped changing, and (taken and
// moved away as the scheduler does) exactly once.
import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDropScanner, ensureDropFolders, type DropFile } from '../../../transforms/schedule/dropFolder.js';
import { tempDir } from '../../support/cli.js';

const CHUNK = 'District,AreaTeam\n'.padEnd(4096, '#') + '\n';

describe('the drop folder scanner', () => {
  it('with a driven clock: never takes the file between chunks, takes it after two unchanged looks, then once', async () => {
    const root = join(tempDir(), 'drop');
    await ensureDropFolders(root);
    let clock = 1_000_000;
    const scanner = createDropScanner(root, { stableMs: 10_000, now: () => clock });
    const path = join(root, 'areas', 'areas.csv');
    const taken: DropFile[] = [];
    for (let chunk = 0; chunk < 20; chunk++) {
      clock += 15_000; // far longer than stableMs, but the file changed between the looks
      appendFileSync(path, CHUNK);
      const poll = await scanner.poll();
      taken.push(...poll.stable);
      expect(poll.waiting.map((f) => f.size)).toEqual([(chunk + 1) * CHUNK.length]);
    }
    expect(taken).toEqual([]);
    // Unchanged, but not yet for stableMs: still waiting.
    clock += 9_999;
    let poll = await scanner.poll();
    expect(poll.stable).toEqual([]);
    expect(poll.waiting.map((f) => f.size)).toEqual([20 * CHUNK.length]);
    clock += 1;
    poll = await scanner.poll();
    expect(poll.stable.map((f) => f.size)).toEqual([20 * CHUNK.length]);
    taken.push(...poll.stable);
    // The scheduler moves a taken file away; it is never seen again.
    mkdirSync(join(root, 'processed', 'areas'), { recursive: true });
    renameSync(path, join(root, 'processed', 'areas', 'areas.csv'));
    for (let i = 0; i < 5; i++) {
      clock += 15_000;
      poll = await scanner.poll();
      taken.push(...poll.stable);
      expect(poll.waiting).toEqual([]);
    }
    expect(taken.map((f) => `${f.source}/${f.name}:${f.size}`)).toEqual([`areas/areas.csv:${20 * CHUNK.length}`]);
  });

  it('a file that keeps the same size but is rewritten (new modification time) is not stable', async () => {
    const root = join(tempDir(), 'drop');
    await ensureDropFolders(root);
    let clock = 0;
    const scanner = createDropScanner(root, { stableMs: 1_000, now: () => clock });
    const path = join(root, 'census', 'census.csv');
    writeFileSync(path, 'a'.repeat(100));
    await scanner.poll();
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path, 'b'.repeat(100)); // same size
    clock += 5_000;
    expect((await scanner.poll()).stable).toEqual([]);
    clock += 5_000;
    expect((await scanner.poll()).stable.map((f) => f.name)).toEqual(['census.csv']);
  });

  it('real time: a file written slowly in chunks while the scanner polls is taken only whole, and exactly once', async () => {
    const root = join(tempDir(), 'drop');
    await ensureDropFolders(root);
    const scanner = createDropScanner(root, { stableMs: 1_500 });
    const path = join(root, 'finance', 'ledger.csv');
    const chunks = 40;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < chunks; i++) {
        await appendFile(path, CHUNK);
        await new Promise((r) => setTimeout(r, 25));
      }
      writing = false;
    })();
    const taken: Array<{ size: number; whileWriting: boolean }> = [];
    let pollsAfterTaken = 0;
    while (pollsAfterTaken < 10) {
      const poll = await scanner.poll();
      for (const f of poll.stable) {
        taken.push({ size: f.size, whileWriting: writing });
        // As the scheduler does: move it away once taken.
        mkdirSync(join(root, 'processed', 'finance'), { recursive: true });
        renameSync(f.path, join(root, 'processed', 'finance', f.name));
      }
      if (taken.length > 0) pollsAfterTaken++;
      await new Promise((r) => setTimeout(r, 50));
    }
    await writer;
    expect(taken).toEqual([{ size: chunks * CHUNK.length, whileWriting: false }]);
    expect(existsSync(path)).toBe(false);
  });

  it('leaves alone files outside source folders and in-progress names, and reports the strays', async () => {
    const root = join(tempDir(), 'drop');
    await ensureDropFolders(root);
    let clock = 0;
    const scanner = createDropScanner(root, { stableMs: 0, now: () => clock });
    writeFileSync(join(root, 'stray.csv'), 'x');
    mkdirSync(join(root, 'payroll'));
    writeFileSync(join(root, 'payroll', 'p.csv'), 'x');
    writeFileSync(join(root, 'cases', 'cases.csv.part'), 'x');
    writeFileSync(join(root, 'cases', '.cases.csv.swp'), 'x');
    writeFileSync(join(root, 'cases', '~lock.cases.csv#'), 'x');
    writeFileSync(join(root, 'cases', 'cases.csv'), 'x');
    await scanner.poll();
    clock += 1;
    const poll = await scanner.poll();
    expect(poll.stable.map((f) => `${f.source}/${f.name}`)).toEqual(['cases/cases.csv']);
    expect(poll.ignored.sort()).toEqual(['payroll', 'stray.csv']);
  });
});
