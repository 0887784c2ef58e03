/**
 * The verification worker's first verification costs several times the next one: every function
 * of the X.509 / ASN.1 code is compiled on first call, asn1-schema builds its schemas, WebCrypto
 * starts. A fresh worker usually waits for the attestation report anyway (it is started with the
 * page; the report comes after the models list), so it spends that wait verifying one
 * certificate chain of its own. Nothing of it is trusted or kept: the certificate is the sealkit
 * simulator's self-signed TEST GPU root (P-384, made by src/simulator/gpu-evidence.ts, not
 * NVIDIA's), checked against its own fingerprint with no certificate cache, and the result only
 * says whether the code ran.
 */
import { verifyCertificateChain } from '../attestation/x509/chain.ts'
import { fingerprintOf } from '../attestation/x509/certificate.ts'
import { base64ToBytes } from '../attestation/x509/pem.ts'

const WARM_UP_CERTIFICATE =
  'MIICazCCAfKgAwIBAgIURejqEKfwfajG83C09IgWlZWgizgwCgYIKoZIzj0EAwMwZDEaMBgGA1UECgwRc2VhbGtpdCBzaW11bGF0' +
  'b3IxRjBEBgNVBAMMPXNlYWxraXQgc2ltdWxhdG9yIFRFU1QgTlZJRElBIERldmljZSBJZGVudGl0eSBDQSAobm90IE5WSURJQSkw' +
  'IBcNMjExMTA1MDAwMDAwWhgPOTk5OTEyMzEyMzU5NTlaMGQxGjAYBgNVBAoMEXNlYWxraXQgc2ltdWxhdG9yMUYwRAYDVQQDDD1z' +
  'ZWFsa2l0IHNpbXVsYXRvciBURVNUIE5WSURJQSBEZXZpY2UgSWRlbnRpdHkgQ0EgKG5vdCBOVklESUEpMHYwEAYHKoZIzj0CAQYF' +
  'K4EEACIDYgAE4SYB3NKFV+f16Xn8DWbEX7f+usLmdeIrTPEviTKxAnj4+iaoz+B+SUKxGtLhzh+Vllw/NY1KUYsbWbr0A1/5TbUH' +
  '82nkcMDBYqDAzJmJNS6MGs+Ddp+i4jiwROSJ1ykMo2MwYTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4E' +
  'FgQUAiees1mG+iVv1tVXkwXzf46LWYcwHwYDVR0jBBgwFoAUAiees1mG+iVv1tVXkwXzf46LWYcwCgYIKoZIzj0EAwMDZwAwZAIw' +
  'cJbRks5VgNhHi3qCo4Pd3bi1BOexCzlvdJ/ISbouhwRVIjG8Z8XpZzY2E2uGir7IAjB6hASKT7n25fwgIbCcYsCr8jDvIF06/uvQ' +
  'yTwqpt1blv6+FAp0NBru2rvBwb0KrBk='

/**
 * Runs the certificate code once (parse, chain, ECDSA P-384 signature through WebCrypto).
 * Resolves `true` when the chain verified as expected, `false` otherwise; never rejects.
 * @example void warmUpVerifier() // in the worker, once its code has loaded
 */
export async function warmUpVerifier(): Promise<boolean> {
  try {
    const der = base64ToBytes(WARM_UP_CERTIFICATE)
    const result = await verifyCertificateChain([der], { trustedRoots: [fingerprintOf(der)], cache: null })
    return result.ok
  } catch {
    return false
  }
}
