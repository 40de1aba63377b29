//! The README's examples for other languages are the marked parts of the
//! files under `tools/interop/guide/`, which `cargo xtask interop` runs
//! against the replay mock: every block after `<!-- guide: PATH -->` must be
//! exactly the lines between PATH's `README begin` and `README end` markers.

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The lines between the `README begin` / `README end` comment markers.
fn marked(source: &str) -> Option<String> {
    let mut lines = source.lines().skip_while(|l| !l.ends_with("README begin"));
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| !l.ends_with("README end")).collect();
    Some(body.iter().map(|l| format!("{l}\n")).collect())
}

#[test]
fn every_guide_block_is_the_file_it_names() -> TestResult {
    let root = xtask::workspace_root()?;
    let readme = std::fs::read_to_string(root.join("README.md"))?;
    let mut checked = 0;
    for (at, _) in readme.match_indices("<!-- guide: ") {
        let rest = &readme[at + "<!-- guide: ".len()..];
        let (path, rest) = rest.split_once(" -->").ok_or("an unclosed guide comment")?;
        let fence = rest.trim_start_matches('\n');
        let body_start = fence
            .find('\n')
            .ok_or("no code block after a guide comment")?
            + 1;
        if !fence.starts_with("```") {
            return Err(format!("no code block right after the guide comment for {path}").into());
        }
        let body = &fence[body_start..];
        let block = &body[..body.find("```").ok_or("an unclosed code block")?];
        let source = std::fs::read_to_string(root.join(path))?;
        let expected = marked(&source).ok_or(format!("{path} has no README markers"))?;
        assert_eq!(
            block, expected,
            "the README block for {path} differs from the file"
        );
        checked += 1;
    }
    assert_eq!(checked, 3, "one example per generator with a client");
    Ok(())
}

#[test]
fn markers_are_found() {
    let source = "a\n# README begin\nx = 1\n# README end\nb\n";
    assert_eq!(marked(source).as_deref(), Some("x = 1\n"));
    assert_eq!(marked("no markers"), None);
}
