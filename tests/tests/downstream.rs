//! The crates as a registry would serve them: `cargo package` makes the `.crate` files of
//! every published crate (the spec, `dqe-spec-types`, `dqe-codegen`, `dqe-macros`,
//! `dqe-client`, `dqe-sandbox`, `dqe-cli`), they are unpacked, and the downstream crate
//! (`tests/downstream/`, outside the workspace) depends on them by version,
//! through `[patch.crates-io]`, as a user's crate would on the published ones. It is built
//! offline and run: its `main` starts the sandbox in-process and runs a whole formfilling flow
//! with `dqe_client::client::Client`, printing the family name.
//!
//! The packages are not verified here (`--no-verify`): building the downstream crate on them
//! is the verification, and a stronger one (a real user's build, not the package's own). Then
//! `dqe-cli`'s own tests are built from its unpacked package, as a distribution building
//! from published sources builds them, and those that read the package's files at run time
//! run (the rest is the code the workspace's run tests).
//!
//! The copy is built with `tests::cargo`: its dependencies are those the workspace's build
//! compiled (the few the workspace has with other features are compiled once, in the
//! workspace's build directory, for every scratch build), and a later run rebuilds the
//! unpacked packages only when `cargo package` made different ones.

use std::path::{Path, PathBuf};
use std::process::Command;

use tests::{PUBLISHED, cargo, sync_dir, write_if_changed};

const PACKAGES: [&str; PUBLISHED.len()] = {
    let mut names = [""; PUBLISHED.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = PUBLISHED[i].1;
        i += 1;
    }
    names
};
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `cargo package` for the published crates, into `target`; the directory holding the
/// `.crate` files.
fn package(root: &Path, tmp: &Path, target: &Path) -> PathBuf {
    let mut c = cargo(tmp);
    c.args([
        "package",
        "--no-verify",
        "--allow-dirty",
        "--offline",
        "--quiet",
    ]);
    for name in PACKAGES {
        c.args(["-p", name]);
    }
    let out = c
        .arg("--target-dir")
        .arg(target)
        .current_dir(root)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo package: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("package")
}

/// Unpacks `name`'s `.crate` to `into/name`, unless the same `.crate` was unpacked there
/// before. Files are given the time of unpacking (cargo stores a fixed one), so that cargo
/// rebuilds a package whose content changed.
fn unpack(packages: &Path, name: &str, into: &Path, seen: &Path) {
    let file = packages.join(format!("{name}-{VERSION}.crate"));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let dest = into.join(name);
    let previous = seen.join(format!("{name}.crate"));
    if dest.is_dir() && std::fs::read(&previous).ok().as_deref() == Some(&bytes[..]) {
        return;
    }
    let _ = std::fs::remove_dir_all(&dest);
    let staging = into.join(format!(".{name}-staging"));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).unwrap();
    let status = Command::new("tar")
        .args(["--extract", "--gzip", "--touch", "--file"])
        .arg(&file)
        .arg("--directory")
        .arg(&staging)
        .status()
        .expect("tar runs");
    assert!(status.success(), "tar unpacks {}", file.display());
    std::fs::rename(staging.join(format!("{name}-{VERSION}")), &dest).unwrap();
    std::fs::remove_dir(&staging).unwrap();
    std::fs::create_dir_all(seen).unwrap();
    std::fs::write(previous, bytes).unwrap();
}

/// The files under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// What a registry serves, in the unpacked packages under `krate/packages`: the spec's files
/// inside the spec's package (`dqe-spec`), the same as the repository's single copy under
/// `spec/`; the license files; no path dependencies left.
fn check_packages(root: &Path, krate: &Path) {
    let packaged = krate.join("packages/dqe-spec");
    let shipped = root.join("spec");
    let is_spec =
        |f: &PathBuf| f.extension().is_some_and(|e| e == "toml") && !f.ends_with("Cargo.toml");
    let spec: Vec<_> = files(&shipped).into_iter().filter(is_spec).collect();
    assert!(spec.iter().any(|f| f == Path::new("api.toml")), "{spec:?}");
    let in_package: Vec<_> = files(&packaged).into_iter().filter(is_spec).collect();
    assert_eq!(in_package, spec, "the packaged spec's files");
    for file in &spec {
        assert!(!packaged.join(file).is_symlink(), "{}", file.display());
        assert_eq!(
            std::fs::read(packaged.join(file)).unwrap(),
            std::fs::read(shipped.join(file)).unwrap(),
            "spec/{} travels unchanged",
            file.display()
        );
    }
    for name in PACKAGES {
        let dir = krate.join("packages").join(name);
        assert!(dir.join("README.md").is_file(), "{name} ships its README");
        // The spec's package holds the spec alone (no file of it equals one outside `spec/`).
        if name != "dqe-spec" {
            for license in ["LICENSE-MIT", "LICENSE-APACHE"] {
                assert!(dir.join(license).is_file(), "{name} ships {license}");
            }
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(!manifest.contains("path = \"../"), "{name}: {manifest}");
    }
}

/// `dqe-cli`'s own tests, built from its package (with the lock file of the workspace at
/// `root`), and those reading its files run; its dependencies on the other crates patched to
/// their unpacked packages under `krate/packages`. `tmp` is the test's `CARGO_TARGET_TMPDIR`.
fn test_cli_package(root: &Path, tmp: &Path, packages: &Path, krate: &Path, work: &Path) {
    // Unpacked again outside the downstream crate, whose `[workspace]` would claim it; a
    // workspace of its own, as under this repository's target directory it would otherwise
    // believe itself a member of the repository's.
    let tests_dir = work.join("cli-tests");
    unpack(
        packages,
        "dqe-cli",
        &tests_dir,
        &work.join("cli-tests-unpacked"),
    );
    let cli = tests_dir.join("dqe-cli");
    let manifest = std::fs::read_to_string(cli.join("Cargo.toml")).unwrap();
    if !manifest.contains("\n[workspace]\n") {
        std::fs::write(cli.join("Cargo.toml"), manifest + "\n[workspace]\n").unwrap();
    }
    std::fs::copy(root.join("Cargo.lock"), cli.join("Cargo.lock")).unwrap();
    // The command line's test binary is built from the package (and with it the `dqe` binary
    // it runs); the tests that read the package's files at run time (the spec command's pages
    // and specs with mistakes, each scope's page) run. The others, and the binary's unit tests,
    // are the same code the workspace's own run has just tested: not building the binary a
    // second time as a test harness saves a build of the crate.
    let mut test = cargo(tmp);
    test.args(["test", "--quiet", "--offline", "--test", "cli"]);
    for name in PACKAGES.iter().filter(|&&n| n != "dqe-cli") {
        test.arg("--config").arg(format!(
            "patch.crates-io.{name}.path=\"{}\"",
            krate.join("packages").join(name).display()
        ));
    }
    let out = test
        .arg("--target-dir")
        .arg(work.join("target"))
        .args(["--", "spec::", "scopes::"])
        .current_dir(&cli)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "dqe-cli's tests from its package: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_packaged_crates_build_and_run_a_flow_in_a_downstream_crate() {
    let root = std::fs::canonicalize(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")).unwrap();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("downstream");
    let krate = work.join("crate");
    let target = work.join("target");
    // Where earlier versions of this test built.
    for old in ["package-tests-target", "client-tests"] {
        let _ = std::fs::remove_dir_all(work.join(old));
    }
    let _ = std::fs::remove_dir_all(tmp.join("scratch-target"));

    let packages = package(&root, &tmp, &work.join("package-target"));

    // The downstream crate, fresh from the repository; the packages beside it, as its
    // `[patch.crates-io]` names them; the workspace's lock file, so that the versions tested
    // here are the workspace's and the build needs no network.
    // Synced, not copied afresh: files left alone keep their time, so that a warm run does not
    // rebuild the crate.
    sync_dir(&root.join("tests/downstream/src"), &krate.join("src"));
    for (from, to) in [
        ("tests/downstream/Cargo.toml", "Cargo.toml"),
        ("Cargo.lock", "Cargo.lock"),
    ] {
        write_if_changed(&krate.join(to), &std::fs::read(root.join(from)).unwrap());
    }
    for name in PACKAGES {
        unpack(
            &packages,
            name,
            &krate.join("packages"),
            &work.join("unpacked"),
        );
    }

    check_packages(&root, &krate);

    let out = cargo(&tmp)
        .args(["run", "--quiet", "--offline", "--target-dir"])
        .arg(&target)
        .current_dir(&krate)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the downstream crate builds and runs: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.lines().any(|l| l == "family name: Lefèvre"),
        "the identity from the sandbox: {stdout}"
    );

    test_cli_package(&root, &tmp, &packages, &krate, &work);
}
