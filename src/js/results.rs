//! How a result reaches JavaScript, in one crossing rather than one boundary call per field (a
//! job has about forty): jobs as a tape that `tape.js` builds into objects, the other results as
//! JSON text read by the engine's `JSON.parse`.

use wasm_bindgen::prelude::*;

use crate::error::JobglassError;
use crate::model::{DevServerJob, DevServerJobPage, Job, JobLogs, Tape, ToJson};

#[wasm_bindgen(module = "/src/js/tape.js")]
extern "C" {
    /// The jobs of a tape (`model::Tape`), or its one job when `one` is set.
    #[wasm_bindgen(js_name = readJobs, catch)]
    fn read_jobs(
        ops: &[u32],
        nums: &[f64],
        text: &[u8],
        count: u32,
        one: bool,
    ) -> Result<JsValue, JsValue>;
}

/// A result as the JavaScript value the package's declarations describe.
pub(crate) trait ToJs {
    fn to_js(&self) -> Result<JsValue, JobglassError>;
}

/// The engine could not make the strings (one longer than it allows, about 2²⁹ units in V8).
fn undecodable(_: JsValue) -> JobglassError {
    JobglassError::invalid_response("the result cannot be decoded")
}

fn jobs_to_js(jobs: &[Job], one: bool) -> Result<JsValue, JobglassError> {
    let tape = Tape::of_jobs(jobs.iter());
    read_jobs(&tape.ops, &tape.nums, &tape.text, jobs.len() as u32, one).map_err(undecodable)
}

impl ToJs for Job {
    fn to_js(&self) -> Result<JsValue, JobglassError> {
        jobs_to_js(std::slice::from_ref(self), true)
    }
}

impl ToJs for Vec<Job> {
    fn to_js(&self) -> Result<JsValue, JobglassError> {
        jobs_to_js(self, false)
    }
}

macro_rules! to_js_as_json_text {
    ($($t:ty),*) => {$(
        impl ToJs for $t {
            fn to_js(&self) -> Result<JsValue, JobglassError> {
                js_sys::JSON::parse(&self.to_json()).map_err(undecodable)
            }
        }
    )*};
}

to_js_as_json_text!(DevServerJob, DevServerJobPage, JobLogs);
