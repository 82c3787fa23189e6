// The command declarations (transforms/cli/commands/*.ts): the list --help shows, each
// command's help complete, and the table names why's declaration writes out to stay
// cheap to import equal to those the code knows.
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS, type Command } from '../../../transforms/cli/command.js';
import { COMMANDS } from '../../../transforms/cli/commands/index.js';
import { LINEAGE_TABLES } from '../../../transforms/lineage/index.js';

function command(name: string): Command {
  const found = COMMANDS.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
}

describe('the CLI commands', () => {
  it('lists every command once, in the order --help shows them', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['demo', 'ingest', 'build', 'rebuild', 'sql', 'return', 'reproduce', 'schedule', 'quarantine', 'verify', 'status', 'why', 'docs', 'export']);
  });

  it('declares complete help for each: a one-line summary, a usage naming it, a description, every option described and none a global one', () => {
    const globals = new Set(GLOBAL_OPTIONS.map((o) => o.name));
    for (const c of COMMANDS) {
      expect(c.summary, c.name).toMatch(/^[^\n]{10,}$/);
      expect(c.usage.split(' ')[0], c.name).toBe(c.name);
      expect(c.description.split('\n').length, c.name).toBeGreaterThanOrEqual(3);
      const names = c.options.map((o) => o.name);
      expect(new Set(names).size, c.name).toBe(names.length);
      for (const o of c.options) {
        expect(globals.has(o.name), `${c.name} --${o.name}`).toBe(false);
        expect(o.description, `${c.name} --${o.name}`).toMatch(/^[^\n]{10,}$/);
      }
      for (const e of c.examples ?? []) expect(e.startsWith(`sendwh ${c.name}`) || e.includes(` sendwh ${c.name}`), e).toBe(true);
    }
  });

  it('why names exactly the tables it explains', () => {
    expect(command('why').description.split('\n').at(-1)).toBe(`Tables: ${LINEAGE_TABLES.map((t) => t.table).join(', ')}.`);
  });
});
