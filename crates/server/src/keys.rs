//! The deployment's Ed25519 signing key: read from its file, or created there on first start.
//!
//! The key signs audit checkpoints and dossiers; whoever holds it can sign in the deployment's
//! name, so the file is created readable by its owner only. Several processes on one database must
//! be given the same file.

use anyhow::Context;
use juece_core::audit::{AuditSigningKey, key_id, signing_key};
use std::io::Write;
use std::path::Path;

/// Reads the key at `path`, or creates a new random one there if there is no file.
pub fn load_or_create(path: &Path) -> anyhow::Result<AuditSigningKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).with_context(|| format!("signing key file {} is not a key", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness for a new signing key: {e}"))?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = match options.open(path) {
                Ok(f) => f,
                // Another process created it between our read and our create: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return load_or_create(path),
                Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
            };
            writeln!(file, "{}", hex::encode(seed)).with_context(|| format!("cannot write {}", path.display()))?;
            file.sync_all().ok();
            let key = signing_key(&seed);
            tracing::warn!(
                path = %path.display(),
                key_id = %key_id(&key.verifying_key()),
                public_key = %hex::encode(key.verifying_key().as_bytes()),
                "created this deployment's audit signing key; back the file up: checkpoints and dossiers \
                 are verified against its public key"
            );
            Ok(key)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read signing key file {}", path.display())),
    }
}

fn parse(text: &str) -> anyhow::Result<AuditSigningKey> {
    let bytes = hex::decode(text.trim()).context("expected 64 hex digits")?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("expected 32 bytes (64 hex digits)"))?;
    Ok(signing_key(&seed))
}
