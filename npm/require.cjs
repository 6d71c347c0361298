// jobglass is an ES module (its WebAssembly is set up with top-level await in browsers).
throw new Error(
  "jobglass is an ES module and cannot be loaded with require(). " +
    "Use `import { fetchJob } from 'jobglass'`, or `const { fetchJob } = await import('jobglass')` from CommonJS.",
);
