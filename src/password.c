/*
 * password.c -- password policy and yescrypt hashes.
 */
#include "config.h"

#include <ctype.h>
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "password.h"
#include "utf8.h"

/* Frequent passwords in leaked lists, Chinese ones included (pinyin and
 * digit patterns); long enough to pass the length rule or close to it. */
static const char *const common[] = {
	"password", "password1", "password12", "password123", "password1234",
	"passw0rd", "p@ssw0rd", "p@ssword", "p@ssw0rd123", "admin123",
	"admin1234", "administrator", "qwerty", "qwerty123", "qwertyuiop",
	"qwertyuiop123", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx",
	"1qaz2wsx3edc", "zaq12wsx", "asdfghjkl", "asdfghjkl123", "zxcvbnm",
	"zxcvbnm123", "iloveyou", "iloveyou123", "welcome", "welcome1",
	"welcome123", "letmein", "letmein123", "monkey", "dragon", "master",
	"sunshine", "princess", "football", "baseball", "superman", "trustno1",
	"abc123", "abc12345", "abc123456", "abcd1234", "abcd12345",
	"a123456", "a12345678", "a123456789", "aa123456", "aa12345678",
	"woaini", "woaini1314", "woaini520", "woaini123", "5201314",
	"5201314520", "1314520", "13145201314", "wangyang", "zhangwei",
	"lilei123", "huizhou123", "shenzhen123", "guangzhou123", "beijing123",
	"china123", "china1234", "zhongguo", "zhongguo123", "iloveyou1314",
	"changeme", "changeme123", "default", "secret", "secret123",
	"qazwsxedc", "qazwsx123", "q1w2e3r4", "q1w2e3r4t5", "computer",
	"internet", "starwars", "whatever", "freedom", "football1",
	"michael", "jennifer", "shadow", "hello123", "hello1234",
	"test1234", "test12345", "testtest", "ipdesk", "ipdesk123",
	"ipdesk2026", "password2025", "password2026", "password2027",
	"admin2025", "admin2026", "admin@123", "admin@1234", "root1234",
	"root123456", "toor", "guest123", "user1234", "login123",
	"88888888", "888888888", "66666666", "666666666", "11111111",
	"111111111", "00000000", "000000000", "12341234", "11223344",
	"12344321", "147258369", "159357", "741852963", "987654321",
	"qq123456", "qq1234567", "aini1314", "a1b2c3d4", "a1s2d3f4",
};

/* Lower-cased copy; NULL on ENOMEM. */
static char *
lower(const char *s)
{
	size_t	 i, n = strlen(s);
	char	*d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	for (i = 0; i <= n; i++)
		d[i] = (char)tolower((unsigned char)s[i]);
	return d;
}

/* The character after c in a keyboard run: digits wrap (…8901…). */
static char
succ(char c)
{
	return c == '9' ? '0' : (char)(c + 1);
}

/* One character repeated, or an ascending or descending run. */
static bool
trivial(const char *s)
{
	size_t	 i, n = strlen(s);
	bool	 same = true, up = true, down = true;

	for (i = 1; i < n; i++) {
		same = same && s[i] == s[0];
		up = up && s[i] == succ(s[i - 1]);
		down = down && s[i - 1] == succ(s[i]);
	}
	return n > 0 && (same || up || down);
}

const char *
password_problem(const char *pw, const char *username, size_t minlen)
{
	char		*lp, *lu;
	const char	*why = NULL;
	size_t		 i, n = strlen(pw);

	if (n > PASSWORD_MAX)
		return "too_long";
	if (!utf8_valid(pw, n) || utf8_has_forbidden(pw, n, false))
		return "forbidden_character";
	if (utf8_count(pw, n) < minlen)
		return "too_short";
	if ((lp = lower(pw)) == NULL)
		return "too_common";
	for (i = 0; i < sizeof(common) / sizeof(common[0]) && !why; i++)
		if (strcmp(lp, common[i]) == 0)
			why = "too_common";
	if (!why && trivial(lp))
		why = "too_common";
	if (!why && username != NULL && strlen(username) >= 3 &&
	    (lu = lower(username)) != NULL) {
		if (strstr(lp, lu) != NULL)
			why = "contains_username";
		free(lu);
	}
	free(lp);
	return why;
}

int
password_hash(const char *pw, char *out, size_t outsz)
{
	char			 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data	*cd;
	const char		*h;
	int			 rc = -1;

	if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)) == NULL)
		return -1;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return -1;
	h = crypt_rn(pw, salt, cd, sizeof(*cd));
	if (h != NULL && h[0] == '$' && strlen(h) < outsz) {
		memcpy(out, h, strlen(h) + 1);
		rc = 0;
	}
	OPENSSL_cleanse(cd, sizeof(*cd));
	free(cd);
	return rc;
}

bool
password_verify(const char *pw, const char *hash)
{
	struct crypt_data	*cd;
	const char		*h;
	bool			 ok = false;

	if (hash == NULL || hash[0] != '$' || strlen(pw) > PASSWORD_MAX)
		return false;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return false;
	h = crypt_rn(pw, hash, cd, sizeof(*cd));
	if (h != NULL && strlen(h) == strlen(hash))
		ok = CRYPTO_memcmp(h, hash, strlen(hash)) == 0;
	OPENSSL_cleanse(cd, sizeof(*cd));
	free(cd);
	return ok;
}

void
password_dummy_verify(const char *pw)
{
	/* A valid yescrypt setting of the default cost. */
	(void)password_verify(pw, "$y$j9T$zTG9D1iFm4/CR019KJl2Y0$"
	    "CR27P6f13F6FRERnSPtji/rZ/Lhd6n53rSJlpXptL/C");
}
