// SPDX-License-Identifier: GPL-2.0-only
/*
 * userlist: personal lists of headphones: paths, remembering, recognising.
 */
#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "errmsg.h"
#include "userlist.h"

#ifndef AMP_SYSCONFDIR
#define AMP_SYSCONFDIR "/etc"
#endif

int userlist_user_path(char *buf, size_t n, char *err, size_t errlen)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	/* XDG: a relative XDG_CONFIG_HOME is invalid and ignored. */
	if (xdg && xdg[0] == '/') {
		snprintf(buf, n, "%s/%s", xdg, USERLIST_NAME);
		return 0;
	}
	if (!home || !*home) {
		pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return errmsg(err, errlen, "no home folder for the personal headphone list (set HOME or XDG_CONFIG_HOME)");
	snprintf(buf, n, "%s/.config/%s", home, USERLIST_NAME);
	return 0;
}

const char *userlist_system_path(void)
{
	return AMP_SYSCONFDIR "/" USERLIST_NAME;
}

int userlist_load(struct hp_table *t, const char *system_path, const char *user_path, char *err,
		  size_t errlen)
{
	if (system_path && hp_table_load(system_path, HP_ORIGIN_SYSTEM, true, t, err, errlen))
		return -1;
	return user_path ? hp_table_load(user_path, HP_ORIGIN_USER, true, t, err, errlen) : 0;
}

/* mkdir -p of the folder that holds path. */
static int make_parents(const char *path, char *err, size_t errlen)
{
	char dir[4096];
	size_t len = strlen(path);

	if (len >= sizeof(dir))
		return errmsg(err, errlen, "path too long: %s", path);
	memcpy(dir, path, len + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return errmsg(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		*p = '/';
	}
	return 0;
}

/* The list at path as JSON, checked with hp_table_parse(); a new one when there is none. */
static json_object *read_list(const char *path, char *err, size_t errlen)
{
	struct hp_table check = { 0 };
	FILE *fp = fopen(path, "rb");
	char *text;
	size_t n;
	json_object *root;

	if (!fp && errno == ENOENT) {
		root = json_object_new_object();
		json_object_object_add(root, "headphones", json_object_new_array());
		return root;
	}
	if (!fp) {
		errmsg(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	text = malloc(HP_FILE_MAX + 1);
	n = text ? fread(text, 1, HP_FILE_MAX + 1, fp) : 0;
	fclose(fp);
	if (!text || n > HP_FILE_MAX) {
		free(text);
		errmsg(err, errlen, "cannot read %s", path);
		return NULL;
	}
	if (hp_table_parse(text, n, HP_ORIGIN_USER, &check, err, errlen)) {
		free(text);
		return NULL;
	}
	hp_table_free(&check);
	text[n] = '\0';
	root = json_tokener_parse(text);
	free(text);
	if (!root)
		errmsg(err, errlen, "cannot read %s", path);
	return root;
}

int userlist_remember(const char *path, const struct hp_model *m, bool *replaced, char *err,
		      size_t errlen)
{
	char why[320], tmp[4200];
	json_object *root, *rows, *kept = json_object_new_array();
	int ret = -1;

	*replaced = false;
	root = read_list(path, why, sizeof(why));
	if (!root) {
		json_object_put(kept);
		return errmsg(err, errlen, "%s: %s (not rewritten)", path, why);
	}
	json_object_object_get_ex(root, "headphones", &rows);
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		json_object *row = json_object_array_get_idx(rows, i), *name;

		if (json_object_object_get_ex(row, "model", &name) &&
		    !strcasecmp(json_object_get_string(name), m->name)) {
			*replaced = true;
			continue;
		}
		json_object_array_add(kept, json_object_get(row));
	}
	json_object_array_add(kept, hp_model_json(m));
	json_object_object_add(root, "headphones", kept);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (make_parents(path, err, errlen))
		goto out;
	if (json_object_to_file_ext(tmp, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)) {
		errmsg(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path)) {
		errmsg(err, errlen, "cannot replace %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	json_object_put(root);
	return ret;
}

/* How far a measured load is from a row's rdc_ohm, as the larger relative channel difference;
 * HUGE_VAL when a channel is outside the tolerance. */
static double mismatch(const struct hp_model *m, const double z[2])
{
	double worst = 0;

	for (int ch = 0; ch < 2; ch++) {
		double d = fabs(z[ch] - m->rdc_ohm[ch]);
		double tol = fmax(USERLIST_MATCH_MIN_OHM, USERLIST_MATCH_TOLERANCE * m->rdc_ohm[ch]);

		if (d > tol + 1e-9) /* 0.1 Ohm readings: 33.6 - 32 is 1.6 */
			return HUGE_VAL;
		worst = fmax(worst, d / m->rdc_ohm[ch]);
	}
	return worst;
}

const struct hp_model *userlist_identify(const struct hp_table *t, const double z_ohm[2], int route)
{
	const struct hp_model *best = NULL;
	double best_d = HUGE_VAL;

	for (size_t i = 0; i < t->n; i++) {
		const struct hp_model *m = &t->rows[i];
		double d;

		if (m->origin == HP_ORIGIN_TABLE || !(m->rdc_ohm[0] > 0))
			continue;
		if (m->route >= 0 && m->route != route)
			continue;
		d = mismatch(m, z_ohm);
		/* The user's own list wins a tie with the system's. */
		if (d < best_d || (d == best_d && best && m->origin > best->origin)) {
			best = m;
			best_d = d;
		}
	}
	return best_d < HUGE_VAL ? best : NULL;
}
