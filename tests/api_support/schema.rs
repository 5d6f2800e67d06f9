//! Holds a JSON value to a schema of the API's OpenAPI document: the part of JSON Schema the document uses
//! (`$ref`, `allOf`, `oneOf`, `anyOf`, `type`, `enum`, `required`, `properties`, `additionalProperties: false`,
//! `items`, `minItems`, `minimum`, and the `date` and `date-time` formats), enough to catch an answer that
//! does not match its description.

use serde_json::Value;

/// `Ok` when `value` matches `schema`; else every mismatch, each with its JSON path.
pub fn check(document: &Value, schema: &Value, value: &Value) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    walk(document, schema, value, "$", &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .expect("a reference inside the document");
            let target = document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{reference} is not in the document"));
            resolve(document, target)
        }
        None => schema,
    }
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        other => panic!("unknown type {other}"),
    }
}

fn walk(document: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(document, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            walk(document, part, value, at, problems);
        }
    }
    for (keyword, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(options) = schema.get(keyword).and_then(Value::as_array) {
            let matching = options
                .iter()
                .filter(|option| check(document, option, value).is_ok())
                .count();
            if matching == 0 || (exactly_one && matching > 1) {
                problems.push(format!("{at}: {matching} of {keyword} match {value}"));
            }
        }
    }
    match schema.get("type") {
        Some(Value::String(name)) if !type_matches(name, value) => {
            problems.push(format!("{at}: {value} is not {name}"));
            return;
        }
        Some(Value::Array(names))
            if !names
                .iter()
                .any(|n| type_matches(n.as_str().unwrap(), value)) =>
        {
            problems.push(format!("{at}: {value} is none of {names:?}"));
            return;
        }
        _ => {}
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let (Some(minimum), Some(number)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) && number < minimum
    {
        problems.push(format!("{at}: {number} is below {minimum}"));
    }
    if let Some(text) = value.as_str() {
        let parses = match schema.get("format").and_then(Value::as_str) {
            Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
            Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            _ => true,
        };
        if !parses {
            problems.push(format!(
                "{at}: {text} is not in format {}",
                schema["format"]
            ));
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().unwrap();
            if !object.contains_key(name) {
                problems.push(format!("{at}: required `{name}` is missing"));
            }
        }
        for (name, item) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(property) => walk(document, property, item, &format!("{at}.{name}"), problems),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    problems.push(format!("{at}: `{name}` is not described"));
                }
                None => {}
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            problems.push(format!("{at}: fewer than {min} items"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                walk(document, item_schema, item, &format!("{at}[{i}]"), problems);
            }
        }
    }
}
