//! The signature algorithms rustls-webpki may use to check certificate and CRL signatures,
//! implemented with the RustCrypto crates hocba already uses for COSE (ADR 0020): no *ring*, no
//! aws-lc, one crypto stack for every target the bindings build for.
//!
//! Accepted: Ed25519; ECDSA P-256 and P-384 with SHA-256 or SHA-384; RSA PKCS#1 v1.5 and
//! RSASSA-PSS with SHA-256/384/512 for moduli of 2048 to 8192 bits (the bounds *ring* applies
//! for webpki). Ed25519 is checked with `verify_strict`.

use rustls_pki_types::{
    AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm, alg_id,
};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// Smallest RSA modulus accepted for a signature inside a chain.
const MIN_CHAIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus accepted anywhere (bounds verification cost).
pub(crate) const MAX_RSA_BITS: usize = 8192;

#[derive(Clone, Copy, Debug)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Clone, Copy, Debug)]
enum Scheme {
    Ed25519,
    EcdsaP256(Hash),
    EcdsaP384(Hash),
    RsaPkcs1(Hash),
    RsaPss(Hash),
}

#[derive(Debug)]
struct Alg {
    scheme: Scheme,
    public_key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
}

fn digest(hash: Hash, msg: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => Sha256::digest(msg).to_vec(),
        Hash::Sha384 => Sha384::digest(msg).to_vec(),
        Hash::Sha512 => Sha512::digest(msg).to_vec(),
    }
}

fn rsa_key(public_key: &[u8]) -> Result<rsa::PublicKey, InvalidSignature> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::PublicKey::from_pkcs1_der(public_key).map_err(|_| InvalidSignature)?;
    let bits = key.size() * 8;
    if !(MIN_CHAIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
        return Err(InvalidSignature);
    }
    Ok(key)
}

impl SignatureVerificationAlgorithm for Alg {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        match self.scheme {
            Scheme::Ed25519 => {
                let key: [u8; 32] = public_key.try_into().map_err(|_| InvalidSignature)?;
                let key =
                    ed25519_dalek::VerifyingKey::from_bytes(&key).map_err(|_| InvalidSignature)?;
                let sig = ed25519_dalek::Signature::from_slice(signature)
                    .map_err(|_| InvalidSignature)?;
                key.verify_strict(message, &sig)
                    .map_err(|_| InvalidSignature)
            }
            Scheme::EcdsaP256(hash) => {
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
                    .map_err(|_| InvalidSignature)?;
                let sig =
                    p256::ecdsa::Signature::from_der(signature).map_err(|_| InvalidSignature)?;
                key.verify_prehash(&digest(hash, message), &sig)
                    .map_err(|_| InvalidSignature)
            }
            Scheme::EcdsaP384(hash) => {
                let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
                    .map_err(|_| InvalidSignature)?;
                let sig =
                    p384::ecdsa::Signature::from_der(signature).map_err(|_| InvalidSignature)?;
                key.verify_prehash(&digest(hash, message), &sig)
                    .map_err(|_| InvalidSignature)
            }
            Scheme::RsaPkcs1(hash) => {
                let key = rsa_key(public_key)?;
                let scheme = match hash {
                    Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                    Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                    Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
                };
                key.verify(scheme, &digest(hash, message), signature)
                    .map_err(|_| InvalidSignature)
            }
            Scheme::RsaPss(hash) => {
                let key = rsa_key(public_key)?;
                let d = digest(hash, message);
                let ok = match hash {
                    Hash::Sha256 => key.verify(rsa::Pss::<Sha256>::new(), &d, signature),
                    Hash::Sha384 => key.verify(rsa::Pss::<Sha384>::new(), &d, signature),
                    Hash::Sha512 => key.verify(rsa::Pss::<Sha512>::new(), &d, signature),
                };
                ok.map_err(|_| InvalidSignature)
            }
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.public_key
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }
}

macro_rules! alg {
    ($name:ident, $scheme:expr, $pk:expr, $sig:expr) => {
        static $name: Alg = Alg {
            scheme: $scheme,
            public_key: $pk,
            signature: $sig,
        };
    };
}

alg!(ED25519, Scheme::Ed25519, alg_id::ED25519, alg_id::ED25519);
alg!(
    P256_SHA256,
    Scheme::EcdsaP256(Hash::Sha256),
    alg_id::ECDSA_P256,
    alg_id::ECDSA_SHA256
);
alg!(
    P256_SHA384,
    Scheme::EcdsaP256(Hash::Sha384),
    alg_id::ECDSA_P256,
    alg_id::ECDSA_SHA384
);
alg!(
    P384_SHA256,
    Scheme::EcdsaP384(Hash::Sha256),
    alg_id::ECDSA_P384,
    alg_id::ECDSA_SHA256
);
alg!(
    P384_SHA384,
    Scheme::EcdsaP384(Hash::Sha384),
    alg_id::ECDSA_P384,
    alg_id::ECDSA_SHA384
);
alg!(
    RSA_SHA256,
    Scheme::RsaPkcs1(Hash::Sha256),
    alg_id::RSA_ENCRYPTION,
    alg_id::RSA_PKCS1_SHA256
);
alg!(
    RSA_SHA384,
    Scheme::RsaPkcs1(Hash::Sha384),
    alg_id::RSA_ENCRYPTION,
    alg_id::RSA_PKCS1_SHA384
);
alg!(
    RSA_SHA512,
    Scheme::RsaPkcs1(Hash::Sha512),
    alg_id::RSA_ENCRYPTION,
    alg_id::RSA_PKCS1_SHA512
);
alg!(
    PSS_SHA256,
    Scheme::RsaPss(Hash::Sha256),
    alg_id::RSA_ENCRYPTION,
    alg_id::RSA_PSS_SHA256
);
alg!(
    PSS_SHA384,
    Scheme::RsaPss(Hash::Sha384),
    alg_id::RSA_ENCRYPTION,
    alg_id::RSA_PSS_SHA384
);
alg!(
    PSS_SHA512,
    Scheme::RsaPss(Hash::Sha512),
    alg_id::RSA_ENCRYPTION,
    alg_id::RSA_PSS_SHA512
);

/// Every algorithm a certificate or CRL in an accepted chain may be signed with.
pub(crate) static ALL: &[&dyn SignatureVerificationAlgorithm] = &[
    &ED25519,
    &P256_SHA256,
    &P256_SHA384,
    &P384_SHA256,
    &P384_SHA384,
    &RSA_SHA256,
    &RSA_SHA384,
    &RSA_SHA512,
    &PSS_SHA256,
    &PSS_SHA384,
    &PSS_SHA512,
];
