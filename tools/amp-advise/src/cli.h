/* SPDX-License-Identifier: GPL-2.0-only */
/* cli: the command line, parsed and checked; nothing printed here. */
#ifndef AMP_CLI_H
#define AMP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "advise.h"

#define AMP_DEFAULT_TARGET_SPL 110.0

/* The exit status (documented in the man page). */
enum cli_exit { EXIT_DONE = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_SHORTFALL = 3 };

struct cli_opts {
	const char *card;        /* -c */
	const char *device;      /* -D */
	const char *model;       /* --model */
	const char *data;        /* --data: headphone table */
	bool have_sens;
	struct sensitivity sens; /* --sensitivity */
	double impedance_ohm;    /* --impedance, 0 when not given */
	double nominal_ohm;      /* --nominal-impedance, 0 when not given */
	double target_spl_db;
	bool json, apply, dry_run, watch, measure, list_models;
	const char *complete_model; /* --complete-model WORD: the names -m WORD... would find */
	const char *remember;    /* --remember NAME */
	const char *user_list;   /* --user-list FILE, instead of the XDG one */
	bool limit_level;        /* --limit-level */
};

enum cli_result {
	CLI_RUN = 0,
	CLI_HELP,
	CLI_VERSION,
	CLI_USAGE_ERROR = -1,
};

/*
 * Parses argv (not modified). On CLI_USAGE_ERROR err holds one line naming the bad value and
 * what was expected.
 */
enum cli_result cli_parse(int argc, char *const argv[], struct cli_opts *o, char *err, size_t errlen);

/* True when the run needs no device: --impedance given and nothing asks for one. */
bool cli_offline(const struct cli_opts *o);

/* True when the headphone's figures were given (--sensitivity or --model). */
bool cli_has_figures(const struct cli_opts *o);

/* True when an option acts on a device (-c, -D, --apply, --dry-run, --watch, --measure,
 * --remember). */
bool cli_wants_device(const struct cli_opts *o);

extern const char cli_usage[];

#endif
