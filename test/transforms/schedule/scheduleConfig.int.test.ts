// <home>/schedule.json on disk: defaults when absent, overrides from options,
// and a plain refusal (exit code 2, naming the key) for a bad file.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor } from '../../../models/index.js';
import { dropFolderPath, jobCron, loadScheduleConfig } from '../../../transforms/schedule/scheduleConfig.js';
import { tempDir } from '../../support/cli.js';

describe('schedule.json', () => {
  it('absent: the defaults (07:00 London, 10th working day, <home>/drop polled every 15 s)', () => {
    const home = tempDir();
    const config = loadScheduleConfig(join(home, 'schedule.json'));
    expect(config).toMatchObject({
      timeZone: 'Europe/London',
      quarterlyReturn: { enabled: true, time: '07:00', workingDay: 10, build: true },
      dropFolder: { enabled: true, path: 'drop', pollSeconds: 15, stableSeconds: 10, build: true },
      holidays: { extra: [], moved: [] },
    });
    expect(dropFolderPath(config, home)).toBe(join(home, 'drop'));
    expect(jobCron(config, 'quarterly-return')).toBe('0 * * * *');
    expect(jobCron(config, 'drop-folder')).toBe('*/15 * * * * *');
  });

  it('reads the file, and options override it', () => {
    const home = tempDir();
    const path = join(home, 'schedule.json');
    writeFileSync(path, JSON.stringify({
      quarterlyReturn: { time: '06:45', workingDay: 8 },
      dropFolder: { path: '/srv/extracts', pollSeconds: 5, stableSeconds: 20 },
      holidays: { extra: [{ date: '2030-06-03', name: 'Jubilee' }] },
    }));
    const config = loadScheduleConfig(path);
    expect(config.quarterlyReturn).toMatchObject({ time: '06:45', workingDay: 8, enabled: true });
    expect(dropFolderPath(config, home)).toBe('/srv/extracts');
    expect(jobCron(config, 'quarterly-return')).toBe('45 * * * *');
    expect(jobCron(config, 'drop-folder')).toBe('*/5 * * * * *');
    const overridden = loadScheduleConfig(path, { time: '09:30', workingDay: 3, jobs: ['drop-folder'] });
    expect(overridden.quarterlyReturn).toMatchObject({ time: '09:30', workingDay: 3, enabled: false });
    expect(overridden.dropFolder.enabled).toBe(true);
  });

  it('refuses a typo, a bad time, a bad cron expression and bad JSON, naming the key (exit code 2)', () => {
    const home = tempDir();
    const path = join(home, 'schedule.json');
    const refusal = (content: string) => {
      writeFileSync(path, content);
      try {
        loadScheduleConfig(path);
      } catch (error) {
        expect(exitCodeFor(error)).toBe(2);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal(JSON.stringify({ quarterlyReturn: { tme: '07:00' } }))).toMatch(/quarterlyReturn: .*tme/);
    expect(refusal(JSON.stringify({ quarterlyReturn: { time: '7am' } }))).toMatch(/quarterlyReturn\.time: a time must be written HH:MM/);
    expect(refusal(JSON.stringify({ dropFolder: { cron: 'every minute' } }))).toMatch(/dropFolder\.cron: not a valid cron expression/);
    expect(refusal(JSON.stringify({ dropFolder: { pollSeconds: 7 } }))).toMatch(/pollSeconds must divide a minute/);
    expect(refusal(JSON.stringify({ timeZone: 'Europe/Londres' }))).toMatch(/timeZone: not a time zone/);
    expect(refusal(JSON.stringify({ holidays: { extra: [{ date: '2025-02-30' }] } }))).toMatch(/holidays\.extra\.0\.date: not a real date/);
    expect(refusal('{ "quarterlyReturn": ')).toMatch(/not valid JSON/);
    expect(() => loadScheduleConfig(join(home, 'absent.json'), { time: '25:00' })).toThrow(/quarterlyReturn\.time/);
  });
});
