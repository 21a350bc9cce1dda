/*
 * crypto.c -- wrappers over libcrypto.
 */
#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <errno.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "buf.h"
#include "crypto.h"

int
crypto_random(void *p, size_t n)
{
	unsigned char	*q = p;
	ssize_t		 r;

	while (n > 0) {
		r = getrandom(q, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		q += r;
		n -= (size_t)r;
	}
	return 0;
}

int
crypto_random_text(const char *alphabet, size_t n, char *out, size_t outsz)
{
	size_t		 alen = strlen(alphabet), i = 0;
	unsigned	 lim;
	unsigned char	 rnd[64];

	if (alen == 0 || alen > 256 || outsz <= n)
		return -1;
	/* Reject bytes at or above the largest multiple of alen. */
	lim = 256 - (256 % alen);
	while (i < n) {
		size_t j;

		if (crypto_random(rnd, sizeof(rnd)) == -1)
			return -1;
		for (j = 0; j < sizeof(rnd) && i < n; j++)
			if (rnd[j] < lim)
				out[i++] = alphabet[rnd[j] % alen];
	}
	out[n] = '\0';
	return 0;
}

void
crypto_sha256(const void *p, size_t n, unsigned char out[32])
{
	SHA256(p, n, out);
}

char *
crypto_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 0xf];
	}
	out[2 * n] = '\0';
	return out;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
crypto_unhex(const char *hex, unsigned char *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo;

		if (hi < 0 || (lo = hexval(hex[2 * i + 1])) < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return hex[2 * n] == '\0' ? 0 : -1;
}

char *
crypto_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];

	crypto_sha256(p, n, md);
	return crypto_hex(md, sizeof(md), out);
}

void
crypto_hmac(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[32])
{
	unsigned int olen = 32;

	HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &olen);
}

bool
crypto_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

#define GCM_NONCE 12
#define GCM_TAG 16

int
crypto_seal(const unsigned char key[32], const void *p, size_t n,
    struct buf *out)
{
	EVP_CIPHER_CTX	*c;
	unsigned char	 nonce[GCM_NONCE], tag[GCM_TAG], *ct = NULL;
	int		 len, rc = -1;

	if (n > (size_t)INT32_MAX - 32 || crypto_random(nonce, sizeof(nonce)))
		return -1;
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if ((ct = OPENSSL_malloc(n + 16)) == NULL)
		goto out;
	if (EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, nonce) != 1 ||
	    EVP_EncryptUpdate(c, ct, &len, p, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(c, ct + len, &len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, GCM_TAG, tag) != 1)
		goto out;
	if (buf_add(out, nonce, sizeof(nonce)) || buf_add(out, ct, n) ||
	    buf_add(out, tag, sizeof(tag)))
		goto out;
	rc = 0;
out:
	OPENSSL_free(ct);
	EVP_CIPHER_CTX_free(c);
	return rc;
}

int
crypto_open(const unsigned char key[32], const void *p, size_t n,
    struct buf *out)
{
	const unsigned char	*in = p;
	EVP_CIPHER_CTX		*c;
	unsigned char		*pt = NULL, tag[GCM_TAG];
	size_t			 ctlen;
	int			 len, rc = -1;

	if (n < GCM_NONCE + GCM_TAG || n > (size_t)INT32_MAX)
		return -1;
	ctlen = n - GCM_NONCE - GCM_TAG;
	memcpy(tag, in + n - GCM_TAG, GCM_TAG);
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if ((pt = OPENSSL_malloc(ctlen + 16)) == NULL)
		goto out;
	if (EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, in) != 1 ||
	    EVP_DecryptUpdate(c, pt, &len, in + GCM_NONCE, (int)ctlen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, GCM_TAG, tag) != 1 ||
	    EVP_DecryptFinal_ex(c, pt + len, &len) != 1)
		goto out;
	if (buf_add(out, pt, ctlen) == -1)
		goto out;
	rc = 0;
out:
	OPENSSL_free(pt);
	EVP_CIPHER_CTX_free(c);
	return rc;
}
