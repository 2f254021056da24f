// SPDX-License-Identifier: GPL-2.0-only
/*
 * say: the error line and the answer.
 */
#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"
#include "say.h"

static bool json_errors;

void say_json_errors(bool on)
{
	json_errors = on;
}

void say_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	verrmsg(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "amp-advise: %s\n", line);
	if (json_errors)
		render_error_json(stdout, line);
}

void say_report(const struct amp_report *r, bool json)
{
	if (json)
		render_json(stdout, r);
	else
		render_text(stdout, r);
}
