// SPDX-License-Identifier: GPL-2.0-only
/*
 * headphones: reading lists of headphones (json-c) and looking models up.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "errmsg.h"
#include "headphones.h"
#include "units.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NAME_MAX_LEN 256

static const char *const kind_names[HP_KIND_COUNT] = {
	[HP_KIND_UNKNOWN] = "", [HP_KIND_DYNAMIC] = "dynamic", [HP_KIND_PLANAR] = "planar",
	[HP_KIND_IEM] = "iem",
};

static const char *const origin_names[HP_ORIGIN_COUNT] = {
	[HP_ORIGIN_TABLE] = "table", [HP_ORIGIN_SYSTEM] = "system", [HP_ORIGIN_USER] = "user",
};

/* The route words of "jack", in enum amp_route order. */
static const char *const jack_names[AMP_ROUTE_COUNT] = { "unbalanced", "balanced" };

/* The keys a row may have. */
static const char *const row_keys[] = {
	"model", "kind", "impedance_ohm", "rdc_ohm", "rdc_source", "sensitivity", "source", "status",
	"jack", "based_on",
};

/* R_DC as a fraction of the nominal impedance, by kind. */
static const struct {
	double lo, hi;
} rdc_of_nominal[HP_KIND_COUNT] = {
	[HP_KIND_UNKNOWN] = { 0.5, 2.0 },
	[HP_KIND_DYNAMIC] = { 0.70, 1.05 },
	[HP_KIND_PLANAR] = { 0.90, 1.10 },
	[HP_KIND_IEM] = { 0.5, 2.0 },
};

void hp_rdc_range(enum hp_kind kind, double z_nom, const double *rdc, double *lo, double *hi)
{
	if (rdc && rdc[0] > 0) {
		*lo = fmin(rdc[0], rdc[1]) * (1.0 - HP_RDC_TOLERANCE);
		*hi = fmax(rdc[0], rdc[1]) * (1.0 + HP_RDC_TOLERANCE);
	} else {
		*lo = z_nom * rdc_of_nominal[kind].lo;
		*hi = z_nom * rdc_of_nominal[kind].hi;
	}
}

void hp_figures_of(const struct hp_model *m, struct hp_figures *f)
{
	*f = (struct hp_figures){
		.sens = m->sens, .model = m->name, .model_source = m->source, .z_nom = m->z_ohm,
		.nominal_source = origin_names[m->origin], .kind = m->kind, .row = m,
		.table_load = m->rdc_ohm[0] > 0 ? fmin(m->rdc_ohm[0], m->rdc_ohm[1]) : m->z_ohm,
	};
	hp_rdc_range(m->kind, m->z_ohm, m->rdc_ohm, &f->z_fit_lo, &f->z_fit_hi);
}

const char *hp_kind_name(enum hp_kind k)
{
	return kind_names[k];
}

const char *hp_origin_name(enum hp_origin o)
{
	return origin_names[o];
}

static void model_free(struct hp_model *m)
{
	free(m->name);
	free(m->rdc_source);
	free(m->source);
	free(m->status);
	free(m->based_on);
}

void hp_table_free(struct hp_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		model_free(&t->rows[i]);
	free(t->rows);
	*t = (struct hp_table){ 0 };
}

/* A string member: NULL when absent; -1 when present but not a non-empty string. */
static int get_string(json_object *row, const char *key, char **out, char *why, size_t n)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(row, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string) || !json_object_get_string_len(v))
		return errmsg(why, n, "%s is not a non-empty string", key);
	*out = strdup(json_object_get_string(v));
	return *out ? 0 : errmsg(why, n, "out of memory");
}

/* A number of ohms within the plausible range. */
static int ohms(json_object *v, const char *key, double *out, char *why, size_t n)
{
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return errmsg(why, n, "%s is not a number", key);
	*out = json_object_get_double(v);
	if (!(*out >= UNITS_Z_MIN_OHM && *out <= UNITS_Z_MAX_OHM))
		return errmsg(why, n, "%s %g is outside %g to %g ohms", key, *out, UNITS_Z_MIN_OHM,
			      UNITS_Z_MAX_OHM);
	return 0;
}

/* "rdc_ohm": a number (both channels) or [left, right]. */
static int get_rdc(json_object *row, struct hp_model *m, char *why, size_t n)
{
	json_object *v;

	if (!json_object_object_get_ex(row, "rdc_ohm", &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (json_object_is_type(v, json_type_array)) {
		if (json_object_array_length(v) != 2)
			return errmsg(why, n, "rdc_ohm is not [left, right]");
		for (size_t i = 0; i < 2; i++)
			if (ohms(json_object_array_get_idx(v, i), "rdc_ohm", &m->rdc_ohm[i], why, n))
				return -1;
	} else {
		if (ohms(v, "rdc_ohm", &m->rdc_ohm[0], why, n))
			return -1;
		m->rdc_ohm[1] = m->rdc_ohm[0];
	}
	if (!m->rdc_source)
		return errmsg(why, n, "rdc_ohm without rdc_source");
	return 0;
}

/* A string member that must be one of words[]: its index, -1 when absent. */
static int get_word(json_object *row, const char *key, const char *const *words, size_t nw,
		    int *out, char *why, size_t n)
{
	char *s;

	*out = -1;
	if (get_string(row, key, &s, why, n))
		return -1;
	if (!s)
		return 0;
	for (size_t i = 0; i < nw; i++)
		if (words[i][0] && !strcmp(s, words[i]))
			*out = (int)i;
	if (*out < 0)
		errmsg(why, n, "unknown %s '%s'", key, s);
	free(s);
	return *out < 0 ? -1 : 0;
}

static int parse_row(json_object *row, struct hp_model *m, char *why, size_t n)
{
	json_object *v;
	char *sens = NULL, reason[160];
	int kind;

	if (!json_object_is_type(row, json_type_object))
		return errmsg(why, n, "not an object");
	json_object_object_foreach(row, key, val) {
		size_t k = 0;

		(void)val;
		while (k < ARRAY_SIZE(row_keys) && strcmp(key, row_keys[k]))
			k++;
		if (k == ARRAY_SIZE(row_keys))
			return errmsg(why, n, "unknown key '%s'", key);
	}
	if (get_string(row, "model", &m->name, why, n) || get_string(row, "source", &m->source, why, n) ||
	    get_string(row, "status", &m->status, why, n) ||
	    get_string(row, "rdc_source", &m->rdc_source, why, n) ||
	    get_string(row, "based_on", &m->based_on, why, n) || get_string(row, "sensitivity", &sens, why, n))
		goto bad;
	if (!m->name || !m->source || !sens) {
		errmsg(why, n, "no %s", !m->name ? "model" : !m->source ? "source" : "sensitivity");
		goto bad;
	}
	if (strlen(m->name) >= NAME_MAX_LEN) {
		errmsg(why, n, "model name longer than %d bytes", NAME_MAX_LEN - 1);
		goto bad;
	}
	if (units_parse_sensitivity(sens, &m->sens, reason, sizeof(reason))) {
		errmsg(why, n, "sensitivity '%s': %s", sens, reason);
		goto bad;
	}
	if (!json_object_object_get_ex(row, "impedance_ohm", &v)) {
		errmsg(why, n, "no impedance_ohm");
		goto bad;
	}
	if (ohms(v, "impedance_ohm", &m->z_ohm, why, n) || get_rdc(row, m, why, n) ||
	    get_word(row, "kind", kind_names, HP_KIND_COUNT, &kind, why, n) ||
	    get_word(row, "jack", jack_names, AMP_ROUTE_COUNT, &m->route, why, n))
		goto bad;
	m->kind = kind < 0 ? HP_KIND_UNKNOWN : (enum hp_kind)kind;
	free(sens);
	return 0;
bad:
	free(sens);
	return -1;
}

/* Line of a byte offset, for messages. */
static unsigned line_of(const char *text, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

static json_object *parse_json(const char *text, size_t len, char *err, size_t errlen)
{
	json_tokener *tok = json_tokener_new();
	json_object *root;
	enum json_tokener_error jerr;
	size_t end;

	if (!tok) {
		errmsg(err, errlen, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	if (len > HP_FILE_MAX || memchr(text, '\0', len)) {
		errmsg(err, errlen, len > HP_FILE_MAX ? "larger than %u bytes" : "NUL byte in the text",
		       HP_FILE_MAX);
		json_tokener_free(tok);
		return NULL;
	}
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	while (end < len && strchr(" \t\r\n", text[end]) && text[end])
		end++;
	if (!root || jerr != json_tokener_success || end != len) {
		if (jerr == json_tokener_success || jerr == json_tokener_continue)
			errmsg(err, errlen, "line %u: %s", line_of(text, json_tokener_get_parse_end(tok)),
			       root ? "text after the JSON value" : "the JSON ends early");
		else
			errmsg(err, errlen, "line %u: %s", line_of(text, json_tokener_get_parse_end(tok)),
			       json_tokener_error_desc(jerr));
		json_object_put(root);
		root = NULL;
	}
	json_tokener_free(tok);
	return root;
}

int hp_table_parse(const char *text, size_t len, enum hp_origin origin, struct hp_table *t,
		   char *err, size_t errlen)
{
	json_object *root = parse_json(text, len, err, errlen), *rows;
	size_t n0 = t->n, count;
	char why[256];

	if (!root)
		return -1;
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "headphones", &rows) ||
	    !json_object_is_type(rows, json_type_array)) {
		json_object_put(root);
		return errmsg(err, errlen, "expected an object with a \"headphones\" array");
	}
	count = json_object_array_length(rows);
	if (t->n + count > HP_TABLE_MAX_ROWS) {
		json_object_put(root);
		return errmsg(err, errlen, "more than %d rows", HP_TABLE_MAX_ROWS);
	}
	for (size_t i = 0; i < count; i++) {
		json_object *row = json_object_array_get_idx(rows, i);
		struct hp_model m = { .route = -1, .origin = origin };
		struct hp_model *grown;

		if (parse_row(row, &m, why, sizeof(why))) {
			errmsg(err, errlen, "headphones[%zu]%s%.40s%s: %s", i, m.name ? " (" : "",
			       m.name ? m.name : "", m.name ? ")" : "", why);
			model_free(&m);
			goto bad;
		}
		grown = realloc(t->rows, (t->n + 1) * sizeof(*grown));
		if (!grown) {
			model_free(&m);
			errmsg(err, errlen, "out of memory");
			goto bad;
		}
		t->rows = grown;
		t->rows[t->n++] = m;
	}
	json_object_put(root);
	return 0;
bad:
	while (t->n > n0)
		model_free(&t->rows[--t->n]);
	if (!t->n) {
		free(t->rows);
		t->rows = NULL;
	}
	json_object_put(root);
	return -1;
}

int hp_table_load(const char *path, enum hp_origin origin, bool missing_ok, struct hp_table *t,
		  char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	char *buf, why[320];
	size_t n;
	int ret;

	if (!fp && errno == ENOENT && missing_ok)
		return 0;
	if (!fp)
		return errmsg(err, errlen, "cannot open headphone list %s: %s", path, strerror(errno));
	buf = malloc(HP_FILE_MAX + 1);
	if (!buf) {
		fclose(fp);
		return errmsg(err, errlen, "out of memory");
	}
	n = fread(buf, 1, HP_FILE_MAX + 1, fp);
	if (ferror(fp) || n > HP_FILE_MAX) {
		fclose(fp);
		free(buf);
		return errmsg(err, errlen, "cannot read headphone list %s (error or larger than %u bytes)",
			      path, HP_FILE_MAX);
	}
	fclose(fp);
	ret = hp_table_parse(buf, n, origin, t, why, sizeof(why));
	free(buf);
	if (ret)
		return errmsg(err, errlen, "%s: %s", path, why);
	return 0;
}

/* A number as %.6g, so that 32.1 stays 32.1 in the file. */
static json_object *num(double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.6g", v);
	return json_object_new_double_s(v, buf);
}

json_object *hp_model_json(const struct hp_model *m)
{
	json_object *o = json_object_new_object();
	char sens[64];

	units_format_sensitivity(&m->sens, sens, sizeof(sens));
	json_object_object_add(o, "model", json_object_new_string(m->name));
	if (m->kind != HP_KIND_UNKNOWN)
		json_object_object_add(o, "kind", json_object_new_string(kind_names[m->kind]));
	json_object_object_add(o, "impedance_ohm", num(m->z_ohm));
	if (m->rdc_ohm[0] > 0) {
		json_object *lr = json_object_new_array();

		json_object_array_add(lr, num(m->rdc_ohm[0]));
		json_object_array_add(lr, num(m->rdc_ohm[1]));
		json_object_object_add(o, "rdc_ohm", lr);
		json_object_object_add(o, "rdc_source", json_object_new_string(m->rdc_source));
	}
	json_object_object_add(o, "sensitivity", json_object_new_string(sens));
	json_object_object_add(o, "source", json_object_new_string(m->source));
	if (m->status)
		json_object_object_add(o, "status", json_object_new_string(m->status));
	if (m->route >= 0)
		json_object_object_add(o, "jack", json_object_new_string(jack_names[m->route]));
	if (m->based_on)
		json_object_object_add(o, "based_on", json_object_new_string(m->based_on));
	return o;
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

/*
 * Calls fn on the rows, personal lists first (the user's own, then the system's), then the
 * table; stops when fn returns true and gives that row.
 */
static const struct hp_model *each_row(const struct hp_table *t,
				       bool (*fn)(const struct hp_model *m, void *ctx), void *ctx)
{
	for (int o = HP_ORIGIN_COUNT - 1; o >= 0; o--)
		for (size_t i = 0; i < t->n; i++)
			if (t->rows[i].origin == (enum hp_origin)o && fn(&t->rows[i], ctx))
				return &t->rows[i];
	return NULL;
}

static bool same_name(const struct hp_model *m, void *name)
{
	return !strcasecmp(m->name, name);
}

struct contains {
	char want[NAME_MAX_LEN];
	const struct hp_model **out;
	size_t max, hits;
};

static bool collect_contains(const struct hp_model *m, void *ctx)
{
	struct contains *c = ctx;
	char have[NAME_MAX_LEN];

	fold(m->name, have, sizeof(have));
	if (strstr(have, c->want)) {
		if (c->hits < c->max)
			c->out[c->hits] = m;
		c->hits++;
	}
	return false;
}

size_t hp_table_matches(const struct hp_table *t, const char *name, const struct hp_model **out,
			size_t max)
{
	struct contains c = { .out = out, .max = max };

	fold(name, c.want, sizeof(c.want));
	each_row(t, collect_contains, &c);
	return c.hits;
}

/* Letters and digits that look alike in model names: a typo there costs nothing. */
static char look_alike(char c)
{
	switch (c) {
	case 'o':
		return '0';
	case 'l':
	case 'i':
		return '1';
	default:
		return c;
	}
}

/*
 * Edits that turn a into some part of b (Sellers' approximate substring match): insertions,
 * deletions and substitutions cost 1, except between look-alikes.
 */
static unsigned distance_in(const char *a, const char *b)
{
	size_t m = strlen(a), n = strlen(b);
	unsigned col[NAME_MAX_LEN], best;

	for (size_t i = 0; i <= m; i++)
		col[i] = (unsigned)i;
	best = col[m];
	for (size_t j = 1; j <= n; j++) {
		unsigned diag = col[0];

		col[0] = 0; /* the match may start anywhere in b */
		for (size_t i = 1; i <= m; i++) {
			unsigned up = col[i];
			unsigned sub = diag + (look_alike(a[i - 1]) != look_alike(b[j - 1]));

			col[i] = sub;
			if (up + 1 < col[i])
				col[i] = up + 1;
			if (col[i - 1] + 1 < col[i])
				col[i] = col[i - 1] + 1;
			diag = up;
		}
		if (col[m] < best)
			best = col[m];
	}
	return best;
}

struct nearest {
	char want[NAME_MAX_LEN];
	unsigned limit;
	const struct hp_model *best[HP_SUGGESTIONS];
	unsigned dist[HP_SUGGESTIONS];
	size_t n;
};

static bool collect_nearest(const struct hp_model *m, void *ctx)
{
	struct nearest *c = ctx;
	char have[NAME_MAX_LEN];
	unsigned d;
	size_t i;

	fold(m->name, have, sizeof(have));
	d = distance_in(c->want, have);
	if (d > c->limit)
		return false;
	for (i = c->n; i > 0 && c->dist[i - 1] > d; i--) {
		if (i < HP_SUGGESTIONS) {
			c->best[i] = c->best[i - 1];
			c->dist[i] = c->dist[i - 1];
		}
	}
	if (i < HP_SUGGESTIONS) {
		c->best[i] = m;
		c->dist[i] = d;
		if (c->n < HP_SUGGESTIONS)
			c->n++;
	}
	return false;
}

size_t hp_table_suggest(const struct hp_table *t, const char *name,
			const struct hp_model *out[HP_SUGGESTIONS])
{
	struct nearest c = { .n = 0 };
	size_t len;

	fold(name, c.want, sizeof(c.want));
	len = strlen(c.want);
	c.limit = len / 3 > 1 ? (unsigned)(len / 3) : 1;
	if (len)
		each_row(t, collect_nearest, &c);
	for (size_t i = 0; i < c.n; i++)
		out[i] = c.best[i];
	return c.n;
}

/* "'A', 'B' or 'C'" into buf. */
static void name_list(const struct hp_model *const *m, size_t n, const char *last, char *buf,
		      size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < cap; i++) {
		int w = snprintf(buf + used, cap - used, "%s'%s'",
				 i == 0 ? "" : i + 1 == n ? last : ", ", m[i]->name);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

const struct hp_model *hp_table_find(const struct hp_table *t, const char *name, char *err,
				     size_t errlen)
{
	const struct hp_model *m = each_row(t, same_name, (void *)name), *hits[HP_MATCHES_SHOWN];
	char want[NAME_MAX_LEN], names[1024];
	size_t n;

	if (m)
		return m;
	fold(name, want, sizeof(want));
	if (!want[0]) {
		errmsg(err, errlen, "empty model name");
		return NULL;
	}
	n = hp_table_matches(t, name, hits, HP_MATCHES_SHOWN);
	if (n == 1)
		return hits[0];
	if (n > 1) {
		name_list(hits, n < HP_MATCHES_SHOWN ? n : HP_MATCHES_SHOWN, " and ", names, sizeof(names));
		errmsg(err, errlen, "model '%s' is ambiguous: %zu models match: %s%s; give the whole name",
		       name, n, names, n > HP_MATCHES_SHOWN ? " and more" : "");
		return NULL;
	}
	n = hp_table_suggest(t, name, hits);
	name_list(hits, n, " or ", names, sizeof(names));
	errmsg(err, errlen, "unknown model '%s'%s%s%s (see --list-models)", name,
	       n ? " (did you mean " : "", names, n ? "?)" : "");
	return NULL;
}
