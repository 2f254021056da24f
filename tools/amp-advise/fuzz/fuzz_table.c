// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer: the headphone table parser and lookup. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headphones.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hp_table t;
	char err[256];

	t = (struct hp_table){ 0 };
	if (hp_table_parse((const char *)data, size, HP_ORIGIN_TABLE, &t, err, sizeof(err))) {
		if (t.n || t.rows)
			abort();
		return 0;
	}
	for (size_t i = 0; i < t.n; i++) {
		const struct hp_model *m = &t.rows[i];

		if (!m->name || !m->source || !(m->z_ohm >= 1 && m->z_ohm <= 10000) ||
		    (m->rdc_ohm[0] && !m->rdc_source))
			abort();
		if (hp_table_find(&t, m->name, err, sizeof(err)) == NULL)
			abort(); /* a row is always found by its own name */
	}
	if (t.n)
		hp_table_find(&t, t.rows[t.n - 1].name + (strlen(t.rows[t.n - 1].name) / 2), err,
			      sizeof(err));
	hp_table_free(&t);
	return 0;
}
