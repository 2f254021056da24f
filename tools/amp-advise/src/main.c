// SPDX-License-Identifier: GPL-2.0-only
/*
 * amp-advise: parse -> the headphone's figures (options, table, personal lists) -> offline
 * advice, or a session on the device (session.c).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "advise.h"
#include "cli.h"
#include "headphones.h"
#include "render.h"
#include "say.h"
#include "session.h"
#include "userlist.h"

#ifndef AMP_VERSION
#define AMP_VERSION "0.1"
#endif
#ifndef AMP_DATADIR
#define AMP_DATADIR "/usr/local/share/amp-advise"
#endif

/* --data, else data/ beside the executable (a build tree), else the installed table. */
static const char *table_path(const struct cli_opts *o, char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len;

	if (o->data)
		return o->data;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, n, "%s/data/headphones.json", exe);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, n, "%s/headphones.json", AMP_DATADIR);
	return buf;
}

/* --complete-model WORD: the names the lookup would take WORD for, one a line. */
static void complete_models(const struct hp_table *t, const char *word)
{
	size_t n = hp_table_matches(t, word, NULL, 0);
	const struct hp_model **m = calloc(n ? n : 1, sizeof(*m));

	if (!m)
		return;
	hp_table_matches(t, word, m, n);
	for (size_t i = 0; i < n; i++)
		printf("%s\n", m[i]->name);
	free(m);
}

/* --impedance, else (-m or --nominal-impedance, no card) the headphone's own load. */
static int run_offline(const struct cli_opts *o, const struct hp_figures *hp)
{
	struct amp_input in = {
		.z_ohm = o->impedance_ohm > 0 ? o->impedance_ohm : hp->table_load,
		.target_spl_db = o->target_spl_db,
		.route_allowed = { true, true },
		.sens = hp->sens,
		.z_nom_ohm = hp->z_nom,
		.z_fit_lo_ohm = hp->z_fit_lo,
		.z_fit_hi_ohm = hp->z_fit_hi,
	};
	struct amp_advice adv;
	struct amp_report r = {
		.in = &in, .adv = &adv, .load_z_ohm = { in.z_ohm, in.z_ohm }, .load_type = "unknown",
		.load_source = o->impedance_ohm > 0 ? "given" : "table", .model = hp->model,
		.model_source = hp->model_source, .nominal_source = hp->nominal_source,
	};

	if (amp_advise(&in, &adv)) {
		say_error("cannot compute advice for these figures");
		return EXIT_RUNTIME;
	}
	say_report(&r, o->json);
	return adv.meets_target ? EXIT_DONE : EXIT_SHORTFALL;
}

/* The figures of -m (its row), then --nominal-impedance and --sensitivity over them. */
static int figures(const struct cli_opts *o, const struct hp_table *lists, struct hp_figures *hp)
{
	char err[1024];

	*hp = (struct hp_figures){ 0 };
	if (o->model) {
		const struct hp_model *m = hp_table_find(lists, o->model, err, sizeof(err));

		if (!m) {
			say_error("%s", err);
			return EXIT_USAGE;
		}
		hp_figures_of(m, hp);
	}
	if (o->nominal_ohm > 0) {
		hp->z_nom = hp->table_load = o->nominal_ohm;
		hp->nominal_source = "given";
		hp_rdc_range(hp->kind, o->nominal_ohm, NULL, &hp->z_fit_lo, &hp->z_fit_hi);
	}
	if (o->have_sens)
		hp->sens = o->sens;
	return EXIT_DONE;
}

int main(int argc, char **argv)
{
	struct cli_opts o;
	struct hp_table lists = { 0 };
	struct hp_figures hp;
	char err[1024], home_err[256] = "", path[PATH_MAX + 32], user[PATH_MAX + 32];
	struct session s = { .o = &o, .system_list = userlist_system_path() };
	enum cli_result parsed = cli_parse(argc, argv, &o, err, sizeof(err));
	int ret;

	say_json_errors(o.json);
	switch (parsed) {
	case CLI_HELP:
		fputs(cli_usage, stdout);
		return EXIT_DONE;
	case CLI_VERSION:
		printf("amp-advise %s\n", AMP_VERSION);
		return EXIT_DONE;
	case CLI_USAGE_ERROR:
		say_error("%s", err);
		return EXIT_USAGE;
	case CLI_RUN:
		break;
	}
	s.user_list = o.user_list;
	if (!s.user_list && userlist_user_path(user, sizeof(user), home_err, sizeof(home_err)) == 0)
		s.user_list = user;
	/* The table and the personal lists, for -m and the listings. */
	if (o.list_models || o.model || o.complete_model) {
		if (hp_table_load(table_path(&o, path, sizeof(path)), HP_ORIGIN_TABLE, false, &lists, err,
				  sizeof(err)) ||
		    userlist_load(&lists, s.system_list, s.user_list, err, sizeof(err))) {
			say_error("%s", err);
			hp_table_free(&lists);
			return EXIT_RUNTIME;
		}
	}
	if (o.list_models || o.complete_model) {
		if (o.complete_model)
			complete_models(&lists, o.complete_model);
		else if (o.json)
			render_models_json(stdout, &lists);
		else
			render_models_text(stdout, &lists);
		hp_table_free(&lists);
		return EXIT_DONE;
	}
	if (!s.user_list && (!cli_has_figures(&o) || o.remember)) {
		say_error("%s", home_err);
		hp_table_free(&lists);
		return EXIT_RUNTIME;
	}
	if (cli_has_figures(&o)) {
		ret = figures(&o, &lists, &hp);
		if (ret != EXIT_DONE) {
			hp_table_free(&lists);
			return ret;
		}
		s.hp = &hp;
	}
	ret = cli_offline(&o) ? run_offline(&o, &hp) : session_run(&s);
	if (ret == SESSION_NO_CARD)
		ret = run_offline(&o, &hp);
	hp_table_free(&lists);
	return ret;
}
