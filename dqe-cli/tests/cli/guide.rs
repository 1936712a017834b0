//! The guide's shell samples (`dqe-client/src/guide/`): the command-line chapter's ```sh
//! samples run, in order, against a `dqe sandbox` process, each to status 0; a shell sample in
//! any chapter is either such a block or an illustrative ```text block (its commands after a
//! `$` prompt).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use dqe_sandbox::{DEFAULT_CLIENT_SECRET, DEFAULT_LICENCE};

use crate::support::{SandboxProcess, temp_dir};

/// Every chapter of the guide (its `.md` files), whose shell samples follow the rule: ```sh
/// run (the command-line chapter's), ```text illustrative.
fn chapters() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dqe-client/src/guide");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the guide {}: {e}", dir.display()))
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            Some(name.strip_suffix(".md")?.to_owned())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 9, "the guide's chapters: {names:?}");
    names
}

/// A chapter's source, read where the repository holds it (beside this crate).
fn chapter(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dqe-client/src/guide")
        .join(format!("{name}.md"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the chapter {}: {e}", path.display()));
    (path, text)
}

/// A fenced block of a chapter: its info string, the line it opens on (from 1), its text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

/// The fenced code blocks (``` fences) of a Markdown text.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_owned(),
                        line: n + 1,
                        text: String::new(),
                    });
                }
            }
            Some(mut block) => {
                if trimmed.starts_with("```") {
                    found.push(block);
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                    open = Some(block);
                }
            }
        }
    }
    assert!(open.is_none(), "a code block is not closed");
    found
}

#[test]
fn the_fence_reader_finds_each_block_with_its_info_string() {
    let text = "a\n```sh\necho 1\n```\n\n  ```text\n$ dqe x\n  ```\n";
    let found = blocks(text);
    let seen: Vec<_> = found
        .iter()
        .map(|b| (b.info.as_str(), b.line, b.text.as_str()))
        .collect();
    assert_eq!(seen, [("sh", 2, "echo 1\n"), ("text", 6, "$ dqe x\n")]);
}

#[test]
fn shell_samples_are_run_or_plainly_illustrative() {
    for name in chapters() {
        let (path, text) = chapter(&name);
        for block in blocks(&text) {
            let at = format!("{}:{}", path.display(), block.line);
            let shell = ["bash", "shell", "console", "zsh", "shell-session"];
            assert!(
                !shell.contains(&block.info.as_str()),
                "{at}: a shell sample is ```sh (run by a test) or ```text (illustrative, `$` prompts)"
            );
            assert!(
                block.info != "sh" || name == "cli",
                "{at}: only the command-line chapter's ```sh blocks are run: make it ```text with `$` prompts"
            );
            if block.info == "text" {
                for line in block.text.lines() {
                    let command = ["dqe ", "cargo ", "scripts/", "git "]
                        .iter()
                        .any(|c| line.starts_with(c));
                    assert!(
                        !command,
                        "{at}: a command in an illustrative block follows a `$` prompt: {line}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_cli_chapter_runs() {
    let (path, text) = chapter("cli");
    let samples: Vec<Block> = blocks(&text)
        .into_iter()
        .filter(|b| b.info == "sh")
        .collect();
    assert!(samples.len() >= 3, "{}: its ```sh samples", path.display());
    let sandbox = SandboxProcess::start();
    let dir = temp_dir("guide");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_dqe")).parent().unwrap();
    let path_var = std::env::join_paths(std::iter::once(bin.to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    for sample in samples {
        let child = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &sample.text])
            .current_dir(&dir)
            .env("PATH", &path_var)
            .env("DQE_SERVER", &sandbox.url)
            .env("DQE_LICENCE", DEFAULT_LICENCE)
            .env("DQE_CLIENT_SECRET", DEFAULT_CLIENT_SECRET)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash runs");
        // Read to the end on a thread, so that a full pipe never stalls the sample.
        let pid = child.id();
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(child.wait_with_output()));
        let Ok(out) = outcome.recv_timeout(Duration::from_secs(120)) else {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("{}:{}: did not end in 120 s", path.display(), sample.line);
        };
        let out = out.unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{}:{}: the sample ended with {}:\n{}\n{}{err}",
            path.display(),
            sample.line,
            out.status,
            sample.text,
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}
