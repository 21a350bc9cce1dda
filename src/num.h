/*
 * num.h -- numbers parsed only with bounds (after OpenBSD's strtonum).
 */
#ifndef IPDESK_NUM_H
#define IPDESK_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses a decimal integer of exactly len bytes (optional leading '-',
 * digits only, no spaces, no '+', no leading zeros except "0") that lies
 * in [min, max].  Returns 0 and stores it in *out, or -1.
 */
int num_i64(const char *s, size_t len, int64_t min, int64_t max,
    int64_t *out);

/* num_i64 over a NUL-terminated string; NULL gives -1. */
int num_i64z(const char *s, int64_t min, int64_t max, int64_t *out);

/*
 * Parses a non-negative decimal with at most `decimals` (0-9) decimals
 * ("12", "12.5", "0.000001"; no sign, exponent, grouping or leading
 * zeros, at most 18 integer digits) as an integer scaled by
 * 10^decimals, at most max.  Returns 0 and stores it in *out, or -1.
 */
int num_scaled(const char *s, size_t len, int decimals, int64_t max,
    int64_t *out);

/* v / 10^decimals in canonical decimal form: trailing zeros of the
 * fraction and a bare dot left out ("1.5", "2", "0.000001"); returns
 * out. */
char *num_scaled_format(int64_t v, int decimals, char *out, size_t outsz);

/*
 * Parses an amount of money in yuan written with at most two decimals
 * ("1234", "1234.5", "1234.50"; no sign, exponent or grouping) into fen
 * (hundredths), at most max_fen.  Returns 0 or -1.
 */
int num_money_fen(const char *s, size_t len, int64_t max_fen, int64_t *fen);

/* num_money_fen over a NUL-terminated string; NULL gives -1. */
int num_money_fen_z(const char *s, int64_t max_fen, int64_t *fen);

/* Writes fen as yuan with two decimals ("1234.50"); returns out. */
char *num_fen_format(int64_t fen, char *out, size_t outsz);

#endif
