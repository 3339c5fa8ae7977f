//! Trust anchors and revocation lists handed in by the caller.

use std::sync::Arc;

use hocba_core::envelope::is_pem;
use hocba_core::trust::TrustStore as CoreTrustStore;

use crate::error::{HocbaError, guard};

/// Trust anchors (root certificates: Việt Nam's national public root, the government root)
/// and optional CRLs, read once and reused for every verification (an app's lifetime, a bulk
/// check). Nothing is fetched: what is trusted is exactly what the caller hands in.
#[derive(uniffi::Object)]
pub struct TrustStore {
    pub(crate) inner: CoreTrustStore,
}

#[uniffi::export]
impl TrustStore {
    /// A store trusting `trust_anchors` (each a DER certificate or a PEM bundle of them) and
    /// knowing the revocation lists `crls` (each DER or PEM; may be empty). An unreadable
    /// certificate or CRL is a `Trust` error; nothing is half-added.
    #[uniffi::constructor]
    pub fn new(trust_anchors: Vec<Vec<u8>>, crls: Vec<Vec<u8>>) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let mut inner = CoreTrustStore::new();
            for a in &trust_anchors {
                if is_pem(a) {
                    inner.add_roots_pem(a).map_err(hocba_core::Error::from)?;
                } else {
                    inner.add_root_der(a).map_err(hocba_core::Error::from)?;
                }
            }
            for c in &crls {
                if is_pem(c) {
                    inner.add_crls_pem(c).map_err(hocba_core::Error::from)?;
                } else {
                    inner.add_crl_der(c).map_err(hocba_core::Error::from)?;
                }
            }
            Ok(Arc::new(Self { inner }))
        })
    }

    /// Number of trusted roots.
    pub fn root_count(&self) -> u32 {
        u32::try_from(self.inner.root_count()).unwrap_or(u32::MAX)
    }

    /// Number of CRLs.
    pub fn crl_count(&self) -> u32 {
        u32::try_from(self.inner.crl_count()).unwrap_or(u32::MAX)
    }
}
