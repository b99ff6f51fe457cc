//! exposure: audit the data-export archives people download from social platforms.
//!
//! Pipeline (one way, through the types in [`model`]): [`archive`] opens inputs into entries,
//! [`decode`] turns bytes into items (JSON values at any depth, CSV rows, HTML documents, text
//! lines), [`detect`] recognises platform and generation from the registry in [`platforms`],
//! whose parsers turn known files into records, [`scan`] finds personal data in everything else,
//! [`classify`] groups records into findings, [`risk`] scores them, [`report`] builds the report
//! model and renders it; [`audit`] runs the whole, one file at a time under `catch_unwind`.
//! Embedded data tables are read by [`data`]. The library never touches the network and never
//! writes the content of an export to disk.
//!
//! The documentation is for the people working on the tool: `cargo doc` documents private items
//! (`.cargo/config.toml`), so links from public items to private ones resolve.
#![allow(rustdoc::private_intra_doc_links)]

pub mod archive;
pub mod audit;
pub mod batch;
pub mod classify;
pub mod cli;
pub mod data;
pub mod decode;
pub mod demo;
pub mod detect;
pub mod error;
mod fanout;
pub mod model;
pub mod platforms;
pub mod report;
pub mod risk;
pub mod scan;
mod simd;
