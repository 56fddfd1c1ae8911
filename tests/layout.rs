//! The code's layout as the design says it: the modules of `src/` name each
//! other without a cycle, so each stage can be read knowing only the ones
//! below it (DESIGN.md). Recursion (Markdown inside raw HTML, Liquid's
//! `markdownify`) goes through a function passed in, not a name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules a module's code (not its tests) names: `crate::x` paths and
/// the first names of `use crate::{x, y::z}` groups.
fn names(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code
        .find("#[cfg(test)]\nmod tests")
        .map_or(code, |i| &code[..i]);
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Names at the group's own level: after `{` or a `,`.
            let mut depth = 0;
            let mut start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        found.insert(ident(&group[j..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|name| modules.contains(name));
    found
}

#[test]
fn the_modules_name_each_other_without_a_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: BTreeMap<String, String> = std::fs::read_dir(&src)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "rs" && name != "lib")
                .then(|| (name, std::fs::read_to_string(&path).unwrap()))
        })
        .collect();
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .map(|(name, code)| {
            let mut deps = names(code, &modules);
            deps.remove(name);
            (name.as_str(), deps)
        })
        .collect();
    assert!(
        graph["markdown"].contains("raw_html"),
        "the check reads names"
    );

    // Depth-first, with the path so far: a name back into it is a cycle.
    fn visit<'g>(
        module: &'g str,
        graph: &'g BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Result<(), String> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module);
            return Err(cycle.join(" -> "));
        }
        if !done.insert(module) {
            return Ok(());
        }
        path.push(module);
        for dep in &graph[module] {
            visit(dep, graph, path, done)?;
        }
        path.pop();
        Ok(())
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        let mut path = Vec::new();
        if let Err(cycle) = visit(module, &graph, &mut path, &mut done) {
            panic!("src/ modules name each other in a cycle: {cycle}");
        }
    }
}
