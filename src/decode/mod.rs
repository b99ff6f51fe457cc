//! Bytes -> values: JSON streaming with Meta's mojibake repaired, BOMs skipped, and bounded text
//! reading for the generic scanner. Decoders never put input text in their errors.

pub mod json;
pub mod mojibake;
pub mod text;
