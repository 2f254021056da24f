// SPDX-License-Identifier: GPL-2.0-only
/*
 * units: strict parsers for impedance, sensitivity and sound level strings.
 * Only plain decimals are numbers here: strtod alone would take "nan", "inf", "1e999" and hex.
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errmsg.h"
#include "units.h"

#define NUM_MAX_CHARS 32

int units_parse_decimal(const char *s, size_t len, double *out)
{
	char buf[NUM_MAX_CHARS + 1];
	size_t i = 0, digits = 0;

	if (len == 0 || len > NUM_MAX_CHARS)
		return -1;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < len && isdigit((unsigned char)s[i]))
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && isdigit((unsigned char)s[i]))
			i++, digits++;
	}
	if (i != len || digits == 0)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtod(buf, NULL);
	return 0;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Length of the leading number-like run of p (digits, sign, point). */
static size_t number_span(const char *p)
{
	return strspn(p, "+-.0123456789");
}

/* Matches a case-insensitive word at p; returns the end or NULL. */
static const char *match(const char *p, const char *word)
{
	size_t n = strlen(word);

	return strncasecmp(p, word, n) == 0 ? p + n : NULL;
}

static int in_range(double v, double lo, double hi)
{
	return v >= lo && v <= hi;
}

int units_check_sensitivity(const struct sensitivity *s, char *err, size_t errlen)
{
	if (!in_range(s->db, UNITS_SENS_MIN_DB, UNITS_SENS_MAX_DB))
		return errmsg(err, errlen, "%g dB is outside %g to %g dB", s->db, UNITS_SENS_MIN_DB,
			    UNITS_SENS_MAX_DB);
	if (s->unit == SENS_DB_AT_V && !in_range(s->ref_v, UNITS_REF_MIN_V, UNITS_REF_MAX_V))
		return errmsg(err, errlen, "reference %g V is outside %g to %g V", s->ref_v,
			    UNITS_REF_MIN_V, UNITS_REF_MAX_V);
	return 0;
}

/*
 * The reference after '/' or '@': an optional amount and its unit, "mW", "1mW", "V", "1Vrms",
 * "0.037V", "37mV". '@' needs the amount. A power other than 1 mW is folded into dB/mW.
 */
static int parse_ref(const char *p, bool at, struct sensitivity *r, char *err, size_t errlen)
{
	size_t n;
	const char *q;
	double amount = 1.0;
	bool have_amount;

	p = skip_space(p);
	n = number_span(p);
	have_amount = n > 0;
	if (have_amount && units_parse_decimal(p, n, &amount))
		return errmsg(err, errlen, "expected a reference such as 1mW, 1V or 0.037V after '%c'",
			      at ? '@' : '/');
	if (at && !have_amount)
		return errmsg(err, errlen, "expected a reference voltage or power after '@', such as 0.037V or 1mW");
	q = skip_space(p + n);
	if ((p = match(q, "mW"))) {
		if (!(amount > 0))
			return errmsg(err, errlen, "reference %g mW is not a power", amount);
		r->unit = SENS_DB_MW;
		r->db -= 10.0 * log10(amount);
	} else if ((p = match(q, "mV")) || (p = match(q, "Vrms")) || (p = match(q, "V"))) {
		r->ref_v = amount * (q[0] == 'm' || q[0] == 'M' ? 1e-3 : 1.0);
		r->unit = r->ref_v == 1.0 ? SENS_DB_V : SENS_DB_AT_V;
	} else {
		return errmsg(err, errlen, have_amount ? "expected mW, V or mV after the reference"
						       : "unknown unit: expected dB/mW, dB/V or dB@<volts>V");
	}
	if (*skip_space(p))
		return errmsg(err, errlen, "unexpected text after the unit");
	return 0;
}

int units_parse_sensitivity(const char *s, struct sensitivity *out, char *err, size_t errlen)
{
	const char *p = skip_space(s), *q;
	size_t n = number_span(p);
	struct sensitivity r = { 0 };

	if (units_parse_decimal(p, n, &r.db))
		return errmsg(err, errlen, "expected a number of dB first, as in 97dB/mW, 102dB/V or 90dB@0.037V");
	p = skip_space(p + n);
	if (!(q = match(p, "dB")))
		return errmsg(err, errlen, "expected dB after the number, as in 97dB/mW");
	p = skip_space(q);
	if ((q = match(p, "SPL")))
		p = skip_space(q);
	if (*p != '@' && *p != '/')
		return errmsg(err, errlen, "missing unit: expected dB/mW, dB/V or dB@<volts>V");
	if (parse_ref(p + 1, *p == '@', &r, err, errlen))
		return -1;
	if (units_check_sensitivity(&r, err, errlen))
		return -1;
	*out = r;
	return 0;
}

/* A number with an optional unit word from units[]; the value must be in [lo, hi]. */
static int parse_with_unit(const char *s, const char *const *units, double lo, double hi,
			   const char *what, double *out, char *err, size_t errlen)
{
	const char *p = skip_space(s), *q = NULL;
	size_t n = number_span(p);
	double v;

	if (units_parse_decimal(p, n, &v))
		return errmsg(err, errlen, "expected %s, a number from %g to %g", what, lo, hi);
	p = skip_space(p + n);
	for (size_t i = 0; *p && units[i] && !q; i++)
		q = match(p, units[i]);
	if (*p && (!q || *skip_space(q)))
		return errmsg(err, errlen, "unexpected text after the number; expected %s", what);
	if (!in_range(v, lo, hi))
		return errmsg(err, errlen, "%g is outside %g to %g", v, lo, hi);
	*out = v;
	return 0;
}

int units_parse_impedance(const char *s, double *ohm, char *err, size_t errlen)
{
	static const char *const words[] = { "ohms", "ohm", "\xce\xa9", NULL };

	return parse_with_unit(s, words, UNITS_Z_MIN_OHM, UNITS_Z_MAX_OHM, "ohms", ohm, err, errlen);
}

int units_parse_spl(const char *s, double *db, char *err, size_t errlen)
{
	static const char *const words[] = { "dB SPL", "dBSPL", "dB", NULL };

	return parse_with_unit(s, words, UNITS_SPL_MIN_DB, UNITS_SPL_MAX_DB, "dB SPL", db, err, errlen);
}

void units_format_sensitivity(const struct sensitivity *s, char *buf, size_t n)
{
	switch (s->unit) {
	case SENS_DB_MW:
		snprintf(buf, n, "%.6gdB/mW", s->db);
		break;
	case SENS_DB_AT_V:
		snprintf(buf, n, "%.6gdB@%.6gV", s->db, s->ref_v);
		break;
	case SENS_DB_V:
	default:
		snprintf(buf, n, "%.6gdB/V", s->db);
		break;
	}
}
