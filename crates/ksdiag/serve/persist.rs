//! `--state PATH`: partners and app tokens, written atomically (temp file, fsync, rename,
//! fsync of the folder) before a change is answered, read back at start.

use anyhow::{Context, Result};
use ks_api::Snapshot;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

pub struct Persist {
    path: PathBuf,
    /// The newest revision on disk; writers hold this lock, so an older snapshot never
    /// overwrites a newer one and one write can cover several changes.
    written: Mutex<u64>,
}

impl Persist {
    pub fn new(path: PathBuf) -> Persist {
        Persist {
            path,
            written: Mutex::new(0),
        }
    }

    /// The snapshot in the file, or `None` when there is no file yet.
    pub fn load(&self) -> Result<Option<Snapshot>> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("--state: cannot read {}", self.path.display()));
            }
        };
        let s = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "--state: {} is not a ksdiag state file; hint: give another path, or move this file away (it is left untouched)",
                self.path.display()
            )
        })?;
        Ok(Some(s))
    }

    fn write_file(&self, bytes: &[u8]) -> std::io::Result<()> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "state".into());
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Writes `snapshot` now (at start).
    pub fn write_now(&self, snapshot: &Snapshot) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(snapshot)?;
        self.write_file(&bytes)
            .with_context(|| format!("--state: cannot write {}", self.path.display()))
    }

    /// Writes the snapshot of `revision` unless a newer one is on disk already.
    pub fn write(&self, revision: u64, bytes: &[u8]) -> std::io::Result<()> {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if *written >= revision {
            return Ok(());
        }
        self.write_file(bytes)?;
        *written = revision;
        Ok(())
    }
}
