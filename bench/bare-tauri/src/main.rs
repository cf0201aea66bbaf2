//! A bare Tauri 2 window that says when its page is first painted, like Accroche's probe.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

#[tauri::command]
fn ready() {
    let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    println!("bare-ready {ms}");
}

fn main() {
    STARTED.get_or_init(Instant::now);
    if let Err(e) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
    {
        eprintln!("bare-tauri: {e}");
        std::process::exit(1);
    }
}
