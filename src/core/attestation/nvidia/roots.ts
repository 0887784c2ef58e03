/**
 * The trust anchors for NVIDIA GPU evidence.
 *
 * Every GPU's device certificate chain (device leaf "GH100 A01 GSP FMC LF" ->
 * "GH100 A01 GSP BROM" -> "NVIDIA GH100 Provisioner ICA 1" -> "NVIDIA GH100 Identity"
 * -> root) ends at NVIDIA's self-signed Device Identity CA. We pin that root by the
 * SHA-256 of its DER, so a chain to any other root, however well-formed, fails.
 *
 * @example
 * ```ts
 * await verifyGpuEvidence(payload, { nonce, trustedRoots: [NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT] }) // the default
 * ```
 */

/**
 * SHA-256 fingerprint of `CN=NVIDIA Device Identity CA, O=NVIDIA` (P-384, self-signed,
 * serial 2d3670b1ca100411c1fec0e82a065b54, valid 2021-11-05 .. 9999-12-31), taken from the
 * real chains in Venice/NEAR AI reports and NVIDIA's nvtrust sample (all three agree).
 */
export const NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT = '102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48'

/** The issuer NRAS puts in every token it signs. */
export const NRAS_ISSUER = 'https://nras.attestation.nvidia.com'
