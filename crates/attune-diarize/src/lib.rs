//! Who spoke when in a mono recording.
pub mod campp;
pub mod fbank;

use std::path::PathBuf;

/// Where `scripts/setup.sh` puts CAM++'s weights: `$ATTUNE_CAMPPLUS_DIR`, else `models/campplus/` (found from
/// the working directory or the repository this crate was built in).
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ATTUNE_CAMPPLUS_DIR") {
        return PathBuf::from(d);
    }
    let here = PathBuf::from("models/campplus");
    if here.join("campplus.safetensors").exists() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/campplus")
}
