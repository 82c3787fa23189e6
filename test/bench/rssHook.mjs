// Preloaded (node --import) into a benchmarked child process: reports its peak
// resident set size on stderr when it exits, for test/bench/ingestBench.ts.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `sendwh-bench-peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
