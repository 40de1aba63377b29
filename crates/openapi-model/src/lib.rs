//! Reading an OpenAPI 3.0 document held as `serde_json::Value`: typed field
//! access ([`node`]), the operation walk and `$ref` resolution ([`walk`]),
//! and JSON pointer tokens ([`escape`]). The generator pipeline and the
//! workspace tests share it; it depends on `serde_json` only, so the tests
//! do not build the generator.

pub mod node;
pub mod walk;

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    #[test]
    fn pointer_tokens_escape_tilde_before_slash() {
        assert_eq!(super::escape("/a~b/"), "~1a~0b~1");
        assert_eq!(super::escape("~1"), "~01");
    }
}
