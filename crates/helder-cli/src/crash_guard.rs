//! Turning a panic inside a third-party reader into Helder's one-line error.
//!
//! parquet-rs and arrow panic on some corrupt files (the input fuzzer finds such files
//! within a minute). Release builds abort on panic, so the panic cannot be caught; instead
//! this hook names the file being read, removes the temporary outputs of the run (no
//! destructor runs after it) and exits with status 1, like every other error.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

struct State {
    input: Option<PathBuf>,
    temp_files: Vec<PathBuf>,
}

static STATE: Mutex<State> = Mutex::new(State {
    input: None,
    temp_files: Vec::new(),
});

fn with_state(f: impl FnOnce(&mut State)) {
    // A poisoned lock still holds the paths; the hook must work even then.
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut guard);
}

/// Installs the hook; called once at the start of `main`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let mut input = None;
        let mut temps = Vec::new();
        with_state(|s| {
            input = s.input.clone();
            temps = std::mem::take(&mut s.temp_files);
        });
        for t in temps {
            let _ = std::fs::remove_file(t);
        }
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| {
                format!(
                    " at {}:{}",
                    l.file().rsplit('/').next().unwrap_or(""),
                    l.line()
                )
            })
            .unwrap_or_default();
        let file = input.map_or_else(String::new, |p| format!("{}: ", p.display()));
        eprintln!(
            "helder: {file}the reader stopped on damaged data ({what}{place}); the file is corrupt, export it again"
        );
        std::process::exit(1);
    }));
}

/// Records which input is being read, for the message.
pub fn reading(path: &Path) {
    with_state(|s| s.input = Some(path.to_path_buf()));
}

/// Records a temporary output to remove if the run ends in the hook.
pub fn temp_created(path: &Path) {
    with_state(|s| s.temp_files.push(path.to_path_buf()));
}

/// Forgets a temporary output that was renamed or removed.
pub fn temp_gone(path: &Path) {
    with_state(|s| s.temp_files.retain(|t| t != path));
}
