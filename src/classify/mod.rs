//! Records -> findings: grouping by kind and value ([`collect`]) and the sensitive-term lexicon
//! ([`lexicon`]) that tags GDPR Art. 9/10 data.
//! Classification (lexicon tags, confidence, provenance defaults) happens here and nowhere else;
//! nothing here prints or logs a value.

pub mod collect;
pub mod lexicon;
pub mod provenance;
