// Preloaded into a benchmarked command (`node -r`): at exit, its peak resident memory in KiB is
// written to the file named by FLOWFORGE_BENCH_MAX_RSS — of that process alone, not of the git
// processes it starts.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.FLOWFORGE_BENCH_MAX_RSS) writeFileSync(process.env.FLOWFORGE_BENCH_MAX_RSS, String(process.resourceUsage().maxRSS));
});
