/*
 * sealkit: one whole E2EE chunk in one call, either way, for wasm32 (see ../build.sh).
 *
 *   ECDH (libsecp256k1, ecdh.c) -> HKDF-SHA256, no salt, info "ecdsa_encryption"
 *   -> AES-256-GCM (BearSSL 0.6: aes_ct64, ghash_ctmul64)
 *
 * The wire value: wire[0..65) ephemeral public key (04||X||Y), wire[65..77) IV,
 * wire[77..len-16) ciphertext, wire[len-16..len) tag.
 *
 * `open_wire(len)` decrypts: the secret scalar in io[0..32) (ecdh.c's buffer), the
 * chunk in wire[]. It decrypts the ciphertext in place and returns 1 when the tag
 * matches; -1 when the point is not an uncompressed point on the curve, 0 for a bad scalar, -2 when the tag
 * does not match (the ciphertext area is then zeroed: a failed tag never leaves
 * plaintext), -3 for a bad length.
 *
 * `seal_wire(publen, n)` encrypts: the ephemeral secret scalar in io[0..32), the
 * recipient's public key (65 or 33 bytes) in io[32..32+publen), the IV in
 * wire[65..77) and the n-byte plaintext in wire[77..77+n), all written by JS (the
 * randomness is JS's). It writes the ephemeral public key to wire[0..65), encrypts
 * in place and appends the tag; 1, or -1 when the recipient's key does not parse,
 * 0 for a bad scalar (after either the plaintext is zeroed), -3 for a bad length
 * (nothing read; the JS wrapper never passes one, and scrubs wire[] after every call).
 *
 * Both zero the scalar in every case, and the shared x, the AES key and every
 * context before returning (the JS wrapper scrubs the stack and wire[] as well).
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
int sealkit_public_key(unsigned char *pub65, const unsigned char *sk);

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

/* The AES key of a shared x: HKDF-SHA256, no salt, info "ecdsa_encryption". Zeroes its context. */
static void chunk_key(unsigned char key[32], const unsigned char x[32]) {
    br_hkdf_context hkdf;
    if (!extract_ready) {
        br_hkdf_init(&extract_template, &br_sha256_vtable, BR_HKDF_NO_SALT, 0);
        extract_ready = 1;
    }
    hkdf = extract_template;
    br_hkdf_inject(&hkdf, x, 32);
    br_hkdf_flip(&hkdf);
    br_hkdf_produce(&hkdf, HKDF_INFO, sizeof HKDF_INFO, key, 32);
    wipe(&hkdf, 0, sizeof hkdf);
}

/*
 * AES-256-GCM over wire[77..77+n) in place, IV wire[65..77), no AAD: encrypts and writes the tag after the
 * ciphertext (1), or decrypts and checks the tag there (1, or -2). Zeroes the key schedule and the context.
 */
static int chunk_gcm(const unsigned char key[32], int encrypt, size_t n) {
    br_aes_ct64_ctr_keys aes;
    br_gcm_context gcm;
    unsigned char *data = wire + PUB_LEN + IV_LEN;
    int status = 1;

    br_aes_ct64_ctr_init(&aes, key, 32);
    br_gcm_init(&gcm, &aes.vtable, br_ghash_ctmul64);
    br_gcm_reset(&gcm, wire + PUB_LEN, IV_LEN);
    br_gcm_flip(&gcm);
    br_gcm_run(&gcm, encrypt, data, n);
    if (encrypt) br_gcm_get_tag(&gcm, data + n);
    else status = br_gcm_check_tag(&gcm, data + n) ? 1 : -2;
    wipe(&aes, 0, sizeof aes);
    wipe(&gcm, 0, sizeof gcm);
    return status;
}

__attribute__((export_name("open_wire")))
int open_wire(int len) {
    unsigned char x[32], key[32];
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
    chunk_key(key, x);
    status = chunk_gcm(key, 0, n);
    if (status != 1) wipe(sealed, 0, n);
    wipe(x, 0, sizeof x);
    wipe(key, 0, sizeof key);
    return status;
}

__attribute__((export_name("seal_wire")))
int seal_wire(int publen, int n) {
    unsigned char x[32], key[32];
    int status;

    if (n < 0 || n > WIRE_MAX - PUB_LEN - IV_LEN - TAG_LEN) {
        wipe(io, 0, 32);
        return -3;
    }
    status = sealkit_ecdh_x(x, io, io + 32, publen);
    if (status == 1) status = sealkit_public_key(wire, io);
    wipe(io, 0, 32);
    if (status != 1) {
        wipe(x, 0, sizeof x);
        wipe(wire + PUB_LEN + IV_LEN, 0, (size_t)n);
        return status;
    }
    chunk_key(key, x);
    chunk_gcm(key, 1, (size_t)n);
    wipe(x, 0, sizeof x);
    wipe(key, 0, sizeof key);
    return 1;
}
