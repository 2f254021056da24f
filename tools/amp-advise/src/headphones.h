/* SPDX-License-Identifier: GPL-2.0-only */
/* headphones: the table of real headphones the project ships (data/headphones.csv). */
#ifndef AMP_HEADPHONES_H
#define AMP_HEADPHONES_H

#include <stddef.h>
#include "advise.h"

struct hp_model {
	char *name;
	double z_ohm;
	struct sensitivity sens;
	char *source;
	char *status;
};

struct hp_table {
	size_t n;
	struct hp_model *rows;
};

#define HP_TABLE_MAX_ROWS 10000
#define HP_FIELD_MAX 1024

/*
 * Parses CSV text with the header
 *   model,impedance_ohm,sensitivity,unit,ref_voltage_v,source,status
 * (columns found by name; quoted fields as in RFC 4180; '#' lines are comments).
 * unit is dB/mW, dB/V, or dB@V (alias dB) with ref_voltage_v. Every row needs a source.
 * Returns 0, or -1 with "line N: reason" in err; t is empty on error.
 */
int hp_table_parse(const char *text, size_t len, struct hp_table *t, char *err, size_t errlen);

/* Reads and parses a file; err names the file on error. */
int hp_table_load(const char *path, struct hp_table *t, char *err, size_t errlen);

void hp_table_free(struct hp_table *t);

/*
 * Finds a model: an exact case-insensitive name match, else the only row whose name contains
 * name (case-insensitive, spaces and hyphens ignored). NULL with a reason in err otherwise.
 */
const struct hp_model *hp_table_find(const struct hp_table *t, const char *name, char *err,
				     size_t errlen);

#endif
