// `make demo` runs this before starting the worker, so a bad configuration stops start-up with a
// message naming the entry (the worker itself answers 500 NOT_CONFIGURED with the same words).
// Reads the JOBGLASS_* environment; prints the clusters it will serve, never a URL or secret.
import { authProblem } from './src/auth.js';
import { ConfigError, publicView, readClusters } from './src/clusters.js';

try {
  const problem = authProblem(process.env);
  if (problem) throw new ConfigError(problem);
  const clusters = [...readClusters(process.env).values()].map(publicView);
  console.log(`clusters: ${clusters.map((c) => `${c.name} (${c.kind})`).join(', ')}; sign-in: ${process.env.JOBGLASS_AUTH || 'none'}`);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(`jobglass console: ${e.message}`);
  process.exit(1);
}
