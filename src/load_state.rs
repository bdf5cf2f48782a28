//! Plain load states of the manifest and the datasets, with no web dependency.

use std::sync::Arc;

use helder_core::manifest::Manifest;
use helder_core::Table;

/// Where one dataset is in its journey from the server to a queryable table.
#[derive(Debug, Clone)]
pub enum Load {
    /// Requested, no bytes yet.
    Pending,
    /// Bytes arriving.
    Receiving {
        received: u64,
        total: u64,
    },
    Ready(Arc<Table>),
    /// The user-facing reason, naming the file.
    Failed(String),
}

impl PartialEq for Load {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Load::Pending, Load::Pending) => true,
            (
                Load::Receiving {
                    received: a,
                    total: b,
                },
                Load::Receiving {
                    received: c,
                    total: d,
                },
            ) => a == c && b == d,
            (Load::Ready(a), Load::Ready(b)) => Arc::ptr_eq(a, b),
            (Load::Failed(a), Load::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// The manifest as loaded: not yet there, there, or failed with a message.
#[derive(Debug, Clone, PartialEq)]
pub enum ManifestState {
    Loading,
    Ready(Arc<Manifest>),
    Failed(String),
}
