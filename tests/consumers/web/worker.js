// A dedicated worker using the package on its own. The handler is registered before the
// package finishes loading (its top-level await), so no message can arrive unheard.
const jobglass = import('jobglass');

self.onmessage = async ({ data: endpoint }) => {
  const { fetchJob } = await jobglass;
  try {
    self.postMessage((await fetchJob(endpoint, 'demo-1')).status);
  } catch (e) {
    self.postMessage(`${e.code}: ${e.message}`);
  }
};
