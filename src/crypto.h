/*
 * crypto.h -- the few primitives ipdesk needs, from OpenSSL's libcrypto:
 * the OS random source, SHA-256, HMAC-SHA256 and AES-256-GCM.
 */
#ifndef IPDESK_CRYPTO_H
#define IPDESK_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Fills p with n bytes from the kernel's CSPRNG.  Returns 0 or -1. */
int crypto_random(void *p, size_t n);

/* Random text of n characters from alphabet (each character chosen
 * without modulo bias), NUL-terminated in out (outsz > n).  0 or -1. */
int crypto_random_text(const char *alphabet, size_t n, char *out,
    size_t outsz);

/* SHA-256 of n bytes into out[32]. */
void crypto_sha256(const void *p, size_t n, unsigned char out[32]);

/* Lower-case hex SHA-256 into out[65] (NUL-terminated); returns out. */
char *crypto_sha256_hex(const void *p, size_t n, char out[65]);

/* HMAC-SHA256 of msg with key into out[32]. */
void crypto_hmac(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[32]);

/* Lower-case hex of n bytes into out (2n+1 bytes); returns out. */
char *crypto_hex(const unsigned char *p, size_t n, char *out);

/* Parses 2n hex digits into out[n].  Returns 0 or -1. */
int crypto_unhex(const char *hex, unsigned char *out, size_t n);

/* Constant-time comparison of n bytes. */
bool crypto_equal(const void *a, const void *b, size_t n);

/*
 * AES-256-GCM with a random 96-bit nonce: appends nonce || ciphertext ||
 * tag to out.  open() reverses it and fails (-1) on any tampering.
 */
int crypto_seal(const unsigned char key[32], const void *p, size_t n,
    struct buf *out);
int crypto_open(const unsigned char key[32], const void *p, size_t n,
    struct buf *out);

#endif
