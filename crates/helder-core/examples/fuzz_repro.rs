//! Replays saved fuzzer findings: `cargo run -p helder-core --example fuzz_repro -- FILE...`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A debugging aid may fail loudly.

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let r = helder_core::ipc::read_table("t", bytes).map(|t| {
            for i in 0..t.column_names().count() {
                let _ = t.column_at(i);
            }
        });
        println!("{path}: {:?}", r.err().map(|e| e.to_string()));
    }
}
