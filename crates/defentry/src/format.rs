//! The response formats, chosen per client: the `Format` enum is generated
//! from `x-formats` in the spec (`generated_formats.rs`).

pub use crate::generated_formats::Format;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_its_name_and_its_header_value() {
        for &format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
            if let Some(value) = format.api_version() {
                assert_eq!(Format::selected_by(Some(value)), Some(format));
            }
        }
        assert_eq!(Format::from_name("no such format"), None);
    }

    #[test]
    fn the_default_sends_api_version_and_no_header_selects_the_headerless_format() {
        assert_eq!(Format::default().api_version(), Some(crate::API_VERSION));
        let headerless = Format::ALL
            .iter()
            .copied()
            .find(|f| f.api_version().is_none());
        assert_eq!(Format::selected_by(None), headerless);
        assert_eq!(Format::selected_by(Some("1999-01-01")), headerless);
        assert_eq!(Format::Legacy.api_version(), None);
        assert_eq!(Format::Standardized, Format::default());
    }
}
