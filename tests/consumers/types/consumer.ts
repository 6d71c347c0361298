// Every exported type in use, compiled with `tsc --strict`: the declarations must be precise.
import init, {
  fetchDevServerJob, fetchJob, initSync, isJobglassError, listDevServerJobs, listJobs, parseDevServerJob,
  parseDevServerJobList, parseJob, parseJobList, signRequest, watchJob,
  type AkSk, type DevServerJob, type DevServerJobPage, type DevServerListOptions, type DevServerOptions,
  type DevServerTask, type FetchOptions, type Job, type JobStatus, type JobglassError, type JobglassErrorCode,
  type RuntimeEnv, type SignableRequest, type WatchOptions,
} from 'jobglass';
import { parseJob as parseOnly, signRequest as signOnly } from 'jobglass/parse';

const status: JobStatus = 'RUNNING';
const codes: JobglassErrorCode[] = ['NOT_FOUND', 'TIMEOUT'];
const options: FetchOptions = { headers: { 'X-Auth': 't' }, timeoutMs: 1000, retries: 1, signal: new AbortController().signal, maxBodyBytes: 1 << 20 };
// options.fetch: the global fetch itself, and a wrapper of the shape the library calls.
const viaGlobal: FetchOptions = { fetch };
const traced: FetchOptions = { fetch: (url: string, init: RequestInit) => fetch(url, init) };
const dev2: DevServerOptions = { ...viaGlobal, ...traced };
void dev2;
const watch: WatchOptions = { ...options, intervalMs: 500, deadlineMs: 60000, onUpdate: (job: Job) => void job.status };
const credentials: AkSk = { accessKey: 'ak', secretKey: 'sk', securityToken: 'tok', projectId: 'p' };
const dev: DevServerOptions = { authToken: 'iam', credentials };
const list: DevServerListOptions = { ...dev, filter: { name: 'x', visible: true } };
const request: SignableRequest = { method: 'GET', url: 'https://h/v1', headers: { a: 'b' }, body: new Uint8Array() };

async function use(): Promise<void> {
  await init();
  initSync({ module: new Uint8Array() });
  const job: Job = parseJob('{}');
  const started: number | null = job.startTime;
  const exit: number | null = job.driverExitCode;
  const env: RuntimeEnv = job.runtimeEnv;
  const vars: Record<string, string> = env.envVars;
  const pip: string[] = env.pip;
  const pid: number | null = job.driver?.pid ?? null;
  const dialect: 'openyuanrong' | 'ray' = job.dialect;
  const jobs: Job[] = parseJobList('[]');
  const d: DevServerJob = parseDevServerJob('{}');
  const task: DevServerTask | undefined = d.tasks[0];
  const taskStatus: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'UNKNOWN' | undefined = task?.status;
  const page: DevServerJobPage = parseDevServerJobList('{}');
  const total: number | null = page.total;
  const fetched: Job = await fetchJob('http://h', 'id', options);
  const all: Job[] = await listJobs('http://h');
  const last: Job = await watchJob('http://h', 'id', watch);
  const one: DevServerJob = await fetchDevServerJob('http://h', 'p', 'j', dev);
  const more: DevServerJobPage = await listDevServerJobs('http://h', 'p', list);
  const headers: Record<string, string> = signRequest(request, credentials, new Date());
  const parsedOnly: Job = parseOnly('{}');
  const signedOnly: Record<string, string> = signOnly(request, credentials, 0);
  try {
    await fetchJob('http://h', 'x');
  } catch (e: unknown) {
    if (isJobglassError(e)) {
      const err: JobglassError = e;
      const code: JobglassErrorCode = err.code;
      const httpStatus: number | null = err.status;
      const attempts: number = err.attempts;
      void [code, httpStatus, attempts, err.serverCode, err.serverMessage, err.requestId, err.url, err.message];
    }
  }
  void [status, codes, started, exit, vars, pip, pid, dialect, jobs, taskStatus, total, fetched, all, last, one, more, headers, parsedOnly, signedOnly];
}
void use;

// docs/api.md §15: inside a Ray job.
import {
  fetchJobLogs, fetchJobTasks, fetchPendingReason, followJobLogs, listJobLogFiles, searchJobLogs,
  type JobLogFile, type JobTask, type JobTaskOptions, type JobTasks, type LogSearch, type LogSearchOptions,
  type PendingReason, type Resources,
} from 'jobglass';

async function useInside(): Promise<void> {
  const taskOptions: JobTaskOptions = { limit: 100, retries: 0 };
  const tasks: JobTasks = await fetchJobTasks('http://h', 'id', taskOptions);
  const task: JobTask | undefined = tasks.tasks[0];
  const resources: Resources | undefined = task?.requiredResources;
  const counts: Record<string, number> = tasks.summary;
  const files: JobLogFile[] = await listJobLogFiles('http://h', 'id');
  const kind: 'driver' | 'worker' | 'actor' | undefined = files[0]?.kind;
  const logs = await fetchJobLogs('http://h', 'id', { file: files[0]?.name });
  const followed = await followJobLogs('http://h', 'id', { file: 'driver', onText: (t: string) => void t });
  const searchOptions: LogSearchOptions = {
    caseSensitive: true, concurrency: 2, maxMatches: 10, maxLogBytes: 1 << 20,
    onProgress: (p: { filesRead: number; files: number; bytesRead: number }) => void p,
    onMatches: (m: { file: string; line: number; text: string }[]) => void m,
  };
  const found: LogSearch = await searchJobLogs('http://h', 'id', { regex: 'a+b' }, searchOptions);
  const first: { file: string; line: number; text: string } | undefined = found.matches[0];
  const plain: LogSearch = await searchJobLogs('http://h', 'id', 'text');
  const reason: PendingReason | null = await fetchPendingReason('http://h', 'id');
  const free: Resources | undefined = reason?.available;
  void [resources, counts, kind, logs.text, followed.complete, first, plain.complete, reason?.text, free, task?.pid];
}
void useInside;
