//! Records -> findings: grouping by kind and value ([`collect`]) and the sensitive-term lexicon
//! ([`lexicon`]) that tags GDPR Art. 9/10 data.

pub mod collect;
pub mod lexicon;
