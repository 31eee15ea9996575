//! The server process: the release binary, started on a free loopback port with the generated
//! fixtures, its port read from the banner, stopped by its PID when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::SystemTime;

/// A scratch directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Result<Self, String> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| format!("CSPRNG: {e}"))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("pinseal-sandbox-load-{name}"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The running server, killed by its PID when dropped (on every exit path).
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/release/pinseal-sandbox`, next to this example's `target/release/examples/`.
pub fn server_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let release = exe
        .parent()
        .and_then(|examples| examples.parent())
        .ok_or("cannot locate the target directory")?;
    let binary = release.join(format!("pinseal-sandbox{}", std::env::consts::EXE_SUFFIX));
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{} not found: run `cargo build --release -p pinseal-sandbox` first",
            binary.display()
        ))
    }
}

/// A source file of the sandbox or of the core crate modified after `binary` was built.
pub fn newer_source(binary: &Path) -> Option<PathBuf> {
    fn walk(dir: &Path, built: SystemTime, depth: usize) -> Option<PathBuf> {
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let path = entry.path();
            let meta = entry.metadata().ok()?;
            if meta.is_dir() && depth > 0 {
                if let Some(found) = walk(&path, built, depth - 1) {
                    return Some(found);
                }
            } else if meta.modified().ok()? > built {
                return Some(path);
            }
        }
        None
    }
    let built = std::fs::metadata(binary).ok()?.modified().ok()?;
    let sandbox = Path::new(env!("CARGO_MANIFEST_DIR"));
    [sandbox.join("src"), sandbox.join("../src")]
        .iter()
        .find_map(|dir| walk(dir, built, 3))
}

pub fn start_server(binary: &Path, fixtures: &Path) -> Result<Server, String> {
    let mut child = Command::new(binary)
        .args([
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--quiet",
            "--fixtures",
        ])
        .arg(fixtures)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("no stdout pipe".into());
    };
    // From here on the guard stops the process whatever happens.
    let mut server = Server { child, port: 0 };
    let mut reader = BufReader::new(stdout);
    let mut banner = String::new();
    reader
        .read_line(&mut banner)
        .map_err(|e| format!("reading the banner: {e}"))?;
    let banner = banner.trim_end().to_owned();
    server.port = banner
        .strip_prefix("listening on http://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("unexpected banner {banner:?}"))?;
    // Keep draining stdout so the server never blocks on a full pipe.
    thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = reader.read_to_end(&mut sink);
    });
    Ok(server)
}
