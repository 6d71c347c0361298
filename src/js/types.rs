//! TypeScript declarations for what is not generated from the Rust model: the options, the
//! error interface, the log result and the signing inputs (docs/api.md §1–§2, §7, §9). The
//! error codes come from `crate::error`'s one list; `tests/js/types.test.mjs` checks that the
//! results have exactly the keys and types declared.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_CODES: &'static str = crate::error::TYPESCRIPT_UNION;

#[wasm_bindgen(typescript_custom_section)]
const DECLARATIONS: &'static str = r#"

/** What every jobglass function throws or rejects with. */
export interface JobglassError extends Error {
  name: "JobglassError";
  code: JobglassErrorCode;
  /** HTTP status, when an answer arrived. */
  status: number | null;
  /** The server's own code: `ModelArts.6404`, `APIG.0301`, … */
  serverCode: string | null;
  /** The server's own words, at most 2 KiB. */
  serverMessage: string | null;
  /** `X-Request-Id` or the body's `request_id`. */
  requestId: string | null;
  /** The URL requested; null for the parsers. */
  url: string | null;
  /** How many requests were sent. */
  attempts: number;
}

export interface FetchOptions {
  /** Sent as given (openYuanrong `X-Auth`, Ray `Authorization: Bearer …`). */
  headers?: Record<string, string>;
  /** Per attempt; default 10000; 0 disables. */
  timeoutMs?: number;
  /** Default 2; only network failures and HTTP 429, 502, 503, 504 are retried. */
  retries?: number;
  /** Aborting rejects at once with `ABORTED`. */
  signal?: AbortSignal;
  /** Default 16 MiB, at most 1 GiB; a larger body rejects with `TOO_LARGE`. */
  maxBodyBytes?: number;
}

export type WatchOptions = FetchOptions & {
  /** Between polls; default 2000, at least 100. */
  intervalMs?: number;
  /** For the whole watch; default none. */
  deadlineMs?: number;
  /** Called with the first job, then whenever status, endTime, driverExitCode, errorType or message change. */
  onUpdate?: (job: Job) => void;
};

export interface AkSk {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
  projectId?: string;
}

export type DevServerOptions = FetchOptions & {
  /** An IAM token, sent as `X-Auth-Token`. */
  authToken?: string;
  /** AK/SK: each request is signed with SDK-HMAC-SHA256. */
  credentials?: AkSk;
};

export type DevServerListOptions = DevServerOptions & {
  /** `limit` and `offset` (records) page the list. */
  filter?: { id?: string; name?: string; type?: string; status?: string; visible?: boolean; limit?: number; offset?: number };
};

export type DevServerWatchOptions = DevServerOptions & {
  /** Between polls; default 2000, at least 100. */
  intervalMs?: number;
  /** For the whole watch; default none. */
  deadlineMs?: number;
  /** Called with the first job, then whenever status, updatedAt, abnormalCount or a task's status or message change. */
  onUpdate?: (job: DevServerJob) => void;
};

export type LogOptions = FetchOptions & {
  /** Keep only the last N lines. */
  tailLines?: number;
  /** Keep at most the last N bytes of text; default 8 MiB. */
  maxLogBytes?: number;
  /** A `name` from `listJobLogFiles` (docs/api.md §15); absent: the driver's log. */
  file?: string;
};

export type FollowLogOptions = LogOptions & {
  /** Called with each piece of new text, in order, each byte once. */
  onText?: (text: string) => void;
  /** Between polls where there is no WebSocket; default 2000, at least 100. */
  intervalMs?: number;
  /** For the whole follow; default none. */
  deadlineMs?: number;
};

/** A job's log, or its last part (docs/api.md §9). */
export interface JobLogs {
  text: string;
  lineCount: number;
  truncated: boolean;
  droppedBytes: number;
  complete: boolean;
}

export interface SignableRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}
"#;
