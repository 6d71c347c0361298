// The demo server (`make demo`): Vite serving www/, with a same-origin proxy to the job servers,
// because neither openYuanrong's frontend nor Ray's dashboard sends CORS headers, and ModelArts
// must be signed with keys that never reach the browser.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { signRequest } from './pkg/node.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const jobUpstream = env.JOBGLASS_UPSTREAM;
const modelArtsUpstream = env.JOBGLASS_MODELARTS_UPSTREAM
  ?? (env.HUAWEICLOUD_REGION ? `https://modelarts.${env.HUAWEICLOUD_REGION}.myhuaweicloud.com` : undefined);
const keys = env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK
  ? { accessKey: env.HUAWEICLOUD_SDK_AK, secretKey: env.HUAWEICLOUD_SDK_SK }
  : null;

function proxy(prefix, target, sign) {
  return {
    target,
    changeOrigin: true,
    rewrite: (path) => path.slice(prefix.length) || '/',
    configure(server) {
      if (!sign) return;
      server.on('proxyReq', (outgoing, incoming) => {
        const url = new URL(outgoing.path, target);
        const projectId = env.HUAWEICLOUD_SDK_PROJECT_ID ?? /\/v1\/([^/]+)\/dev-servers\//.exec(url.pathname)?.[1];
        const headers = signRequest({ method: incoming.method, url: url.href }, { ...keys, projectId });
        for (const [name, value] of Object.entries(headers)) outgoing.setHeader(name, value);
      });
    },
  };
}

/** Without an upstream, the proxy paths say how to configure one instead of serving the page. */
const missingUpstreams = {
  name: 'jobglass-missing-upstreams',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const which = req.url.startsWith('/proxy/job/') && !jobUpstream ? 'JOBGLASS_UPSTREAM'
        : req.url.startsWith('/proxy/modelarts/') && !modelArtsUpstream ? 'JOBGLASS_MODELARTS_UPSTREAM or HUAWEICLOUD_REGION'
          : null;
      if (!which) return next();
      res.writeHead(501, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(`the demo proxy has no upstream: start it with ${which} set`));
    });
  },
};

export default defineConfig({
  root: 'www',
  clearScreen: false,
  plugins: [missingUpstreams],
  resolve: { alias: { jobglass: `${root}pkg/index.js` } },
  define: {
    'import.meta.env.JOBGLASS_PROXIES': JSON.stringify({ job: Boolean(jobUpstream), modelarts: Boolean(modelArtsUpstream) }),
  },
  server: {
    host: '127.0.0.1',
    port: Number(env.PORT ?? 8080),
    strictPort: true,
    fs: { allow: [root] },
    proxy: {
      ...(jobUpstream ? { '/proxy/job/': proxy('/proxy/job', jobUpstream, false) } : {}),
      ...(modelArtsUpstream ? { '/proxy/modelarts/': proxy('/proxy/modelarts', modelArtsUpstream, Boolean(keys)) } : {}),
    },
  },
  build: { target: 'es2022', outDir: `${root}target/www` },
});
