/*
 * sealkit: secp256k1 ECDH (raw x-coordinate) over libsecp256k1, for wasm32.
 *
 * One exported function, `ecdh_x`, over one exported I/O buffer:
 *   io[0..32)    secret scalar (big-endian)        written by JS, zeroed here
 *   io[32..97)   peer public key, SEC1: 65 bytes (04||X||Y) or 33 (02/03||X), written by JS
 *   io[97..129)  x-coordinate of scalar * point       read by JS, then zeroed by JS
 * `ecdh_x(publen)` returns 1 on success, -1 when the point does not parse (bad
 * length or prefix, or not on the curve), 0 when the scalar is zero or >= n.
 * chunk.c uses the same multiplication for a whole E2EE chunk, either way (`open_wire`, `seal_wire`),
 * and for the ephemeral public key it seals under (`sealkit_public_key`: the scalar times the generator).
 *
 * The multiplication is libsecp256k1's secp256k1_ecdh -> secp256k1_ecmult_const:
 * constant-time in the scalar (no secret-dependent branches or memory indices;
 * upstream checks this with its ctime_tests under valgrind/msan). Only the
 * "hash" callback differs from upstream's default: it copies x instead of hashing.
 */
#define ENABLE_MODULE_ECDH 1
#define USE_EXTERNAL_DEFAULT_CALLBACKS 1
/* The generator tables are not needed by ECDH; the smallest settings keep the
 * (linker-discarded) table code compiling. */
#define ECMULT_WINDOW_SIZE 2
#define COMB_BLOCKS 2
#define COMB_TEETH 5

#include "secp256k1.c"
#include "precomputed_ecmult.c"
#include "precomputed_ecmult_gen.c"

/* ---- freestanding runtime: never reached on the ECDH path ---- */
void secp256k1_default_illegal_callback_fn(const char *str, void *data) { (void)str; (void)data; __builtin_trap(); }
void secp256k1_default_error_callback_fn(const char *str, void *data) { (void)str; (void)data; __builtin_trap(); }
void abort(void) { __builtin_trap(); }
void *malloc(size_t size) { (void)size; return 0; }
void free(void *p) { (void)p; }
FILE *stderr = 0;
int fprintf(FILE *f, const char *fmt, ...) { (void)f; (void)fmt; return 0; }
int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *p = a, *q = b;
    size_t i;
    for (i = 0; i < n; i++) if (p[i] != q[i]) return p[i] < q[i] ? -1 : 1;
    return 0;
}

/* ---- the API ---- */
unsigned char io[32 + 65 + 32];

static int copy_x(unsigned char *output, const unsigned char *x32, const unsigned char *y32, void *data) {
    (void)y32; (void)data;
    memcpy(output, x32, 32);
    return 1;
}

/* Shared with chunk.c: x of sk * pub into x32; 1, or -1 (point does not parse), or 0 (bad scalar). */
__attribute__((noinline))
int sealkit_ecdh_x(unsigned char *x32, const unsigned char *sk, const unsigned char *pub, int publen) {
    secp256k1_pubkey point;
    if ((publen != 33 && publen != 65) ||
        !secp256k1_ec_pubkey_parse(secp256k1_context_static, &point, pub, (size_t)publen)) {
        return -1;
    }
    return secp256k1_ecdh(secp256k1_context_static, x32, &point, sk, copy_x, NULL) ? 1 : 0;
}

__attribute__((export_name("ecdh_x")))
int ecdh_x(int publen) {
    int status = sealkit_ecdh_x(io + 97, io, io + 32, publen);
    memset(io, 0, 32);
    return status;
}

static int copy_xy(unsigned char *output, const unsigned char *x32, const unsigned char *y32, void *data) {
    (void)data;
    output[0] = 4;
    memcpy(output + 1, x32, 32);
    memcpy(output + 33, y32, 32);
    return 1;
}

/*
 * Shared with chunk.c: sk * G, uncompressed (04||X||Y), into pub65; 1, or 0 (bad scalar). The same
 * constant-time multiplication as the ECDH, with the generator as the point: it needs no generator table
 * (the static context has none built), at the cost of one ECDH's time.
 */
__attribute__((noinline))
int sealkit_public_key(unsigned char *pub65, const unsigned char *sk) {
    secp256k1_ge g = secp256k1_ge_const_g;
    secp256k1_pubkey point;
    secp256k1_pubkey_save(&point, &g);
    return secp256k1_ecdh(secp256k1_context_static, pub65, &point, sk, copy_xy, NULL) ? 1 : 0;
}
