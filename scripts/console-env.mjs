// Writes the console's configuration from this process's environment to the file named by
// argv[2] (mode 600), in the .env format `wrangler dev --env-file` reads, so that no secret is
// ever on a command line: every JOBGLASS_* and HUAWEICLOUD_* variable, the edge routes' settings
// (docs/api.md §13), and each secret that JOBGLASS_CLUSTERS or JOBGLASS_NOTIFY names as
// `secret:NAME`.
import { writeFileSync } from 'node:fs';

const EDGE = ['JOB_UPSTREAM', 'MODELARTS_ENDPOINT', 'ALLOWED_PROJECTS', 'EXPOSE_ENV_VARS', 'ALLOWED_ORIGIN', 'ALLOW_ACTIONS'];
const env = process.env;
const named = [...`${env.JOBGLASS_CLUSTERS ?? ''}${env.JOBGLASS_NOTIFY ?? ''}`.matchAll(/"secret:([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]);
const names = Object.keys(env).filter((n) => /^(JOBGLASS_|HUAWEICLOUD_)/.test(n) && n !== 'JOBGLASS_STATE_DIR')
  .concat(EDGE.filter((n) => n in env), named.filter((n) => n in env));

/** A .env value: single quotes keep it literal; double quotes or backticks when it holds a quote. */
function quoted(name, value) {
  if (!/[\n\r]/.test(value)) {
    for (const q of ["'", '"', '`']) if (!value.includes(q) && !(q === '"' && value.includes('\\'))) return `${q}${value}${q}`;
  }
  throw new Error(`${name} cannot be passed to the console: it holds a line break or all three kinds of quotes`);
}

const lines = [...new Set(names)].map((n) => `${n}=${quoted(n, env[n])}`);
writeFileSync(process.argv[2], lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
