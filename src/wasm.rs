//! JavaScript bindings: strings and plain objects in, plain objects out; all logic lives in the pure modules.

use crate::{render, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn options_from(value: JsValue) -> Result<Options, JsError> {
    let mut options: Options = if value.is_undefined() || value.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(value).map_err(|e| {
            let text = e.to_string();
            // serde-wasm-bindgen's errors read "Error: …" when shown.
            let text = text.strip_prefix("Error: ").unwrap_or(&text);
            JsError::new(&format!("inkpost: invalid options: {text}"))
        })?
    };
    // `{{ site.time }}` is when the site is built; in a browser, that is now.
    if !options.site.other.contains_key("time") {
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        options
            .site
            .other
            .insert("time".into(), crate::Value::String(now));
    }
    Ok(options)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("inkpost: {e}")))
}

/// Renders a post file's text; returns `{ meta, html, excerptHtml, toc, stats, warnings }`.
#[wasm_bindgen(js_name = renderPost)]
pub fn render_post(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    to_js(&render(source, &options))
}

/// Renders a post into `element` (its content is replaced by the post's HTML);
/// returns the same object as `renderPost`.
#[wasm_bindgen(js_name = renderInto)]
pub fn render_into(
    element: &web_sys::Element,
    source: &str,
    options: JsValue,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let rendered = render(source, &options);
    element.set_inner_html(&rendered.html);
    to_js(&rendered)
}
