/*
 * sealkit: one whole E2EE chunk in one call, for wasm32 (see ../build.sh).
 *
 *   ECDH (libsecp256k1, ecdh.c) -> HKDF-SHA256, no salt, info "ecdsa_encryption"
 *   -> AES-256-GCM decrypt and tag check (BearSSL 0.6: aes_ct64, ghash_ctmul64)
 *
 * I/O: the secret scalar in io[0..32) (ecdh.c's buffer), the chunk in wire[]:
 *   wire[0..65) ephemeral public key (04||X||Y), wire[65..77) IV,
 *   wire[77..len-16) ciphertext, wire[len-16..len) tag.
 * `open_wire(len)` decrypts the ciphertext in place and returns 1 when the tag
 * matches; -1 when the point is not an uncompressed point on the curve, 0 for a bad scalar, -2 when the tag
 * does not match (the ciphertext area is then zeroed: a failed tag never leaves
 * plaintext), -3 for a bad length. The scalar is zeroed here in every case; the
 * shared x, the AES key and every context are zeroed before returning (and the
 * JS wrapper scrubs the stack and wire[] as well).
 *
 * Everything that touches a secret is constant-time: aes_ct64 is bitsliced (no
 * S-box table), ghash_ctmul64 multiplies with integer multiplies on masked
 * words (no table of H multiples), SHA-256 has no secret-indexed access, and the
 * tag comparison is BearSSL's branch-free br_gcm_check_tag.
 */
#include "inner.h"

#define PUB_LEN 65
#define IV_LEN 12
#define TAG_LEN 16
#define WIRE_MAX 65536

extern unsigned char io[];
int sealkit_ecdh_x(unsigned char *x32, const unsigned char *sk, const unsigned char *pub, int publen);

unsigned char wire[WIRE_MAX];

static const unsigned char HKDF_INFO[16] = "ecdsa_encryption";

/*
 * HKDF-Extract without a salt is HMAC-SHA256 keyed with 32 zero bytes: a public key, so its inner and
 * outer pads are absorbed once and the context copied per chunk (two SHA-256 blocks fewer per chunk).
 */
static br_hkdf_context extract_template;
static int extract_ready;

/* A memset the optimiser cannot drop as a dead store: the empty asm "reads" the memory. */
static void wipe(void *p, int c, size_t n) {
    memset(p, c, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

__attribute__((export_name("open_wire")))
int open_wire(int len) {
    unsigned char x[32], key[32];
    br_hkdf_context hkdf;
    br_aes_ct64_ctr_keys aes;
    br_gcm_context gcm;
    unsigned char *sealed = wire + PUB_LEN + IV_LEN;
    size_t n;
    int status;

    if (len < PUB_LEN + IV_LEN + TAG_LEN || len > WIRE_MAX) {
        wipe(io, 0, 32);
        return -3;
    }
    n = (size_t)len - PUB_LEN - IV_LEN - TAG_LEN;
    /* Only the uncompressed form is on the wire (libsecp256k1 would also parse "hybrid" 06/07). */
    status = wire[0] == 4 ? sealkit_ecdh_x(x, io, wire, PUB_LEN) : -1;
    wipe(io, 0, 32);
    if (status != 1) {
        wipe(x, 0, sizeof x);
        return status;
    }

    if (!extract_ready) {
        br_hkdf_init(&extract_template, &br_sha256_vtable, BR_HKDF_NO_SALT, 0);
        extract_ready = 1;
    }
    hkdf = extract_template;
    br_hkdf_inject(&hkdf, x, sizeof x);
    br_hkdf_flip(&hkdf);
    br_hkdf_produce(&hkdf, HKDF_INFO, sizeof HKDF_INFO, key, sizeof key);

    br_aes_ct64_ctr_init(&aes, key, sizeof key);
    br_gcm_init(&gcm, &aes.vtable, br_ghash_ctmul64);
    br_gcm_reset(&gcm, wire + PUB_LEN, IV_LEN);
    br_gcm_flip(&gcm);
    br_gcm_run(&gcm, 0, sealed, n);
    status = br_gcm_check_tag(&gcm, sealed + n) ? 1 : -2;
    if (status != 1) wipe(sealed, 0, n);

    wipe(x, 0, sizeof x);
    wipe(key, 0, sizeof key);
    wipe(&hkdf, 0, sizeof hkdf);
    wipe(&aes, 0, sizeof aes);
    wipe(&gcm, 0, sizeof gcm);
    return status;
}
