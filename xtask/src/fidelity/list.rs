//! The list of programs: xtask/fidelity.txt's format (described at the top of that file).

use anyhow::{Context as _, Result, bail};

/// One program to trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    /// The command's words.
    pub argv: Vec<String>,
    /// Flags for strace and tracer alike (`-f`, …).
    pub flags: Vec<String>,
    /// A sh script run untraced in the empty work dir first.
    pub setup: Option<String>,
}

impl Program {
    /// Whether the traces carry pid prefixes (`-f`, `-ff` and the like).
    pub fn follows_forks(&self) -> bool {
        self.flags
            .iter()
            .any(|f| f.starts_with('-') && !f.starts_with("--") && f[1..].starts_with('f'))
    }
}

/// Parses a list: `[name]` blocks of `run`, `flags` and `setup` lines; `#` comments.
pub fn parse(text: &str) -> Result<Vec<Program>> {
    let mut programs: Vec<Program> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = || format!("line {}: `{line}`", i + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) || name.contains('/') {
                bail!("{}: a name is one word without /", at());
            }
            if programs.iter().any(|p| p.name == name) {
                bail!("{}: `{name}` appears twice", at());
            }
            programs.push(Program {
                name: name.to_owned(),
                argv: Vec::new(),
                flags: Vec::new(),
                setup: None,
            });
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            bail!("{}: expected `[name]` or `key = value`", at());
        };
        let Some(program) = programs.last_mut() else {
            bail!("{}: a `key = value` line before the first `[name]`", at());
        };
        let value = value.trim();
        match key.trim() {
            "run" => program.argv = split_words(value).with_context(at)?,
            "flags" => program.flags = split_words(value).with_context(at)?,
            "setup" => program.setup = Some(value.to_owned()),
            other => bail!("{}: unknown key `{other}` (run, flags, setup)", at()),
        }
    }
    if let Some(p) = programs.iter().find(|p| p.argv.is_empty()) {
        bail!("program `{}` has no `run = …` line", p.name);
    }
    Ok(programs)
}

/// Splits a command line into words as sh does for quoting only: '…' is literal, "…" keeps
/// everything but `\"` and `\\`, a backslash outside quotes takes the next character as it is.
pub fn split_words(line: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => bail!("unterminated '"),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => bail!("unterminated \""),
                        },
                        Some(c) => w.push(c),
                        None => bail!("unterminated \""),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => bail!("a \\ at the end of the line"),
            },
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_as_sh_quotes_them() {
        let words = split_words(r#"python3 -c "print('a b')" 'x "y"' a\ b "q\"\\\n" """#).unwrap();
        assert_eq!(
            words,
            [
                "python3",
                "-c",
                "print('a b')",
                "x \"y\"",
                "a b",
                "q\"\\\\n",
                ""
            ]
        );
        assert!(split_words("a 'b").is_err());
        assert!(split_words("").unwrap().is_empty());
    }

    #[test]
    fn a_list_is_blocks_of_keys() {
        let list = parse(
            "# comment\n[one]\nrun = cat a.txt\nsetup = printf 'x\\n' > a.txt\n\n[two]\nflags = -f\nrun = sh -c 'true | true'\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name, "one");
        assert_eq!(list[0].argv, ["cat", "a.txt"]);
        assert_eq!(list[0].setup.as_deref(), Some("printf 'x\\n' > a.txt"));
        assert!(!list[0].follows_forks());
        assert_eq!(list[1].argv, ["sh", "-c", "true | true"]);
        assert!(list[1].follows_forks());
    }

    #[test]
    fn list_mistakes_are_errors() {
        assert!(parse("run = ls\n").is_err());
        assert!(parse("[a]\n").is_err());
        assert!(parse("[a]\nrun = ls\n[a]\nrun = ls\n").is_err());
        assert!(parse("[a]\nrun = ls\nbogus = 1\n").is_err());
        assert!(parse("[a b]\nrun = ls\n").is_err());
    }

    #[test]
    fn the_committed_list_parses() {
        let list = parse(super::super::DEFAULT_LIST).unwrap();
        assert!(list.len() >= 20);
        for name in [
            "ls-etc",
            "python-pass",
            "python-socket",
            "python-threads",
            "git-status",
        ] {
            assert!(list.iter().any(|p| p.name == name), "{name} missing");
        }
        let threads = list.iter().find(|p| p.name == "python-threads").unwrap();
        assert!(threads.follows_forks());
    }
}
