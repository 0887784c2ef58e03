/* Freestanding shim for building libsecp256k1 and BearSSL to wasm32 (see ../build.sh). */
#ifndef SEALKIT_SHIM_STDIO_H
#define SEALKIT_SHIM_STDIO_H
typedef struct sealkit_file FILE;
extern FILE *stderr;
int fprintf(FILE *f, const char *fmt, ...);
int printf(const char *fmt, ...);
#endif
