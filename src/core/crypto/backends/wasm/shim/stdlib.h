/* Freestanding shim for building libsecp256k1 and BearSSL to wasm32 (see ../build.sh). */
#ifndef SEALKIT_SHIM_STDLIB_H
#define SEALKIT_SHIM_STDLIB_H
#include <stddef.h>
void abort(void) __attribute__((noreturn));
void *malloc(size_t size);
void free(void *p);
#endif
