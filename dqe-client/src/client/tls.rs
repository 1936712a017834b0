//! The TLS settings of the client's HTTP client, made here and handed to reqwest whole, so that
//! building a client never touches the process: no crypto provider is installed as rustls'
//! process-wide default (an application's choice of provider stays its own).
//!
//! The settings are those reqwest would make for itself: the platform's verifier
//! (`rustls-platform-verifier`, already reqwest's, with the system's root certificates: on Linux
//! and BSD those `SSL_CERT_FILE` and `SSL_CERT_DIR` name, else the system store), TLS 1.2 and
//! 1.3, SNI, and HTTP/1.1 as the only ALPN protocol (the client speaks nothing else).

use std::sync::Arc;

use rustls::crypto::CryptoProvider;

use super::ConfigError;

/// The crypto provider the client uses: the one the application installed as rustls' process
/// default, if any (read, never set), else *ring*, for this client alone.
///
/// rustls 0.23.48 deprecates `ring::default_provider` because *ring* has no post-quantum key
/// exchange; its replacement, aws-lc-rs, builds a C library and adds tens of seconds to a cold
/// build, so *ring* stays this crate's default, chosen knowingly. An application that wants
/// post-quantum key exchange installs `rustls::crypto::aws_lc_rs::default_provider()` (rustls'
/// `aws_lc_rs` feature) as the process default before building a client: the client uses it.
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()))
}

/// The TLS configuration of one client's HTTP client.
///
/// # Errors
/// [`ConfigError::Tls`] when the platform's verifier cannot be made (on Linux: no root
/// certificate could be loaded from the system).
pub(super) fn client_config() -> Result<rustls::ClientConfig, ConfigError> {
    let provider = provider();
    let tls = |e: rustls::Error| ConfigError::Tls(Arc::new(e));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(tls)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    //! One test, in a process of its own: the test binary runs itself again with only this test
    //! selected, so no other test can have installed a provider before, nor after, and the
    //! child proves it ran by a line the parent looks for.

    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::process::Command;
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    /// Set in the child's environment: the test then does the work instead of spawning.
    const CHILD: &str = "DQE_CLIENT_TLS_TEST_CHILD";
    /// What the child prints once every assertion held.
    const DONE: &str = "dqe-client tls child: no process provider, HTTPS answered";

    /// A test authority, valid for a century, made with openssl for this test only.
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBoDCCAUegAwIBAgIUAZkZyRnmcdhSaLXerFTp9troWvAwCgYIKoZIzj0EAwIw\n\
HTEbMBkGA1UEAwwSZHFlLWNsaWVudCB0ZXN0IENBMCAXDTI2MTIwNzEyMDUyMVoY\n\
DzIxMjYxMTEzMTIwNTIxWjAdMRswGQYDVQQDDBJkcWUtY2xpZW50IHRlc3QgQ0Ew\n\
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAART1SxxuRrxMCtcE5l1VLyWcKZ2//Ve\n\
F5VVfb2TbI6zOCMEK2goX+huWWW0sxqLx4o5Ihoua/JhVaDYwpB7l5uBo2MwYTAd\n\
BgNVHQ4EFgQU2AmRgCycYcVI7Pu1KyT9/DuRiXMwHwYDVR0jBBgwFoAU2AmRgCyc\n\
YcVI7Pu1KyT9/DuRiXMwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAgQw\n\
CgYIKoZIzj0EAwIDRwAwRAIgBWvI5jvuStuHB0NMoR1+nHfIdnoP5cI0KDwx1/Pp\n\
T18CIBQ8hbt15S1DiGpj1vDGAVJwKUeQsAxvZ+q1ItqlOHza\n\
-----END CERTIFICATE-----\n\
";
    /// The loopback server's certificate (`localhost`, `127.0.0.1`), issued by [`TEST_CA`].
    const TEST_CERT: &str = "-----BEGIN CERTIFICATE-----\n\
MIIByTCCAW6gAwIBAgIUJ9rxmfgfrVR5OgOWA0EyWt2cUv0wCgYIKoZIzj0EAwIw\n\
HTEbMBkGA1UEAwwSZHFlLWNsaWVudCB0ZXN0IENBMCAXDTI2MTIwNzEyMDUyMVoY\n\
DzIxMjYxMTEzMTIwNTIxWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjO\n\
PQIBBggqhkjOPQMBBwNCAASfY5Un7PFIShQRK9igavtPKTfS4La4yg+UaoDIc6UH\n\
r/TrFddHjKub9J3aF+OXt03OFW1LE4vCFWafgy0+zdw7o4GSMIGPMAwGA1UdEwEB\n\
/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMBoGA1Ud\n\
EQQTMBGCCWxvY2FsaG9zdIcEfwAAATAdBgNVHQ4EFgQUodv6uD+WMUm7CKPT3YJb\n\
wJ8FH64wHwYDVR0jBBgwFoAU2AmRgCycYcVI7Pu1KyT9/DuRiXMwCgYIKoZIzj0E\n\
AwIDSQAwRgIhANoIy6q8IrqgvHOyVVMgmJs6/iaGM0mrDUlrAAZ+ZgFRAiEAubwL\n\
vOGB0h08m4FDjbwp4P1Ec+OZPCp27fZE1Cf0LsQ=\n\
-----END CERTIFICATE-----\n\
";
    /// Its key (PKCS #8, P-256): a test fixture that protects nothing.
    const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgCjZMixwNdpUo/Qd7\n\
MN8YJ5TDQIcdOW6ms1BcQcr+JiqhRANCAASfY5Un7PFIShQRK9igavtPKTfS4La4\n\
yg+UaoDIc6UHr/TrFddHjKub9J3aF+OXt03OFW1LE4vCFWafgy0+zdw7\n\
-----END PRIVATE KEY-----\n\
";

    #[test]
    fn building_a_client_installs_no_process_provider_and_https_works() {
        if std::env::var_os(CHILD).is_some() {
            return child();
        }
        let ca =
            std::env::temp_dir().join(format!("dqe-client-test-ca-{}.pem", std::process::id()));
        std::fs::write(&ca, TEST_CA).unwrap();
        let name = concat!(
            module_path!(),
            "::building_a_client_installs_no_process_provider_and_https_works"
        );
        let name = name.split_once("::").unwrap().1;
        let out = Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .env("SSL_CERT_FILE", &ca)
            .env_remove("SSL_CERT_DIR")
            .output()
            .unwrap();
        let _ = std::fs::remove_file(&ca);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
        assert!(
            stdout.contains(DONE),
            "the child did not run the test:\n{stdout}\n{stderr}"
        );
    }

    /// In a fresh process: building a client leaves rustls' process default unset, and the
    /// client's HTTP client verifies and talks to an HTTPS server on loopback.
    fn child() {
        assert!(
            CryptoProvider::get_default().is_none(),
            "a provider was set before the test"
        );
        let (addr, server) = tls_server();
        let client = crate::client::Client::builder()
            .server(format!("https://localhost:{}", addr.port()))
            .credentials(crate::Credentials::new("licence", "secret"))
            .build()
            .unwrap();
        assert!(
            CryptoProvider::get_default().is_none(),
            "building a client installed a process-wide crypto provider"
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let reply = rt.block_on(async {
            let url = format!("https://localhost:{}/ping", addr.port());
            let reply = client.inner.http.get(url).send().await.unwrap();
            (reply.status().as_u16(), reply.text().await.unwrap())
        });
        assert_eq!(reply, (200, "pong".to_owned()));
        assert!(server.join().unwrap().starts_with("GET /ping HTTP/1.1\r\n"));
        assert!(CryptoProvider::get_default().is_none());
        println!("{DONE}");
    }

    /// An HTTPS server on loopback answering one request with `pong`; its thread returns the
    /// request's head.
    #[allow(deprecated)]
    fn tls_server() -> (std::net::SocketAddr, std::thread::JoinHandle<String>) {
        let certs = vec![CertificateDer::from_pem_slice(TEST_CERT.as_bytes()).unwrap()];
        let key = PrivateKeyDer::from_pem_slice(TEST_KEY.as_bytes()).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (tcp, _) = listener.accept().unwrap();
            let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let mut head = Vec::new();
            let mut byte = [0u8];
            while !head.ends_with(b"\r\n\r\n") {
                tls.read_exact(&mut byte).unwrap();
                head.push(byte[0]);
            }
            tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\nconnection: close\r\n\r\npong")
                .unwrap();
            tls.conn.send_close_notify();
            let _ = tls.flush();
            String::from_utf8(head).unwrap()
        });
        (addr, server)
    }
}
