//! `--state PATH`: partners and app tokens, written atomically (temp file, fsync, rename,
//! fsync of the folder) before a change is answered, read back at start.

use crate::Error;
use ks_api::{SNAPSHOT_VERSION, Snapshot};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// The state file: where partners and app tokens are written before a change is answered.
pub struct Persist {
    path: PathBuf,
    /// The newest revision on disk; writers hold this lock, so an older snapshot never
    /// overwrites a newer one and one write can cover several changes.
    written: Mutex<u64>,
}

impl Persist {
    /// The state file at `path`; nothing is read or written yet.
    pub fn new(path: PathBuf) -> Persist {
        Persist {
            path,
            written: Mutex::new(0),
        }
    }

    /// The state file's path.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The snapshot in the file, or `None` when there is no file yet (or an empty one, as
    /// `mktemp` makes). A file that is not a state file of a version this ksdiag knows is an
    /// error, and the file is left untouched: the server does not start.
    pub fn load(&self) -> Result<Option<Snapshot>, Error> {
        let path = || self.path.clone();
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::StateUnreadable {
                    path: path(),
                    source,
                });
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let not_ours = |no_version, source| Error::NotAStateFile {
            path: path(),
            no_version,
            source,
        };
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| not_ours(false, Some(e)))?;
        let Some(version) = value.get("version") else {
            return Err(not_ours(true, None));
        };
        if version.as_u64() != Some(u64::from(SNAPSHOT_VERSION)) {
            return Err(Error::StateVersion {
                path: path(),
                found: version.to_string(),
            });
        }
        serde_json::from_value(value)
            .map(Some)
            .map_err(|e| not_ours(false, Some(e)))
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
            // Admin secrets and tokens: readable by this user only.
            let mut open = std::fs::OpenOptions::new();
            open.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
            let mut f = open.open(&tmp)?;
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
    pub fn write_now(&self, snapshot: &Snapshot) -> Result<(), Error> {
        let unwritable = |source| Error::StateUnwritable {
            path: self.path.clone(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(snapshot)
            .map_err(|e| unwritable(std::io::Error::other(e)))?;
        self.write_file(&bytes).map_err(unwritable)
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
