/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * say: what the program tells its user. Errors are one line on stderr, and under --json also an
 * object on stdout; the answer (text or JSON) goes to stdout.
 */
#ifndef AMP_SAY_H
#define AMP_SAY_H

#include <stdbool.h>
#include "render.h"

/* Errors as JSON on stdout too (--json). */
void say_json_errors(bool on);

/* "amp-advise: <message>" on stderr, control characters made '?'; the JSON twin if asked for. */
void say_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The advice as text or JSON. */
void say_report(const struct amp_report *r, bool json);

#endif
