// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer: the quantity parsers, and the advice computed from whatever they accept. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "advise.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], err[256];
	struct sensitivity sens;
	double z, spl;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (!units_parse_sensitivity(s, &sens, err, sizeof(err))) {
		struct amp_input in = { .z_ohm = 32, .sens = sens, .target_spl_db = 110,
					.route_allowed = { true, true } };
		struct amp_advice a;

		if (!(sens.db >= UNITS_SENS_MIN_DB && sens.db <= UNITS_SENS_MAX_DB))
			abort();
		if (amp_advise(&in, &a) || !isfinite(a.s_db_v) || !isfinite(a.v_need_rms) ||
		    a.rec >= a.n_candidates)
			abort();
	} else if (!memchr(err, '\0', sizeof(err)) || strchr(err, '\n')) {
		abort();
	}
	if (!units_parse_impedance(s, &z, err, sizeof(err)) && !(z >= 1 && z <= 10000))
		abort();
	if (!units_parse_spl(s, &spl, err, sizeof(err)) && !(spl >= 40 && spl <= 140))
		abort();
	return 0;
}
