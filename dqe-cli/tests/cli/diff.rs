//! `dqe spec diff`, run as a subprocess: the same spec is no change (exit 0); an edited copy
//! lists each change (what the library's comparison finds, in text and in JSON), ends with the
//! next version and exits 1; `--rev` reads the old spec from git; and a spec that cannot be
//! read, whatever its bytes, exits 2 with its problems, never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Dqe, Run, temp_dir};

/// `dqe ARGS`, with no DQE configuration in its environment.
fn dqe(args: &[&str]) -> Run {
    Dqe::bare().args(args).run()
}

/// A copy of the spec `dqe` was built with in a fresh directory `name/spec`, with `edit`
/// applied to its files (`(path, text)`).
fn spec_copy(name: &str, edit: impl FnOnce(&mut Vec<(String, String)>)) -> PathBuf {
    let dir = temp_dir(name).join("spec");
    let _ = std::fs::remove_dir_all(&dir);
    let mut files: Vec<(String, String)> = dqe_spec::FILES
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
    edit(&mut files);
    write_spec(&dir, &files);
    dir
}

fn write_spec(dir: &Path, files: &[(String, String)]) {
    std::fs::create_dir_all(dir.join("scopes")).unwrap();
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
}

/// Appends `text` to the file `path` of a spec's files.
fn append(files: &mut [(String, String)], path: &str, text: &str) {
    let file = files.iter_mut().find(|(p, _)| p == path).unwrap();
    file.1.push_str(text);
}

const NEW_PARAMETER: &str = "\n[[endpoints.initiate.params]]\nname = \"channel\"\ndescription = \"A made-up optional parameter.\"\n";

fn load(dir: &Path, shown: &str) -> dqe_codegen::model::Spec {
    dqe_codegen::load_spec(dir, shown).unwrap()
}

#[test]
fn the_same_spec_is_no_change() {
    let o = dqe(&["spec", "diff", dqe_spec::DIR, dqe_spec::DIR]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(0), "{out}{err}");
    assert_eq!(err, "");
    assert_eq!(out.lines().last(), Some("next version: none"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn each_change_is_listed_and_the_next_version_is_last() {
    let old = spec_copy("diff-old", |_| {});
    let new = spec_copy("diff-new", |f| append(f, "api.toml", NEW_PARAMETER));
    let (old_s, new_s) = (old.to_str().unwrap(), new.to_str().unwrap());
    let expected = dqe_spec_tools::diff::diff(&load(&old, old_s), &load(&new, new_s));
    assert!(!expected.is_empty());
    let o = dqe(&["spec", "diff", old_s, new_s]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    assert_eq!(err, "");
    let lines: Vec<&str> = out.lines().collect();
    let n = expected.changes.len();
    assert_eq!(lines.len(), n + 3, "{out}");
    for (line, change) in lines.iter().zip(&expected.changes) {
        assert_eq!(*line, change.to_string());
        assert!(line.starts_with(change.verdict.as_str()), "{line}");
        assert!(line.contains(change.kind.id()), "{line}");
        assert!(line.contains(&format!("new: {new_s}/api.toml:")), "{line}");
    }
    assert!(lines[n].starts_with(&format!("{n} change")), "{out}");
    assert!(lines[n + 1].contains("below 1.0.0"), "{out}");
    let next = expected.next_version().unwrap();
    assert_eq!(lines[n + 2], format!("next version: {next}"));

    let o = dqe(&["spec", "diff", "--json", old_s, new_s]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    let mut printed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(printed["old_spec"], old_s);
    assert_eq!(printed["new_spec"], new_s);
    let object = printed.as_object_mut().unwrap();
    object.remove("old_spec");
    object.remove("new_spec");
    assert_eq!(printed, expected.to_json());

    // The changelog's sections, worded for the crate's users; the same exit code.
    let o = dqe(&["spec", "diff", "--changelog", old_s, new_s]);
    let (out, err) = o.text();
    assert_eq!(o.code(), Some(1), "{out}{err}");
    assert_eq!(out, expected.changelog());
    assert!(out.starts_with("### Added\n\n- "), "{out}");
    let o = dqe(&["spec", "diff", "--changelog", "--json", old_s, new_s]);
    assert_eq!(
        o.code(),
        Some(1),
        "--changelog and --json together are a usage error"
    );
    let o = dqe(&["spec", "diff", "--changelog", old_s, old_s]);
    assert_eq!((o.code(), o.text().0.as_str()), (Some(0), ""));
}

/// A git repository `name` holding a copy of the spec as `spec`, committed, then edited.
fn repository(name: &str) -> PathBuf {
    let repo = temp_dir(name);
    let _ = std::fs::remove_dir_all(&repo);
    let spec = spec_copy(name, |_| {});
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=dqe",
                "-c",
                "user.email=dqe@example.invalid",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&repo)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(repo.join("README"), "a spec\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "the spec"]);
    let api = spec.join("api.toml");
    let text = std::fs::read_to_string(&api).unwrap() + NEW_PARAMETER;
    std::fs::write(&api, text).unwrap();
    repo
}

#[test]
fn rev_compares_a_commit_s_spec_with_the_working_one() {
    let repo = repository("diff-rev");
    let spec = repo.join("spec");
    let spec_s = spec.to_str().unwrap();
    // The spec directory named, and `spec` where the command runs.
    let named = Dqe::bare()
        .args(["spec", "diff", "--rev", "HEAD", spec_s])
        .run();
    let default = Dqe::bare()
        .current_dir(&repo)
        .args(["spec", "diff", "--rev", "HEAD"])
        .run();
    for (o, shown) in [(named, spec_s), (default, "spec")] {
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(1), "{out}{err}");
        let first = out.lines().next().unwrap();
        assert!(first.contains("parameter-added"), "{out}");
        assert!(first.contains(&format!("new: {shown}/api.toml:")), "{out}");
        assert!(
            out.contains(&format!("from HEAD:{shown} to {shown}")),
            "{out}"
        );
        assert_eq!(out.lines().last(), Some("next version: minor"), "{out}");
    }
    // A revision whose spec is the working one's.
    std::fs::remove_dir_all(&spec).unwrap();
    let restored = Command::new("git")
        .args(["checkout", "--quiet", "--", "spec"])
        .current_dir(&repo)
        .status()
        .unwrap();
    assert!(restored.success());
    let o = Dqe::bare()
        .args(["spec", "diff", "--rev", "HEAD", spec_s])
        .run();
    assert_eq!(o.code(), Some(0), "{}{}", o.out(), o.err());
}

#[test]
fn rev_that_cannot_be_read_exits_2() {
    let repo = repository("diff-rev-bad");
    let spec = repo.join("spec");
    let spec_s = spec.to_str().unwrap();
    let outside = temp_dir("diff-not-a-repository");
    let readme = repo.join("README");
    let cases = [
        (spec_s, "--rev=HEAD~5", "no such commit"),
        (spec_s, "--rev=-p", "not a revision"),
        (spec_s, "--rev=", "not a revision"),
        (
            readme.to_str().unwrap(),
            "--rev=HEAD",
            "cannot read the spec",
        ),
        (
            outside.to_str().unwrap(),
            "--rev=HEAD",
            "cannot read the spec",
        ),
    ];
    for (dir, rev, why) in cases {
        let o = dqe(&["spec", "diff", rev, dir]);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(2), "{rev} {dir}: {out}{err}");
        assert!(err.contains(why), "{rev} {dir}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Bytes from a fixed seed (a linear congruential generator): the same on every run.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

#[test]
fn a_spec_that_cannot_be_read_exits_2_whatever_its_bytes() {
    let good = dqe_spec::DIR;
    let mut specs: Vec<(String, PathBuf)> = vec![
        ("missing".into(), temp_dir("diff-bad").join("no-such-dir")),
        ("empty".into(), temp_dir("diff-bad-empty")),
        ("a file".into(), Path::new(good).join("api.toml")),
    ];
    let mut broken: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = vec![
        (
            "not UTF-8".into(),
            b"[api]\nname = \"\xff\xfe\"\n".to_vec(),
            None,
        ),
        ("TOML syntax".into(), b"[api\nname = ".to_vec(), None),
        (
            "wrong shape".into(),
            b"api = 3\n[[replies]]\n".to_vec(),
            None,
        ),
    ];
    for seed in 0..12u64 {
        let bytes = noise(seed, 64 + 97 * seed as usize);
        let scope = (seed % 2 == 1).then(|| noise(seed + 100, 200));
        broken.push((format!("noise {seed}"), bytes, scope));
    }
    for (name, api, scope) in broken {
        let dir = temp_dir(&format!("diff-bad-{}", name.replace(' ', "-")));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("scopes")).unwrap();
        // A random scope file goes with a good API file; random API bytes alone.
        match scope {
            Some(scope) => {
                std::fs::copy(Path::new(good).join("api.toml"), dir.join("api.toml")).unwrap();
                std::fs::write(dir.join("scopes/noise.toml"), scope).unwrap();
            }
            None => std::fs::write(dir.join("api.toml"), api).unwrap(),
        }
        specs.push((name, dir));
    }
    for (name, dir) in &specs {
        let dir = dir.to_str().unwrap();
        for args in [["spec", "diff", good, dir], ["spec", "diff", dir, good]] {
            let o = dqe(&args);
            let (out, err) = o.text();
            assert_eq!(o.code(), Some(2), "{name}: {out}{err}");
            assert_eq!(out, "", "{name}");
            assert!(!err.contains("panicked"), "{name}: {err}");
            let last = err.lines().last().unwrap_or_default();
            assert!(last.starts_with("dqe: the spec in "), "{name}: {err}");
            assert!(last.contains(" problem"), "{name}: {err}");
        }
    }
}

#[test]
fn usage_errors_exit_1() {
    let cases: [&[&str]; 3] = [
        &["spec", "diff", dqe_spec::DIR],
        &["spec", "diff"],
        &[
            "spec",
            "diff",
            "--rev",
            "HEAD",
            dqe_spec::DIR,
            dqe_spec::DIR,
        ],
    ];
    for args in cases {
        let o = dqe(args);
        let (out, err) = o.text();
        assert_eq!(o.code(), Some(1), "{args:?}: {out}{err}");
        assert_eq!(out, "");
        assert!(err.contains("--rev"), "{args:?}: {err}");
    }
}
