/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * headphones: lists of headphones in JSON (json-c): the table the project ships
 * (data/headphones.json) and the personal lists of remembered headphones, in the same format.
 */
#ifndef AMP_HEADPHONES_H
#define AMP_HEADPHONES_H

#include <stdbool.h>
#include <stddef.h>
#include "advise.h"

struct json_object;

enum hp_kind { HP_KIND_UNKNOWN, HP_KIND_DYNAMIC, HP_KIND_PLANAR, HP_KIND_IEM, HP_KIND_COUNT };

/* Where a row came from. */
enum hp_origin { HP_ORIGIN_TABLE, HP_ORIGIN_SYSTEM, HP_ORIGIN_USER, HP_ORIGIN_COUNT };

struct hp_model {
	char *name;
	enum hp_kind kind;
	double z_ohm;          /* nominal impedance (at 1 kHz, or as the source gives it) */
	double rdc_ohm[2];     /* DC resistance, left and right; 0 when nobody published it */
	char *rdc_source;      /* who measured or published rdc_ohm */
	struct sensitivity sens;
	char *source;
	char *status;          /* may be NULL */
	int route;             /* personal lists: enum amp_route it was measured on; -1 unknown */
	char *based_on;        /* personal lists: the table row its figures came from, or NULL */
	enum hp_origin origin;
};

struct hp_table {
	size_t n;
	struct hp_model *rows;
};

#define HP_TABLE_MAX_ROWS 10000
#define HP_FILE_MAX (4u << 20)

/*
 * Parses a list:
 *   {"headphones": [{"model": "Sennheiser HD600", "kind": "dynamic", "impedance_ohm": 300,
 *                    "sensitivity": "97dB/mW", "source": "...", "status": "spec"}, ...]}
 * Optional keys: "rdc_ohm" (a number, or [left, right]) with "rdc_source", "status", "jack"
 * ("unbalanced" or "balanced"), "based_on". Other keys of a row are refused (typos); other
 * top-level keys are ignored. Appends to t with the given origin; on error t is as it was and
 * err says "headphones[N] (model): reason" or where the JSON broke.
 */
int hp_table_parse(const char *text, size_t len, enum hp_origin origin, struct hp_table *t,
		   char *err, size_t errlen);

/*
 * Reads and parses a file, appending to t; err names the file on error. A missing file is an
 * error unless missing_ok (a personal list nobody has written yet): then 0 and nothing added.
 */
int hp_table_load(const char *path, enum hp_origin origin, bool missing_ok, struct hp_table *t,
		  char *err, size_t errlen);

void hp_table_free(struct hp_table *t);

/* What the maths needs to know of a headphone, from a row or from the options. */
struct hp_figures {
	struct sensitivity sens;
	const char *model, *model_source;
	double z_nom;                /* nominal impedance, 0 when unknown */
	const char *nominal_source;  /* "table", "system", "user", "given" */
	enum hp_kind kind;
	double z_fit_lo, z_fit_hi;   /* the R_DC it can measure (hp_rdc_range), 0: no check */
	double table_load;           /* the load offline: its R_DC if known, else z_nom */
	const struct hp_model *row;  /* the row, or NULL */
};

/* The figures of a row (pointing into it). */
void hp_figures_of(const struct hp_model *m, struct hp_figures *f);

/* One row as a JSON object in the list's format (for --remember and --list-models --json). */
struct json_object *hp_model_json(const struct hp_model *m);

/*
 * Finds a model: an exact case-insensitive name match, else the only row whose name contains
 * name (case-insensitive, spaces and hyphens ignored). NULL with a reason in err otherwise: the
 * matches when it is ambiguous, the near misses ("did you mean") when nothing matches.
 * Rows of personal lists come before the table's (the user's own first).
 */
const struct hp_model *hp_table_find(const struct hp_table *t, const char *name, char *err,
				     size_t errlen);

/*
 * The DC resistance a headphone of this kind and nominal impedance can measure (the brief's
 * "Which impedance"): its published R_DC within HP_RDC_TOLERANCE when rdc is given and not 0;
 * else dynamic 70-105 % of the nominal impedance, planar 90-110 %, IEMs and unknown kinds
 * 50-200 % (crossovers).
 */
#define HP_RDC_TOLERANCE 0.10
void hp_rdc_range(enum hp_kind kind, double z_nom, const double *rdc, double *lo, double *hi);

/*
 * The rows whose name contains name, as hp_table_find() matches (case-insensitive, spaces and
 * hyphens ignored), personal lists first: up to max in out; returns how many there are.
 */
#define HP_MATCHES_SHOWN 12
size_t hp_table_matches(const struct hp_table *t, const char *name, const struct hp_model **out,
			size_t max);

/*
 * Near misses for a name nothing contains: the rows with the fewest edits between name and a
 * part of theirs (look-alikes such as O and 0 free), at most a third of its letters; best first.
 */
#define HP_SUGGESTIONS 3
size_t hp_table_suggest(const struct hp_table *t, const char *name,
			const struct hp_model *out[HP_SUGGESTIONS]);

const char *hp_kind_name(enum hp_kind k);       /* "dynamic", ... "" for unknown */
const char *hp_origin_name(enum hp_origin o);   /* "table", "system", "user" */

#endif
