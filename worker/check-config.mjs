// `make demo` runs this before starting the worker, so a bad configuration stops start-up with a
// message naming the entry (the worker itself answers 500 NOT_CONFIGURED with the same words).
// Reads the JOBGLASS_* environment (clusters, sign-in, the watch round's rules); prints the
// clusters it will serve and the rules' formats, never a URL or secret.
import { authProblem } from './src/auth.js';
import { ConfigError, publicView, readClusters } from './src/clusters.js';
import { readWatchConfig } from './src/watch-config.js';

try {
  const problem = authProblem(process.env);
  if (problem) throw new ConfigError(problem);
  const byName = readClusters(process.env);
  const clusters = [...byName.values()].map(publicView);
  const watch = readWatchConfig(process.env, [...byName.keys()]);
  console.log(`clusters: ${clusters.map((c) => `${c.name} (${c.kind})`).join(', ')}; sign-in: ${process.env.JOBGLASS_AUTH || 'none'}`);
  console.log(`watch: every ${watch.watchSeconds} s; notify rules: ${watch.rules.length ? watch.rules.map((r) => r.format).join(', ') : 'none'}; history: ${watch.historyDays} days`);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(`jobglass console: ${e.message}`);
  process.exit(1);
}
