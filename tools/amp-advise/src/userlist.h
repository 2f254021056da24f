/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * userlist: the personal lists of headphones, in the table's format: where they live (the
 * user's under XDG_CONFIG_HOME, a system-wide one under /etc), remembering what is plugged now,
 * and recognising a measured load as one of them.
 */
#ifndef AMP_USERLIST_H
#define AMP_USERLIST_H

#include <stdbool.h>
#include <stddef.h>
#include "headphones.h"

#define USERLIST_NAME "amp-advise/headphones.json"

/*
 * The user's list: $XDG_CONFIG_HOME/amp-advise/headphones.json, else ~/.config/... ($HOME, else
 * the password database). Returns 0, or -1 with a reason when there is no home.
 */
int userlist_user_path(char *buf, size_t n, char *err, size_t errlen);

/* The system-wide list: SYSCONFDIR/amp-advise/headphones.json. */
const char *userlist_system_path(void);

/* Appends the system list, then the user list at user_path, to t; missing files are empty. */
int userlist_load(struct hp_table *t, const char *system_path, const char *user_path, char *err,
		  size_t errlen);

/*
 * Writes m into the list at path: added, or in place of the row of the same name (then
 * *replaced). Creates the file and its folders; refuses to rewrite a file it cannot read.
 * Other rows and keys are kept; the file is replaced atomically.
 */
int userlist_remember(const char *path, const struct hp_model *m, bool *replaced, char *err,
		      size_t errlen);

/*
 * The row of a personal list that a measured load is: its rdc_ohm within
 * USERLIST_MATCH_TOLERANCE (or USERLIST_MATCH_MIN_OHM, whichever is more) on each channel, and
 * measured on the same route (a row without a jack fits either); the nearest when several fit.
 * NULL when none does. Rows of the table are not considered.
 */
#define USERLIST_MATCH_TOLERANCE 0.05
#define USERLIST_MATCH_MIN_OHM 0.5
const struct hp_model *userlist_identify(const struct hp_table *t, const double z_ohm[2], int route);

#endif
