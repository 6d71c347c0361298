// CommonJS consumer: require() gives the Node entry where Node can require ES modules (≥ 20.19,
// ≥ 22.12); elsewhere it fails with a message naming the ESM import.
try {
  const { parseJob } = require('jobglass');
  console.log(JSON.stringify({ status: parseJob('{"status":"RUNNING"}').status }));
} catch (e) {
  console.log(e.message);
}
