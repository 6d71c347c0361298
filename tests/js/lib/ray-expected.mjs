// What the contract says Ray's own report of a job (JobDetails) becomes, computed
// independently of jobglass for the comparisons with a real Ray head.

const TERMINAL = ['SUCCEEDED', 'FAILED', 'STOPPED'];
const orNull = (v) => (v === '' || v === undefined ? null : v);

/** What the contract says a Ray JobDetails becomes, computed here from Ray's own report. */
export function expectedFrom(info) {
  const terminal = TERMINAL.includes(info.status);
  return {
    type: info.type,
    jobId: orNull(info.job_id),
    submissionId: orNull(info.submission_id),
    status: info.status,
    terminal,
    startTime: info.start_time || null,
    endTime: info.end_time || null,
    driverExitCode: terminal ? (info.driver_exit_code ?? null) : null,
    entrypoint: orNull(info.entrypoint),
    metadata: info.metadata ?? {},
    errorType: orNull(info.error_type),
    message: orNull(info.message),
    driver: info.driver_info
      ? { id: orNull(info.driver_info.id), nodeIpAddress: orNull(info.driver_info.node_ip_address), pid: info.driver_info.pid ? Number(info.driver_info.pid) : null }
      : null,
  };
}
