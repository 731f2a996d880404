//! Reading YAML inputs: one parse function for every YAML file the program reads, and one
//! translation of the YAML library's errors into the program's own words.
//!
//! Each message is one line: the file, line and column, the key (its dotted path, found from
//! the text around the error since the library does not report it), and what was expected
//! with what was found — `s1.yaml:8:9: key `trials`: expected a whole number, found `abc``.

use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;

use crate::error::{Error, Place, Result, did_you_mean};

/// Parses one YAML document of `text` (the file `file`) into `T`.
///
/// Besides the library's checks, a float written `.nan` or `.inf` is refused: no number the
/// program reads may be infinite or not a number.
///
/// # Errors
/// [`Error::Input`] naming file, line, column and key, in the program's words.
pub fn from_str<T: DeserializeOwned>(text: &str, file: &str) -> Result<T> {
    let value = serde_saphyr::from_str(text).map_err(|e| error(file, text, &e))?;
    non_finite(text, file)?;
    Ok(value)
}

/// Turns a serde-saphyr error on `text` (the file `file`) into an input error.
pub fn error(file: &str, text: &str, err: &YamlError) -> Error {
    let err = innermost(err);
    let location = err.location().filter(|l| l.line() > 0);
    let (line, column) = location.map_or((0, 0), |l| (l.line(), l.column()));
    let at = |key: Option<String>| {
        let mut place = Place::file(file);
        if line > 0 {
            place = place.at(line, column);
        }
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            place = place.key(key);
        }
        place
    };
    // The key of the value at the location, or the key written there when the error is about
    // a whole `key: value` line.
    let value_key =
        || key_at(text, line, column, None).or_else(|| key_written_at(text, line, column));
    let field_key = |field: &str| key_at(text, line, column, Some(field));
    let found = || scalar_at(text, line, column);
    let (place, message) = match err {
        YamlError::InvalidScalar { ty, .. } => (
            at(value_key()),
            format!("expected {}, found {}", type_words(ty), quoted(&found())),
        ),
        YamlError::NonFiniteFloat { value, .. } => (
            at(value_key()),
            format!("expected a finite number, found {value}"),
        ),
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            at(value_key()),
            format!(
                "expected {}, found {}",
                expected_words(expected),
                found_words(unexpected, &found())
            ),
        ),
        YamlError::SerdeInvalidLength { len, expected, .. } => (
            at(value_key()),
            format!("expected {}, found {len} items", expected_words(expected)),
        ),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            at(value_key()),
            format!(
                "unknown value `{variant}`: expected one of {}{}",
                expected.join(", "),
                did_you_mean(variant, expected.iter().copied())
            ),
        ),
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => (
            at(field_key(field)),
            format!(
                "not a known key{}; the keys here are {}",
                did_you_mean(field, expected.iter().copied()),
                expected.join(", ")
            ),
        ),
        YamlError::SerdeMissingField { field, .. } => {
            let parent = key_at(text, line, column, None);
            let key = match parent {
                Some(p) if line > 0 && !starts_mapping_here(text, line, column) => {
                    format!("{p}.{field}")
                }
                _ => field_key(field).unwrap_or_else(|| field.to_string()),
            };
            (Place::file(file).key(key), "required but missing".into())
        }
        YamlError::DuplicateMappingKey { key, .. } => {
            let name = key.clone().unwrap_or_else(found);
            (
                at(None),
                format!(
                    "key `{}` appears twice",
                    field_key(&name).unwrap_or(name.clone())
                ),
            )
        }
        YamlError::MultipleDocuments { .. } => (
            Place::file(file),
            format!(
                "holds {} YAML documents; expected one",
                documents(text).max(2)
            ),
        ),
        YamlError::Budget { breach, .. } => (Place::file(file), too_large(breach)),
        YamlError::Eof { .. } if is_empty(text) => (Place::file(file), "the file is empty".into()),
        YamlError::Eof { .. } => (
            at(None),
            "the file ends before its content is complete".into(),
        ),
        YamlError::InvalidUtf8Input => (Place::file(file), "is not UTF-8 text".into()),
        YamlError::Unexpected { expected, .. } => (
            at(value_key()),
            format!(
                "expected {}, found {}",
                expected_words(expected),
                quoted(&found())
            ),
        ),
        YamlError::NullIntoString { .. } => (
            at(value_key()),
            "expected a text value, found nothing".into(),
        ),
        YamlError::InvalidBooleanStrict { .. } => (
            at(value_key()),
            format!("expected true or false, found {}", quoted(&found())),
        ),
        YamlError::UnknownAnchor { .. } => (
            at(None),
            "an alias (`*name`) refers to no anchor (`&name`)".into(),
        ),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => {
            (at(None), "too many alias expansions (`*name`)".into())
        }
        YamlError::UnsupportedTag { tag, .. } => (
            at(value_key()),
            format!("the tag `{tag}` is not supported here"),
        ),
        YamlError::QuotingRequired { value, .. } => (
            at(value_key()),
            format!("`{value}` must be quoted to be read as text"),
        ),
        YamlError::Message { msg, .. } => (at(value_key()), strip(msg)),
        // Syntax errors from the parser: its short description, without its location.
        YamlError::ExternalMessage { msg, .. } => (at(None), syntax_words(&strip(msg))),
        other => (at(value_key()), fallback(other)),
    };
    Error::input(place, message)
}

/// A YAML syntax error in words: the usual slips said plainly, the parser's own short
/// description otherwise (it has no structured kind to map).
fn syntax_words(msg: &str) -> String {
    let m = msg.to_lowercase();
    let plain = if m.contains("tab") {
        "a tab where YAML needs spaces (indent with spaces only)"
    } else if m.contains("mapping values are not allowed")
        || m.contains("mapping keys are not allowed")
    {
        "a `key:` where none may stand: check the indentation, or quote a value that holds `: `"
    } else if m.contains("did not find expected key") || m.contains("indentation") {
        "a line does not line up with the keys around it: check the indentation"
    } else if m.contains("unclosed") || m.contains("end of stream") || m.contains("unexpected end")
    {
        "a bracket or quote is opened and not closed"
    } else if m.contains("cannot start any token") || m.contains("unexpected character") {
        "a value starts with a character YAML reserves (such as `@`, `%` or a backtick): quote it"
    } else {
        return format!("not valid YAML: {msg}");
    };
    format!("not valid YAML: {plain}")
}

/// The error an alias or snippet wrapper carries.
fn innermost(err: &YamlError) -> &YamlError {
    let mut err = err.without_snippet();
    while let YamlError::AliasError { error, .. } = err {
        err = error.without_snippet();
    }
    err
}

/// The library's user-facing rendering, for the rare errors mapped by no rule above.
fn fallback(err: &YamlError) -> String {
    let formatter = serde_saphyr::UserMessageFormatter;
    let text = err.render_with_options(serde_saphyr::render_options! {
        formatter: &formatter,
        snippets: serde_saphyr::SnippetMode::Off,
    });
    strip(&text)
}

/// A message without the location the library prepends or appends, on one line.
fn strip(msg: &str) -> String {
    let mut text = msg
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_string();
    if let Some(rest) = text.strip_prefix("error: ") {
        text = rest.to_string();
    }
    if text.starts_with("line ")
        && let Some(i) = text.find(": ")
    {
        text = text[i + 2..].to_string();
    }
    if let Some(i) = text.rfind(" at line ") {
        text.truncate(i);
    }
    text
}

fn too_large(breach: &BudgetBreach) -> String {
    let limits = serde_saphyr::Budget::default();
    match breach {
        BudgetBreach::Nodes { .. } => format!(
            "too large (more than {} nodes)",
            crate::table::thousands(limits.max_nodes as f64)
        ),
        BudgetBreach::Depth { .. } => {
            format!("nested too deeply (more than {} levels)", limits.max_depth)
        }
        BudgetBreach::Documents { .. } => format!(
            "holds too many YAML documents (more than {}); expected one",
            limits.max_documents
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => {
            "too many aliases (`*name`)".into()
        }
        BudgetBreach::Anchors { .. } => "too many anchors (`&name`)".into(),
        BudgetBreach::ScalarBytes { .. } => "too large (its values hold too much text)".into(),
        _ => "too large or too complex to read".into(),
    }
}

/// A Rust type name as the user would say it.
fn type_words(ty: &str) -> &'static str {
    match ty {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number (0 or more)",
        "f32" | "f64" | "floating point" => "a number",
        "bool" | "boolean" => "true or false",
        "char" => "a single character",
        "string" | "str" | "string scalar" | "a string" => "a text value",
        _ => "another kind of value",
    }
}

/// Serde's "expected" phrase in the program's words.
fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    let words = type_words(e);
    if words != "another kind of value" {
        return words.into();
    }
    if e.starts_with("struct ") || e == "a map" || e.contains("mapping") || e.starts_with("map") {
        return "a mapping (`key: value` lines)".into();
    }
    if e.contains("sequence") || e.starts_with("a list") || e.starts_with("tuple") {
        return "a list".into();
    }
    if e.starts_with("enum ") || e.starts_with("variant ") {
        return "one of the listed names".into();
    }
    e.replace("an integer", "a whole number")
        .replace("integer", "whole number")
        .replace("a string", "a text value")
}

/// Serde's "unexpected" phrase, preferring the text as written.
fn found_words(unexpected: &str, scalar: &str) -> String {
    let u = unexpected.trim();
    if u.starts_with("sequence") {
        "a list".into()
    } else if u.starts_with("map") {
        "a mapping".into()
    } else if u == "unit value" || u == "null" || scalar.is_empty() {
        "nothing".into()
    } else {
        quoted(scalar)
    }
}

fn quoted(scalar: &str) -> String {
    if scalar.is_empty() {
        "nothing".into()
    } else if scalar.starts_with('[') || scalar.starts_with("- ") || scalar == "-" {
        "a list".into()
    } else if scalar.starts_with('{') {
        "a mapping".into()
    } else {
        format!("`{scalar}`")
    }
}

/// Whether `text` holds nothing but blank lines and comments.
fn is_empty(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// The line (1-based) of `text`, if there is one.
fn line_of(text: &str, line: u64) -> Option<&str> {
    if line == 0 {
        return None;
    }
    text.lines().nth(line as usize - 1)
}

/// The scalar written at `line:column`, as written (at most 40 characters).
fn scalar_at(text: &str, line: u64, column: u64) -> String {
    let Some(l) = line_of(text, line) else {
        return String::new();
    };
    let rest: String = l.chars().skip((column.max(1) - 1) as usize).collect();
    let rest = rest.trim_start();
    let value = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
            Some(end) => &rest[..end + 2],
            None => rest,
        },
        _ => {
            let end = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
            rest[..end].trim_end()
        }
    };
    let value: String = value.chars().take(40).collect();
    value
}

/// The key written at `line:column` (`key: ...`), with the keys that hold it.
fn key_written_at(text: &str, line: u64, column: u64) -> Option<String> {
    let l = line_of(text, line)?;
    let rest: String = l.chars().skip((column.max(1) - 1) as usize).collect();
    let rest = rest.trim_start_matches(['-', ' ']);
    let (key, _) = rest
        .split_once(": ")
        .or_else(|| rest.strip_suffix(':').map(|k| (k, "")))?;
    if key.is_empty() || key.contains([' ', '{', '[', ',']) {
        return None;
    }
    key_at(text, line, column, Some(&unquote(key)))
}

/// Whether a mapping starts at `line:column` (its first key is written there).
fn starts_mapping_here(text: &str, line: u64, column: u64) -> bool {
    line_of(text, line).is_some_and(|l| {
        let rest: String = l.chars().skip((column.max(1) - 1) as usize).collect();
        let rest = rest.trim_start_matches(['-', ' ']);
        rest.split_once(':')
            .is_some_and(|(k, _)| !k.is_empty() && !k.contains([' ', '{', '[', ',']))
    })
}

/// The dotted key path of the value at `line:column` (list items are skipped), ending with
/// `field` when the error is about a key written there.
fn key_at(text: &str, line: u64, column: u64, field: Option<&str>) -> Option<String> {
    let Some(l) = line_of(text, line) else {
        return field.map(str::to_string);
    };
    let mut path = block_parents(text, line);
    let prefix: String = l.chars().take((column.max(1) - 1) as usize).collect();
    path.extend(flow_keys(&prefix));
    if let Some(f) = field {
        // The key the error is about is written at the location itself.
        if path.last().is_some_and(|k| k == f) {
            path.pop();
        }
        path.push(f.to_string());
    }
    if path.is_empty() {
        None
    } else {
        Some(path.join("."))
    }
}

/// The keys of the block mappings that hold `line`, outermost first.
fn block_parents(text: &str, line: u64) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let index = line as usize - 1;
    let Some(current) = lines.get(index) else {
        return Vec::new();
    };
    let mut threshold = indent(current);
    let mut keys = Vec::new();
    for l in lines[..index].iter().rev() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let r = indent(l);
        if r >= threshold {
            continue;
        }
        threshold = r;
        let content = t.trim_start_matches(['-', ' ']);
        if let Some((key, value)) = content.split_once(':') {
            let value = value.split(" #").next().unwrap_or("").trim();
            let opens = value.is_empty()
                || value.starts_with(['|', '>', '&', '!'])
                || value.starts_with('{') && !value.contains('}')
                || value.starts_with('[') && !value.contains(']');
            if opens && !key.contains(' ') {
                keys.push(unquote(key));
            }
        }
        if r == 0 {
            break;
        }
    }
    keys.reverse();
    keys
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn unquote(key: &str) -> String {
    key.trim().trim_matches(['"', '\'']).to_string()
}

/// The keys open at the end of `prefix` (part of one line): block keys written on it and
/// those of the flow mappings (`{ a: { b: ...`) it opens.
fn flow_keys(prefix: &str) -> Vec<String> {
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut last: Option<String> = None;
    let mut token = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = prefix.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            token.push(c);
            continue;
        }
        match c {
            '"' | '\'' if token.is_empty() => {
                quote = Some(c);
                token.push(c);
            }
            ':' if chars.get(i + 1).is_none_or(|n| n.is_whitespace()) => {
                if !token.is_empty() {
                    // A key on the same line as its parent's (`a: b: ...` is not YAML, but
                    // `- a: { b: ...` is): keep the outer one open.
                    if let Some(prev) = last.take() {
                        stack.push(Some(prev));
                    }
                    last = Some(unquote(&token));
                }
                token.clear();
            }
            '{' | '[' => {
                stack.push(last.take());
                token.clear();
            }
            '}' | ']' => {
                stack.pop();
                last = None;
                token.clear();
            }
            ',' => {
                last = None;
                token.clear();
            }
            '#' if token.is_empty() => break,
            c if c.is_whitespace() => {
                token.clear();
            }
            c => token.push(c),
        }
    }
    stack.into_iter().flatten().chain(last).collect()
}

/// How many documents `text` holds (each `---` line starts one; content before the first
/// is one more).
fn documents(text: &str) -> usize {
    let mut count = 0;
    let mut before_first = false;
    for l in text.lines() {
        if l == "---" || l.starts_with("--- ") {
            count += 1;
        } else if count == 0 {
            let t = l.trim();
            if !t.is_empty() && !t.starts_with('#') && !t.starts_with('%') {
                before_first = true;
            }
        }
    }
    count + usize::from(before_first)
}

/// Refuses a value written `.nan` or `.inf` (any case, any sign) anywhere but in text.
fn non_finite(text: &str, file: &str) -> Result<()> {
    let mut block_indent: Option<usize> = None;
    for (n, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if let Some(b) = block_indent {
            if t.is_empty() || indent(l) > b {
                continue;
            }
            block_indent = None;
        }
        if t.starts_with('#') {
            continue;
        }
        let mut quote: Option<char> = None;
        let mut start = 0;
        let chars: Vec<(usize, char)> = l.char_indices().collect();
        let mut tokens: Vec<(usize, String)> = Vec::new();
        let mut token = String::new();
        for (k, &(_, c)) in chars.iter().enumerate() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                continue;
            }
            let ends = matches!(c, ',' | '{' | '}' | '[' | ']')
                || c == ':' && chars.get(k + 1).is_none_or(|(_, n)| n.is_whitespace())
                || c == '#' && token.is_empty();
            if c == '#' && token.is_empty() {
                break;
            }
            if ends || c.is_whitespace() {
                if !token.is_empty() {
                    tokens.push((start, std::mem::take(&mut token)));
                }
                continue;
            }
            if matches!(c, '"' | '\'') && token.is_empty() {
                quote = Some(c);
                continue;
            }
            if token.is_empty() {
                start = k;
            }
            token.push(c);
        }
        if !token.is_empty() {
            tokens.push((start, token));
        }
        for (k, tok) in &tokens {
            let bare = tok.trim_start_matches(['+', '-']);
            if matches!(bare, ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF") {
                let line = n as u64 + 1;
                let column = *k as u64 + 1;
                let mut place = Place::file(file).at(line, column);
                if let Some(key) = key_at(text, line, column, None) {
                    place = place.key(key);
                }
                return Err(Error::input(
                    place,
                    format!("expected a finite number, found {tok}"),
                ));
            }
        }
        if let Some((_, last)) = tokens.last()
            && (last.starts_with('|') || last.starts_with('>'))
        {
            block_indent = Some(indent(l));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_block_and_flow_mappings() {
        let text = "a:\n  b:\n    - c: { d: 1, e: x }\n";
        assert_eq!(key_at(text, 3, 21, None).as_deref(), Some("a.b.c.e"));
        assert_eq!(key_at(text, 3, 12, Some("d")).as_deref(), Some("a.b.c.d"));
        assert_eq!(scalar_at(text, 3, 21), "x");
    }

    #[test]
    fn documents_are_counted() {
        assert_eq!(documents("a: 1\n---\nb: 2\n"), 2);
        assert_eq!(documents("---\na: 1\n---\nb: 2\n--- \nc: 3\n"), 3);
    }
}
