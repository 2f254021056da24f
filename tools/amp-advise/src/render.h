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

/* The known headphones with their figures, source and list: a table, or one JSON object. */
void render_models_text(FILE *out, const struct hp_table *t);
int render_models_json(FILE *out, const struct hp_table *t);

/* {"schema":2,"error":{"message":"..."}} on one line: an error under --json. */
int render_error_json(FILE *out, const char *message);

#endif
