/*
 * credit_sign.c -- the signature of a request to the provincial credit
 * platform (shared/credit-sim/PROTOCOL.md 2.2).  Pure: the test vectors
 * of shared/credit-sim/README.md are unit tests.
 */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "credit.h"
#include "crypto.h"

void
credit_sign(const char *secret, const char *method, const char *path,
    const char *timestamp, const char *nonce, const void *body, size_t len,
    char out[65])
{
	struct buf	 sts;
	char		 hash[65];
	unsigned char	 mac[32];

	buf_init(&sts, strlen(method) + strlen(path) + strlen(timestamp) +
	    strlen(nonce) + 70);
	crypto_sha256_hex(body != NULL ? body : "", len, hash);
	buf_adds(&sts, method);
	buf_adds(&sts, "\n");
	buf_adds(&sts, path);
	buf_adds(&sts, "\n");
	buf_adds(&sts, timestamp);
	buf_adds(&sts, "\n");
	buf_adds(&sts, nonce);
	buf_adds(&sts, "\n");
	buf_adds(&sts, hash);
	crypto_hmac(secret, strlen(secret), sts.p, sts.len, mac);
	crypto_hex(mac, sizeof(mac), out);
	buf_free(&sts);
}
