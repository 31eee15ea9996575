//! `setEngineCheck` and `engineCheck`: the switch and the count of [`crate::engine_check`].

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::engine_check;
use crate::text::num;

use super::{read, throw, write, JsResult};

/// Turns the engine check on or off (the package's entry turns it on under JavaScriptCore).
#[wasm_bindgen(js_name = setEngineCheck, skip_typescript)]
pub fn set_engine_check(on: JsValue) -> JsResult<()> {
    let on = on
        .as_bool()
        .ok_or_else(|| throw(read::invalid("on", "a boolean", &on)))?;
    engine_check::enable(on);
    Ok(())
}

/// `{ enabled, faults }`: whether the check is on, and how many wrong results it caught.
#[wasm_bindgen(js_name = engineCheck, skip_typescript)]
pub fn engine_check_status() -> JsResult<JsValue> {
    let enabled = if engine_check::is_enabled() {
        "true"
    } else {
        "false"
    };
    let faults = num(engine_check::faults() as usize);
    write::parse(&["{\"enabled\":", enabled, ",\"faults\":", &faults, "}"].concat())
}
