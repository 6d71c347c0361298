//! TypeScript declarations for what is not generated from the Rust model: the options, the
//! error interface, the log result and the signing inputs (docs/api.md §1–§2, §7, §9). The
//! error codes come from `crate::error`'s one list; `tests/js/types.test.mjs` checks that the
//! results have exactly the keys and types declared.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_CODES: &'static str = crate::error::TYPESCRIPT_UNION;

/// What the parsers read. An object parameter is typed with an index signature so that the
/// compiler refuses what the parsers cannot read as JSON: a `Date`, a `Map`, an array where an
/// object is expected, a number (`tests/js/types.test.mjs` holds this).
#[wasm_bindgen(typescript_custom_section)]
const INPUTS: &'static str = r#"

/**
 * An object as `JSON.parse` makes it: string keys, JSON values. Instances of classes and
 * interfaces such as `Date` or `Map` are not this; pass the server's text or parsed answer.
 */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * A server's answer for `parseJob`, `parseDevServerJob` and `parseDevServerJobList`: its JSON
 * text, the text's UTF-8 bytes (a `Uint8Array`, which includes Node's `Buffer`, or an
 * `ArrayBuffer`), or the object `JSON.parse` made of it.
 */
export type JsonInput = string | Uint8Array | ArrayBuffer | JsonObject;

/**
 * A job list for `parseJobList`: its JSON text, the text's UTF-8 bytes, or the array
 * `JSON.parse` made of it.
 */
export type JsonListInput = string | Uint8Array | ArrayBuffer | readonly unknown[];
"#;

#[wasm_bindgen(typescript_custom_section)]
const DECLARATIONS: &'static str = r#"

/**
 * What every jobglass function throws or rejects with (docs/api.md §7): an `Error` whose
 * `name` is `"JobglassError"`, with a `code` to branch on and what the server said. No property
 * ever holds a credential, even when a server echoes one. `isJobglassError(e)` tells it apart.
 *
 * @example
 * ```ts
 * try {
 *   await fetchJob(endpoint, id);
 * } catch (e) {
 *   if (!isJobglassError(e)) throw e;
 *   console.log(e.code, e.status, e.serverCode, e.serverMessage, e.requestId);
 * }
 * ```
 */
export interface JobglassError extends Error {
  name: "JobglassError";
  /** What went wrong, one of the codes of docs/api.md §7. */
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
  /** Sends every request of the call instead of the default `fetch`, called as that one is: `fetch(url, init)`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

export type WatchOptions = FetchOptions & {
  /** Between polls; default 2000, at least 100. */
  intervalMs?: number;
  /** For the whole watch; default none. */
  deadlineMs?: number;
  /** Called with the first job, then whenever status, endTime, driverExitCode, errorType or message change. */
  onUpdate?: (job: Job) => void;
};

/** Huawei Cloud credentials for `signRequest` and the ModelArts functions (docs/api.md §8). */
export interface AkSk {
  /** The access key (AK), named in the `Authorization` header. */
  accessKey: string;
  /** The secret key (SK): signs, and is never sent or shown in an error. */
  secretKey: string;
  /** With temporary credentials, sent as `X-Security-Token`. */
  securityToken?: string;
  /** Sent as `X-Project-Id` by `signRequest`; the ModelArts functions send their `projectId` argument. */
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
  /** The log as UTF-8 text, line endings (`\r\n` included) as sent. */
  text: string;
  /** How many lines `text` holds. */
  lineCount: number;
  /** Whether `tailLines` or `maxLogBytes` dropped the beginning. */
  truncated: boolean;
  /** How many bytes were dropped from the beginning; 0 when none. */
  droppedBytes: number;
  /** Whether the job had ended and everything it wrote was read. */
  complete: boolean;
}

/** A request to sign with `signRequest`: exactly what will be sent (docs/api.md §8). */
export interface SignableRequest {
  /** `GET`, `POST`, … */
  method: string;
  /** The absolute `http:` or `https:` URL, query included. */
  url: string;
  /** Headers that will be sent; each whose name has no `_` is signed. */
  headers?: Record<string, string>;
  /** The body that will be sent; none when absent. */
  body?: string | Uint8Array;
}
"#;
