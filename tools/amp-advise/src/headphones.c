// SPDX-License-Identifier: GPL-2.0-only
/*
 * headphones: loading and looking up the headphone table.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errmsg.h"
#include "headphones.h"
#include "units.h"

#define HP_FILE_MAX (4u << 20)

enum col { COL_MODEL, COL_Z, COL_SENS, COL_UNIT, COL_REF, COL_SOURCE, COL_STATUS, COL_COUNT };

static const char *const col_names[COL_COUNT] = {
	"model", "impedance_ohm", "sensitivity", "unit", "ref_voltage_v", "source", "status",
};

/* Columns every row must fill. */
static const bool col_required[COL_COUNT] = {
	[COL_MODEL] = true, [COL_Z] = true, [COL_SENS] = true, [COL_UNIT] = true, [COL_SOURCE] = true,
};

struct cursor {
	const char *p, *end;
	unsigned line;
};

/*
 * Reads one field into buf. Returns 1 if a field ended with ',', 0 if it ended the record
 * (newline or end of text), -1 on a malformed field.
 */
static int read_field(struct cursor *c, char *buf, size_t cap, const char **why)
{
	size_t n = 0;
	bool quoted = c->p < c->end && *c->p == '"';

	if (quoted)
		c->p++;
	for (;;) {
		char ch;

		if (c->p >= c->end) {
			if (quoted) {
				*why = "unterminated quoted field";
				return -1;
			}
			break;
		}
		ch = *c->p;
		if (quoted && ch == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p += 2;
			} else {
				c->p++;
				quoted = false;
				if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
					*why = "text after a closing quote";
					return -1;
				}
				continue;
			}
		} else if (!quoted && (ch == ',' || ch == '\n' || ch == '\r')) {
			break;
		} else {
			if (ch == '\n')
				c->line++;
			if (ch == '\0') {
				*why = "NUL byte";
				return -1;
			}
			c->p++;
		}
		if (n + 1 >= cap) {
			*why = "field too long";
			return -1;
		}
		buf[n++] = ch;
	}
	buf[n] = '\0';
	if (c->p < c->end && *c->p == ',') {
		c->p++;
		return 1;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	return 0;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* Reads a record into fields[] (each HP_FIELD_MAX). Returns the field count, or -1. */
static int read_record(struct cursor *c, char (*fields)[HP_FIELD_MAX], int max, const char **why)
{
	int n = 0, more;
	char scratch[HP_FIELD_MAX];

	do {
		char *dst = n < max ? fields[n] : scratch;

		more = read_field(c, dst, HP_FIELD_MAX, why);
		if (more < 0)
			return -1;
		trim(dst);
		n++;
	} while (more);
	return n;
}

static bool blank_or_comment(const struct cursor *c)
{
	const char *p = c->p;

	while (p < c->end && (*p == ' ' || *p == '\t'))
		p++;
	return p >= c->end || *p == '#' || *p == '\n' || *p == '\r';
}

static void skip_line(struct cursor *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end)
		c->p++;
}

static int parse_unit(const char *unit, const char *ref, struct sensitivity *s, char *why, size_t n)
{
	if (!strcasecmp(unit, "dB/mW")) {
		s->unit = SENS_DB_MW;
	} else if (!strcasecmp(unit, "dB/V")) {
		s->unit = SENS_DB_V;
	} else if (!strcasecmp(unit, "dB@V") || !strcasecmp(unit, "dB")) {
		s->unit = SENS_DB_AT_V;
		if (units_parse_decimal(ref, strlen(ref), &s->ref_v))
			return errmsg(why, n, "unit %s needs ref_voltage_v in volts, got '%s'", unit, ref);
	} else {
		return errmsg(why, n, "unknown unit '%s' (expected dB/mW, dB/V or dB@V)", unit);
	}
	return units_check_sensitivity(s, why, n);
}

static char *dup_or_null(const char *s)
{
	return *s ? strdup(s) : NULL;
}

static int add_row(struct hp_table *t, char (*f)[HP_FIELD_MAX], char *why, size_t n)
{
	struct hp_model m = { 0 };
	struct hp_model *rows;

	for (int i = 0; i < COL_COUNT; i++)
		if (col_required[i] && !f[i][0])
			return errmsg(why, n, "empty %s", col_names[i]);
	if (units_parse_decimal(f[COL_Z], strlen(f[COL_Z]), &m.z_ohm) || m.z_ohm < UNITS_Z_MIN_OHM ||
	    m.z_ohm > UNITS_Z_MAX_OHM)
		return errmsg(why, n, "impedance '%s' is not a number of ohms from %g to %g", f[COL_Z],
			    UNITS_Z_MIN_OHM, UNITS_Z_MAX_OHM);
	if (units_parse_decimal(f[COL_SENS], strlen(f[COL_SENS]), &m.sens.db))
		return errmsg(why, n, "sensitivity '%s' is not a number", f[COL_SENS]);
	if (parse_unit(f[COL_UNIT], f[COL_REF], &m.sens, why, n))
		return -1;
	if (t->n >= HP_TABLE_MAX_ROWS)
		return errmsg(why, n, "more than %d rows", HP_TABLE_MAX_ROWS);
	rows = realloc(t->rows, (t->n + 1) * sizeof(*rows));
	if (!rows)
		return errmsg(why, n, "out of memory");
	t->rows = rows;
	m.name = strdup(f[COL_MODEL]);
	m.source = strdup(f[COL_SOURCE]);
	m.status = dup_or_null(f[COL_STATUS]);
	if (!m.name || !m.source) {
		free(m.name);
		free(m.source);
		free(m.status);
		return errmsg(why, n, "out of memory");
	}
	t->rows[t->n++] = m;
	return 0;
}

/* Maps header names to column positions; pos[col] = index in the record, or -1. */
static int read_header(char (*f)[HP_FIELD_MAX], int nf, int *pos, char *why, size_t n)
{
	for (int c = 0; c < COL_COUNT; c++) {
		pos[c] = -1;
		for (int i = 0; i < nf && i < COL_COUNT * 2; i++)
			if (!strcasecmp(f[i], col_names[c]))
				pos[c] = i;
		if (pos[c] < 0 && (col_required[c] || c == COL_REF))
			return errmsg(why, n, "header lacks column '%s'", col_names[c]);
	}
	return 0;
}

int hp_table_parse(const char *text, size_t len, struct hp_table *t, char *err, size_t errlen)
{
	enum { MAXF = COL_COUNT * 2 };
	char raw[MAXF][HP_FIELD_MAX];
	char f[COL_COUNT][HP_FIELD_MAX];
	char why[256];
	struct cursor c = { text, text + len, 1 };
	int pos[COL_COUNT];
	bool have_header = false;

	*t = (struct hp_table){ 0 };
	while (c.p < c.end) {
		unsigned line = c.line;
		const char *reason = NULL;
		int nf;

		if (blank_or_comment(&c)) {
			skip_line(&c);
			c.line++;
			continue;
		}
		nf = read_record(&c, raw, MAXF, &reason);
		c.line++;
		if (nf < 0) {
			errmsg(err, errlen, "line %u: %s", line, reason);
			goto bad;
		}
		if (nf > MAXF) {
			errmsg(err, errlen, "line %u: too many fields", line);
			goto bad;
		}
		if (!have_header) {
			if (read_header(raw, nf, pos, why, sizeof(why))) {
				errmsg(err, errlen, "line %u: %s", line, why);
				goto bad;
			}
			have_header = true;
			continue;
		}
		for (int col = 0; col < COL_COUNT; col++) {
			if (pos[col] >= nf) {
				errmsg(err, errlen, "line %u: %d fields, expected at least %d", line, nf,
				     pos[col] + 1);
				goto bad;
			}
			strcpy(f[col], pos[col] < 0 ? "" : raw[pos[col]]);
		}
		if (add_row(t, f, why, sizeof(why))) {
			errmsg(err, errlen, "line %u: %s", line, why);
			goto bad;
		}
	}
	if (!have_header) {
		errmsg(err, errlen, "no header line");
		goto bad;
	}
	return 0;
bad:
	hp_table_free(t);
	return -1;
}

int hp_table_load(const char *path, struct hp_table *t, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;
	char why[256];
	int ret;

	*t = (struct hp_table){ 0 };
	if (!fp)
		return errmsg(err, errlen, "cannot open headphone table %s: %s", path, strerror(errno));
	buf = malloc(HP_FILE_MAX);
	if (!buf) {
		fclose(fp);
		return errmsg(err, errlen, "out of memory");
	}
	n = fread(buf, 1, HP_FILE_MAX, fp);
	if (ferror(fp) || n == HP_FILE_MAX) {
		fclose(fp);
		free(buf);
		return errmsg(err, errlen, "cannot read headphone table %s (error or larger than %u bytes)",
			    path, HP_FILE_MAX);
	}
	fclose(fp);
	ret = hp_table_parse(buf, n, t, why, sizeof(why));
	free(buf);
	if (ret)
		return errmsg(err, errlen, "%s: %s", path, why);
	return 0;
}

void hp_table_free(struct hp_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].name);
		free(t->rows[i].source);
		free(t->rows[i].status);
	}
	free(t->rows);
	*t = (struct hp_table){ 0 };
}

/* Lower-case copy without spaces and hyphens, so "hd 600" finds "HD600" and "HD-600". */
static void fold(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; *s && n + 1 < cap; s++)
		if (*s != ' ' && *s != '-')
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

const struct hp_model *hp_table_find(const struct hp_table *t, const char *name, char *err,
				     size_t errlen)
{
	char want[HP_FIELD_MAX], have[HP_FIELD_MAX];
	const struct hp_model *hit = NULL;
	size_t hits = 0;

	for (size_t i = 0; i < t->n; i++)
		if (!strcasecmp(t->rows[i].name, name))
			return &t->rows[i];
	fold(name, want, sizeof(want));
	if (!want[0]) {
		errmsg(err, errlen, "empty model name");
		return NULL;
	}
	for (size_t i = 0; i < t->n; i++) {
		fold(t->rows[i].name, have, sizeof(have));
		if (strstr(have, want)) {
			if (!hit)
				hit = &t->rows[i];
			hits++;
		}
	}
	if (hits == 1)
		return hit;
	if (hits == 0)
		errmsg(err, errlen, "unknown model '%s' (see --list-models)", name);
	else
		errmsg(err, errlen, "model '%s' is ambiguous: %zu models match, e.g. '%s' (see --list-models)",
		     name, hits, hit->name);
	return NULL;
}
