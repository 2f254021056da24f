/* SPDX-License-Identifier: GPL-2.0-only */
/* render: the advice as a readable table or as one JSON object (json-c). */
#ifndef AMP_RENDER_H
#define AMP_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include "advise.h"
#include "apply.h"

struct json_object;
struct hp_table;
struct hp_model;

struct amp_report {
	const struct amp_input *in;
	const struct amp_advice *adv;
	const char *device;        /* ALSA name, NULL offline */
	const char *load_source;   /* load.source: "measured", "given" or "table" */
	double load_z_ohm[2];      /* load.impedance_ohm */
	const char *load_type;     /* "unbalanced", "balanced", ... "unknown" */
	const char *model;         /* --model row name, or NULL */
	const char *model_source;
	const char *nominal_source; /* where z_nom came from: "table", "user", "system", "given"; or NULL */
	const struct amp_plan *plan; /* NULL without --apply/--dry-run */
	bool dry_run;
	const char *const *ctl_names; /* full control names for the plan, or NULL for ABI names */
	const struct hp_model *recognised; /* the personal-list row the load was recognised as */
};

/* A load no personal list knows: the hearing-safe volume, and how to remember it. */
struct amp_unknown {
	const char *device;
	double load_z_ohm[2];
	const char *load_type;
	double target_spl_db;
	double safe_volume_db;       /* the ceiling, AMP_SAFE_SENS_DB_MW at the load */
	const char *user_list, *system_list;
	const struct amp_plan *plan; /* NULL without --apply/--dry-run */
	bool dry_run;
	const char *const *ctl_names;
};

#define AMP_JSON_SCHEMA 2

/* One line for a warning, without a trailing newline. */
void render_warning(const struct amp_report *r, const struct amp_warning *w, char *buf, size_t n);

/* What a plan does, one sentence per line. */
void render_plan_text(FILE *out, const struct amp_report *r);

void render_text(FILE *out, const struct amp_report *r);

/* The JSON object (caller puts it with json_object_put). */
struct json_object *render_json_object(const struct amp_report *r);
/* Prints it on one line, with a newline. Returns 0 or -1. */
int render_json(FILE *out, const struct amp_report *r);

/* Prints o on one line and puts it. Returns 0 or -1. */
int render_json_print(FILE *out, struct json_object *o);

/* What --remember stored, in which list; text, or {"schema":2,"remembered":{row},"list":..,"replaced":..}. */
void render_remembered(FILE *out, const struct hp_model *m, const char *list, bool replaced, bool json);

/* An unknown load: text, or one JSON object. */
void render_unknown_text(FILE *out, const struct amp_unknown *u);
int render_unknown_json(FILE *out, const struct amp_unknown *u);

/* The known headphones with their figures, source and list: a table, or one JSON object. */
void render_models_text(FILE *out, const struct hp_table *t);
int render_models_json(FILE *out, const struct hp_table *t);

/* {"schema":2,"error":{"message":"..."}} on one line: an error under --json. */
int render_error_json(FILE *out, const char *message);

#endif
