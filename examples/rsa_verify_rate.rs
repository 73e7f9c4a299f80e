//! The limits for the gateway, with `ring` on as many threads as the gateway bench uses:
//! RSA-2048 PKCS#1 v1.5 SHA-256 verifications per second, the cryptography of one confirmation
//! per second (two RSA verifications: the CA's signature on the card certificate and the card's
//! on the challenge; the kiosk is known from its TLS handshake, once per connection), and Ed25519
//! verifications per second (what a signed request adds: plain HTTP, or a kiosk without its TLS
//! identity). Prints `RATE|…`, `CRYPTO|…` and `ED25519|…` for `scripts/bench.sh`.
//!   cargo run --release --example rsa_verify_rate -- [THREADS] [SECONDS]
use std::time::{Duration, Instant};

use ring::signature::{self, Ed25519KeyPair, KeyPair, RsaKeyPair};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let threads: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2);
    let seconds: f64 = args.next().map(|n| n.parse()).transpose()?.unwrap_or(3.0);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // The normal card's key: the modulus size the gateway verifies.
    let pem = std::fs::read_to_string(root.join("fixtures/pki/cards/normal.key.pem"))?;
    let rsa = RsaKeyPair::from_pkcs8(&pem_body(&pem)?).map_err(|e| format!("key: {e}"))?;
    let rng = ring::rand::SystemRandom::new();
    let message = b"challenge from the gateway";
    let mut rsa_sig = vec![0; rsa.public().modulus_len()];
    rsa.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut rsa_sig)
        .map_err(|e| format!("sign: {e}"))?;
    let rsa_public = rsa.public().as_ref().to_vec();
    let ed = Ed25519KeyPair::from_pkcs8(
        Ed25519KeyPair::generate_pkcs8(&rng)
            .map_err(|e| format!("{e}"))?
            .as_ref(),
    )
    .map_err(|e| format!("{e}"))?;
    let ed_sig = ed.sign(message);
    let ed_public = ed.public_key().as_ref().to_vec();

    let rsa_verify = || {
        signature::UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &rsa_public)
            .verify(message, &rsa_sig)
            .is_ok()
    };
    let ed_verify = || {
        signature::UnparsedPublicKey::new(&signature::ED25519, &ed_public)
            .verify(message, ed_sig.as_ref())
            .is_ok()
    };
    let confirmation = || rsa_verify() && rsa_verify();
    let rate = per_second(threads, seconds, &rsa_verify);
    let crypto = per_second(threads, seconds, &confirmation);
    let ed = per_second(threads, seconds, &ed_verify);
    println!("ring RSA-2048 verify: {rate:.0}/s on {threads} threads");
    println!("the cryptography of one confirmation (2 RSA-2048 verifications): {crypto:.0}/s");
    println!("ring Ed25519 verify (a signed request): {ed:.0}/s");
    println!("RATE|{rate:.0}");
    println!("CRYPTO|{crypto:.0}");
    println!("ED25519|{ed:.0}");
    Ok(())
}

/// How many times a second `work` succeeds on `threads` threads.
fn per_second(threads: usize, seconds: f64, work: &(impl Fn() -> bool + Sync)) -> f64 {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let done: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut n = 0u64;
                    while Instant::now() < until {
                        for _ in 0..32 {
                            n += u64::from(work());
                        }
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    done as f64 / started.elapsed().as_secs_f64()
}

/// The DER inside a PEM file.
fn pem_body(pem: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    Ok(base64::engine::general_purpose::STANDARD.decode(body)?)
}
