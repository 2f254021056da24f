// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer: the command line (NUL-separated arguments), then an offline run rendered to JSON. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "render.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2];
	int argc = 1;
	struct cli_opts o;
	char err[256];
	enum cli_result r;

	if (!buf)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "amp-advise";
	for (char *p = buf; p < buf + size && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	r = cli_parse(argc, argv, &o, err, sizeof(err));
	if (r == CLI_USAGE_ERROR && (strchr(err, '\n') || !err[0]))
		abort();
	if (r == CLI_RUN && cli_offline(&o) && o.have_sens) {
		struct amp_input in = { .z_ohm = o.impedance_ohm, .sens = o.sens,
					.target_spl_db = o.target_spl_db, .route_allowed = { true, true } };
		struct amp_advice a;
		struct amp_report rep = { .in = &in, .adv = &a, .load_z_ohm = { in.z_ohm, in.z_ohm }, .load_source = "given",
					  .load_type = "unknown" };

		if (amp_advise(&in, &a))
			abort();
		render_json(devnull, &rep);
		render_text(devnull, &rep);
	}
	free(buf);
	return 0;
}
