//! The documentation's tables made from the spec (`tests::docs`): each is where its markers
//! are, once, and holds what the spec makes of it now. A spec edit that changes one fails here
//! with the command that rewrites them.

use tests::docs::{REFRESH, refresh, root};

#[test]
fn generated_tables_are_current() {
    let (stale, broken) = refresh(&root(), false);
    let mut problems: Vec<String> = broken
        .iter()
        .map(|b| format!("{}: {}", b.name, b.why))
        .collect();
    problems.extend(stale.iter().map(|s| format!("{}: {}", s.name, s.why)));
    assert!(
        problems.is_empty(),
        "the documentation's generated tables are stale; run `{REFRESH}` and review the diff:\n{}",
        problems.join("\n")
    );
}

/// A block is found between its markers, wherever it is, and refused when it is there twice
/// or has no end: the test above cannot pass on a file it failed to read.
#[test]
fn blocks_are_found_between_their_markers() {
    let block = "<!-- generated: t (from the spec: x) -->\n| a |\n<!-- end generated: t -->\n";
    let text = format!("intro\n{block}outro\n");
    let range = tests::docs::find(&text, "t").unwrap().unwrap();
    assert_eq!(&text[range], "| a |\n");
    assert_eq!(tests::docs::find("nothing here", "t").unwrap(), None);
    assert!(tests::docs::find(&format!("{block}{block}"), "t").is_err());
    assert!(tests::docs::find("<!-- generated: t (x) -->\n| a |\n", "t").is_err());
}

/// The command line's chapter gives a `dqe flow` example per scope, each with the options the
/// scope requires: a scope added to the spec fails here until it has its example.
#[test]
fn the_command_line_has_an_example_per_scope() {
    use dqe_client::Scope;
    use dqe_client::endpoint::ParamSource;
    let root = root();
    let examples: Vec<String> = tests::docs::doc_files(&root)
        .iter()
        .filter_map(|f| std::fs::read_to_string(root.join(f)).ok())
        .flat_map(|text| {
            text.lines()
                .filter(|l| l.starts_with("dqe flow "))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let params = dqe_client::InitiateRequest::INFO.params;
    for s in Scope::INFO {
        let example = examples
            .iter()
            .find(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                let asked = words.windows(2).any(|w| w == ["--scope", s.wire]);
                asked || (s.default && !words.contains(&"--scope"))
            })
            .unwrap_or_else(|| panic!("no `dqe flow` example of the scope {}", s.wire));
        for required in s.requires {
            let p = params.iter().find(|p| p.name == *required).unwrap();
            assert_eq!(p.source, ParamSource::Caller, "{}", p.name);
            let option = format!("--{}", dqe_codegen::support::kebab_case(p.wire));
            assert!(
                example.split_whitespace().any(|w| w == option),
                "the example of {} lacks {option}: {example}",
                s.wire
            );
        }
    }
}
