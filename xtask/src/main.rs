//! `cargo xtask <command>`: every chore of the project behind one entry point.
//!
//! `serve` and `test` first install whatever is missing (idempotently, so a second run
//! costs seconds), which is why the README needs only those two commands.

mod bench;
mod prepare_bench;
mod setup;
mod tasks;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve     set up what is missing, build the release site and serve it at http://127.0.0.1:8080
  test      set up what is missing and run every test: lint, native, wasm (headless Chromium), end-to-end
  build     set up what is missing and build the release site into dist/
  public    build the release site and its public copy (protected cubes, `helder publish`) into dist-public/
  setup     only install what is missing (toolchain target, Chromium, clang, trunk, wasm-bindgen, npm tools)
  demo      (re)generate the demo data in public/data
  bench     build the benchmark page and run shared/bench's harness with Helder next to the peers
            (options: --rows 1000000,5000000; needs ../shared/bench)
  prepare-bench  time `helder prepare` on generated 1M and 10M-row CSV exports (rows/s, max RSS)
            and the core's decoding of LZ4 and uncompressed output (options: --rows 1000000,10000000)
  decode-bench  decode 1M prepared rows in headless Chromium (release wasm), uncompressed against LZ4
  fuzz      mutation-fuzz the core's Arrow reader for a bounded time (options: --seconds 60)
  lint      cargo fmt --check and clippy -D warnings, native and wasm32
  fmt       cargo fmt
  themes    make public/themes/*.css from the NL Design System token packages (style/nlds); build, serve and test do it too";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => tasks::serve(),
        Some("test") => tasks::test(),
        Some("build") => tasks::build(),
        Some("public") => tasks::public(),
        Some("setup") => setup::all(),
        Some("demo") => tasks::demo(true),
        Some("lint") => tasks::lint(),
        Some("bench") => bench::run(&args[1..]),
        Some("prepare-bench") => prepare_bench::bench(&args[1..]),
        Some("decode-bench") => tasks::decode_bench(),
        Some("fuzz") => prepare_bench::fuzz(&args[1..]),
        Some("fmt") => tasks::fmt(),
        Some("themes") => tasks::themes(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}
