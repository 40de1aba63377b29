//! Server-provided text in error messages: bounded, with control characters
//! escaped, so a message cannot forge a log line, move a terminal's cursor or
//! grow without limit. Every `Display` of the crates' errors shows server
//! text through [`shown`]; the full values stay on the error's fields.

use std::fmt;

/// Most characters of one server-provided text an error message shows.
pub const SHOWN_CHARS: usize = 512;

/// `text` for an error message: at most [`SHOWN_CHARS`] characters (then
/// `…`), control and bidirectional-override characters escaped (`\n`,
/// `\u{1b}`).
pub fn shown(text: &str) -> Shown<'_> {
    Shown(text)
}

/// The `Display` of [`shown`].
#[derive(Clone, Copy, Debug)]
pub struct Shown<'a>(&'a str);

/// Characters that reorder or hide the text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, c) in self.0.chars().enumerate() {
            if index == SHOWN_CHARS {
                return f.write_str("…");
            }
            if c.is_control() || is_bidi_control(c) {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_long_text_is_cut() {
        let forged = "bad\n2026-01-01T00:00:00Z INFO admin login ok\u{1b}[2J\u{202e}";
        let text = shown(forged).to_string();
        assert_eq!(
            text,
            "bad\\n2026-01-01T00:00:00Z INFO admin login ok\\u{1b}[2J\\u{202e}"
        );
        assert_eq!(shown("Ünïcode ok").to_string(), "Ünïcode ok");
        let long = "é".repeat(SHOWN_CHARS + 10);
        let cut = shown(&long).to_string();
        assert_eq!(cut.chars().count(), SHOWN_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
