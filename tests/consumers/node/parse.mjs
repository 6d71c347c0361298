// Node ESM consumer of `jobglass/parse`: the parsers and the signer, without the fetch client.
import * as jobglass from 'jobglass/parse';

const job = jobglass.parseJob('{"status":"FAILED","driver_exit_code":3}');
const signed = jobglass.signRequest(
  { method: 'GET', url: 'https://modelarts.example.com/v1/p/dev-servers/jobs' },
  { accessKey: 'AK', secretKey: 'SK' },
  Date.UTC(2025, 0, 1),
);
console.log(JSON.stringify({
  status: job.status,
  exitCode: job.driverExitCode,
  signedAt: signed['X-Sdk-Date'],
  fetches: 'fetchJob' in jobglass,
}));
