/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * session: the program's time on a device: --measure, --remember, one round of advice or one per
 * event (--watch); in each round the headphone's figures come from the options, or the plugged
 * headphone is recognised from the personal lists, or, unknown, gets a hearing-safe volume.
 */
#ifndef AMP_SESSION_H
#define AMP_SESSION_H

#include "cli.h"
#include "headphones.h"

struct session {
	const struct cli_opts *o;
	const struct hp_figures *hp;   /* the figures given, or NULL: recognise the headphone */
	const char *user_list;         /* the personal list (read, and --remember writes it) */
	const char *system_list;       /* the system-wide list (read) */
};

/* session_run() when no card carries the controls and none was named. */
#define SESSION_NO_CARD (-1)

/* Opens the device and does what the options ask. Returns an exit status or SESSION_NO_CARD. */
int session_run(const struct session *s);

#endif
