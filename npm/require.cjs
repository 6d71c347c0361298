// CommonJS. Where Node can require() an ES module (Node ≥ 20.19 and ≥ 22.12), this is the Node
// entry itself — ready on require, its requests over node:http as with `import`; an older Node
// cannot load the package's ES modules this way and is told how to import it instead.
try {
  module.exports = require('./node.js');
} catch (e) {
  if (e?.code !== 'ERR_REQUIRE_ESM' && e?.code !== 'ERR_REQUIRE_ASYNC_MODULE') throw e;
  throw new Error(
    "jobglass is an ES module and this Node cannot load it with require() (Node ≥ 20.19 or ≥ 22.12 can). " +
      "Use `import { fetchJob } from 'jobglass'`, or `const { fetchJob } = await import('jobglass')` from CommonJS.",
    { cause: e },
  );
}
