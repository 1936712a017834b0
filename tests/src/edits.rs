//! One edit of the shipped spec for each kind of change the README's table names, shared by
//! the tests that judge them: `spec_diff` (what `dqe spec diff` says of each, in-process) and
//! `spec_changes` (what the compiler says of a crate generated from each).

use std::path::Path;

/// A spec's files in memory, by their path in the spec directory (`api.toml`,
/// `scopes/formfilling.toml`), the API file first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecFiles {
    /// `(path, text)`, the API file first, then the scope files in name order.
    pub files: Vec<(String, String)>,
}

impl SpecFiles {
    /// The shipped spec (`spec/` of the repository).
    pub fn shipped() -> Self {
        let files = crate::shipped_spec_files()
            .into_iter()
            .map(|f| {
                let path = f.display.trim_start_matches("spec/").to_owned();
                (path, f.text)
            })
            .collect();
        Self { files }
    }

    fn text(&mut self, file: &str) -> &mut String {
        match self.files.iter_mut().find(|(p, _)| p == file) {
            Some((_, text)) => text,
            None => panic!("the spec has no file {file}"),
        }
    }

    /// Adds `text` at the end of `file`, a new file when the spec has none of that path.
    pub fn append(&mut self, file: &str, text: &str) {
        if !self.files.iter().any(|(p, _)| p == file) {
            self.files.push((file.to_owned(), String::new()));
            self.files[1..].sort();
        }
        self.text(file).push_str(text);
    }

    /// Replaces the one occurrence of `from` in `file` with `to`.
    pub fn replace(&mut self, file: &str, from: &str, to: &str) {
        let text = self.text(file);
        assert_eq!(text.matches(from).count(), 1, "{from:?} once in {file}");
        *text = text.replacen(from, to, 1);
    }

    /// Removes from `file` the table that starts with the line `header` followed by the line
    /// `first` (`[[objects.Formfilling.fields]]`, `name = "sub"`), up to the next table.
    pub fn drop_table(&mut self, file: &str, header: &str, first: &str) {
        let text = self.text(file);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let start = (0..lines.len().saturating_sub(1))
            .find(|&i| lines[i].trim_end() == header && lines[i + 1].trim_end() == first)
            .unwrap_or_else(|| panic!("{header} {first} in {file}"));
        let end = (start + 1..lines.len())
            .find(|&i| lines[i].starts_with('['))
            .unwrap_or(lines.len());
        *text = lines[..start].concat() + &lines[end..].concat();
    }

    /// The files as the loader reads them, shown under `display` (`old/api.toml`).
    pub fn source_files(&self, display: &str) -> Vec<dqe_codegen::SourceFile> {
        self.files
            .iter()
            .map(|(path, text)| dqe_codegen::SourceFile {
                display: format!("{display}/{path}"),
                absolute: Path::new(display).join(path),
                text: text.clone(),
            })
            .collect()
    }

    /// Loads and checks the spec.
    ///
    /// # Panics
    /// When it has problems, naming them.
    pub fn load(&self, display: &str) -> dqe_codegen::model::Spec {
        dqe_codegen::load_spec_from(self.source_files(display))
            .unwrap_or_else(|d| panic!("{display}: {d:#?}"))
    }

    /// Writes the files under `dir`, each only when its bytes differ (a file left alone keeps
    /// its time, so cargo rebuilds nothing), and removes the scope files it does not hold.
    pub fn write_to(&self, dir: &Path) {
        std::fs::create_dir_all(dir.join("scopes")).unwrap();
        for (path, text) in &self.files {
            crate::write_if_changed(&dir.join(path), text.as_bytes());
        }
        for entry in std::fs::read_dir(dir.join("scopes")).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("scopes/{}", path.file_name().unwrap().to_string_lossy());
            if !self.files.iter().any(|(p, _)| *p == name) {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
}

/// One change of the shipped spec: the README's words for it, the kind `dqe spec diff` gives
/// it, and the edit.
pub struct Case {
    /// A short name, also the scratch crate's (`new-mandatory-parameter`).
    pub name: &'static str,
    /// The first column of the README's table ("a new mandatory parameter").
    pub label: &'static str,
    /// The kind `dqe spec diff` reports for it (`parameter-added`).
    pub kind: &'static str,
    /// The edit, applied to the shipped spec.
    pub edit: fn(&mut SpecFiles),
}

/// A made-up parameter of step 1, with the line `extra` (`required = true`, or nothing).
fn channel(s: &mut SpecFiles, extra: &str) {
    s.append(
        "api.toml",
        &format!(
            "\n[[endpoints.initiate.params]]\nname = \"channel\"\n{extra}description = \"A made-up parameter.\"\n"
        ),
    );
}

/// The edits, one per row of the README's table.
pub const CASES: &[Case] = &[
    Case {
        name: "key-removed",
        label: "a reply key removed",
        kind: "key-removed",
        edit: |s| {
            s.drop_table(
                "scopes/formfilling.toml",
                "[[objects.Formfilling.fields]]",
                "name = \"sub\"",
            )
        },
    },
    Case {
        name: "parameter-removed",
        label: "a parameter removed",
        kind: "parameter-removed",
        edit: |s| {
            s.drop_table(
                "api.toml",
                "[[endpoints.initiate.params]]",
                "name = \"code_name\"",
            );
            for scope in ["scopes/numverify.toml", "scopes/simswap.toml"] {
                s.replace(scope, "\"code_name\", ", "");
            }
        },
    },
    Case {
        name: "new-mandatory-parameter",
        label: "a new mandatory parameter",
        kind: "parameter-added",
        edit: |s| channel(s, "required = true\n"),
    },
    Case {
        name: "new-scope-requirement",
        label: "a new parameter required by one scope",
        kind: "parameter-added",
        edit: |s| {
            s.append(
                "scopes/simswap.toml",
                "\n[[extend.initiate.params]]\nname = \"region\"\nrequired = true\ndescription = \"A made-up requirement.\"\n",
            )
        },
    },
    Case {
        name: "parameter-now-optional",
        label: "a mandatory parameter made optional",
        kind: "parameter-now-optional",
        edit: |s| {
            s.replace(
                "api.toml",
                "name = \"name\"\nrequired = true\n",
                "name = \"name\"\n",
            )
        },
    },
    Case {
        name: "new-optional-parameter",
        label: "a new optional parameter",
        kind: "parameter-added",
        edit: |s| channel(s, ""),
    },
    Case {
        name: "new-key",
        label: "a new reply key",
        kind: "key-added",
        edit: |s| {
            s.append(
                "scopes/formfilling.toml",
                "\n[[objects.Formfilling.fields]]\nname = \"nickname\"\ndescription = \"A made-up key.\"\n",
            )
        },
    },
    Case {
        name: "key-renamed",
        label: "a reply key renamed on the wire",
        kind: "key-renamed",
        edit: |s| {
            s.replace(
                "scopes/formfilling.toml",
                "name = \"email_domain\"\n",
                "name = \"email_domain\"\nwire = \"emailDomain\"\n",
            )
        },
    },
    Case {
        name: "type-changed",
        label: "a reply key's type changed",
        kind: "type-changed",
        edit: |s| {
            s.replace(
                "scopes/formfilling.toml",
                "name = \"birthplace\"\nexample = '\"75\"'\n",
                "name = \"birthplace\"\ntype = \"integer\"\nexample = '75'\n",
            )
        },
    },
    Case {
        name: "new-error",
        label: "a new error id",
        kind: "error-added",
        edit: |s| {
            s.append(
                "api.toml",
                "\n[[endpoints.retrieve.errors]]\nid = \"77\"\nvariant = \"MadeUp\"\ntype = \"made-up error\"\ndescription = \"A made-up error.\"\n",
            )
        },
    },
    Case {
        name: "new-scope",
        label: "a new scope",
        kind: "scope-added",
        edit: |s| {
            s.append(
                "scopes/madeup.toml",
                "[scope]\nname = \"madeup\"\ndescription = \"A made-up scope.\"\none_step = true\nwithout = [\"mode\", \"code_name\", \"user_infos\"]\n\n[[extend.initiate.success.fields]]\nname = \"madeup\"\ndescription = \"A made-up result.\"\n",
            )
        },
    },
    Case {
        name: "open-enum-value",
        label: "a new value of an open enum",
        kind: "value-added",
        edit: |s| {
            s.append(
                "scopes/formfilling.toml",
                "\n[[enums.Gender.values]]\nwire = \"X\"\nvariant = \"Unspecified\"\ndescription = \"A made-up value.\"\n",
            )
        },
    },
    Case {
        name: "closed-enum-value",
        label: "a new value of a closed enum",
        kind: "value-added",
        edit: |s| {
            s.append(
                "api.toml",
                "\n[[enums.Mode.values]]\nwire = \"3\"\nvariant = \"MadeUp\"\ndescription = \"A made-up value.\"\n",
            )
        },
    },
    Case {
        name: "description",
        label: "a description edited",
        kind: "description-changed",
        edit: |s| {
            s.replace(
                "api.toml",
                "description = \"Server error.\"",
                "description = \"Server error, edited.\"",
            )
        },
    },
];

impl Case {
    /// The shipped spec with this case's edit.
    pub fn spec(&self) -> SpecFiles {
        let mut s = SpecFiles::shipped();
        (self.edit)(&mut s);
        s
    }
}
