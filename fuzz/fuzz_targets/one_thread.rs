//! The whole-audit targets (`archive`, `parsers`) audit on one thread. On rayon's pool of one
//! worker per core, the scheduling made an input's coverage vary from run to run (libFuzzer
//! wants a deterministic target: replaying the same 400 inputs of the `archive` corpus three
//! times gave 42,907, 42,921 and 42,946 edges; on one thread 42,417 to 42,430, the rest being
//! hash-map order), so new "coverage" never stopped coming, and two fuzzers side by side each
//! ran on both cores (one thread: twice the runs per second). The parallel feed of large
//! members (`fanout.rs`) is not driven here: it runs the same parsers, and its own tests cover
//! how it shares the values out.

/// Make rayon's global pool one thread; called once, before the first input.
pub fn audit_on_one_thread() {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("the global pool is built once, before any audit");
}
