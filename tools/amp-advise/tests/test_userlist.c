// SPDX-License-Identifier: GPL-2.0-only
/* Personal lists: where they live, remembering into them, recognising a measured load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "userlist.h"

#define ROWS(...) "{\"headphones\": [" __VA_ARGS__ "]}"

static void parse_ok(const char *text, enum hp_origin origin, struct hp_table *t)
{
	char err[256] = "";

	if (hp_table_parse(text, strlen(text), origin, t, err, sizeof(err)))
		fail_msg("refused: %s", err);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void user_list_follows_xdg_then_home(void **state)
{
	char path[512], err[256];
	char *xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	assert_int_equal(userlist_user_path(path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, "/x/conf/amp-advise/headphones.json");
	setenv("XDG_CONFIG_HOME", "relative/is/ignored", 1);
	setenv("HOME", "/home/ann", 1);
	assert_int_equal(userlist_user_path(path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, "/home/ann/.config/amp-advise/headphones.json");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(userlist_user_path(path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, "/home/ann/.config/amp-advise/headphones.json");
	assert_string_equal(userlist_system_path() + strlen(userlist_system_path()) - strlen(USERLIST_NAME),
			    USERLIST_NAME);
	if (xdg)
		setenv("XDG_CONFIG_HOME", xdg, 1);
	if (home)
		setenv("HOME", home, 1);
	free(xdg);
	free(home);
}

static struct hp_model mine(const char *name, double l, double r, int route)
{
	static struct sensitivity s = { SENS_DB_MW, 110, 0 };

	return (struct hp_model){ .name = (char *)name, .kind = HP_KIND_IEM, .z_ohm = 32, .sens = s,
				  .rdc_ohm = { l, r }, .rdc_source = "measured by amp-advise on hw:0",
				  .source = "given", .route = route, .based_on = NULL,
				  .origin = HP_ORIGIN_USER };
}

static void remember_creates_adds_and_replaces_keeping_the_rest(void **state)
{
	static const char *const made[] = { "/deep/er/amp-advise", "/deep/er", "/deep", "" };
	char dir[] = "/tmp/amp-userlist-XXXXXX", path[256], err[256];
	struct hp_table t = { 0 };
	struct hp_model a = mine("IEM A", 32.1, 32.3, AMP_ROUTE_UNBALANCED);
	struct hp_model b = mine("HD600 home", 255, 255.4, AMP_ROUTE_BALANCED);
	bool replaced = true;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/deep/er/amp-advise/headphones.json", dir);
	b.based_on = "Sennheiser HD600";
	b.kind = HP_KIND_DYNAMIC;
	b.z_ohm = 300;
	assert_int_equal(userlist_remember(path, &a, &replaced, err, sizeof(err)), 0);
	assert_false(replaced);
	assert_int_equal(userlist_remember(path, &b, &replaced, err, sizeof(err)), 0);
	assert_false(replaced);
	if (hp_table_load(path, HP_ORIGIN_USER, false, &t, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[1].name, "HD600 home");
	assert_near(t.rows[1].rdc_ohm[1], 255.4, 0);
	assert_int_equal(t.rows[1].route, AMP_ROUTE_BALANCED);
	assert_string_equal(t.rows[1].based_on, "Sennheiser HD600");
	assert_int_equal(t.rows[1].kind, HP_KIND_DYNAMIC);
	assert_near(t.rows[1].z_ohm, 300, 0);
	hp_table_free(&t);

	/* The same name again (any case) replaces it; other keys and rows stay. */
	write_file(path, "{\"about\": \"mine\", \"headphones\": [" "{\"model\": \"Other\", \"impedance_ohm\": 50, "
			 "\"sensitivity\": \"100dB/V\", \"source\": \"me\"}]}");
	assert_int_equal(userlist_remember(path, &a, &replaced, err, sizeof(err)), 0);
	a.rdc_ohm[0] = a.rdc_ohm[1] = 40;
	a.name = "iem a";
	assert_int_equal(userlist_remember(path, &a, &replaced, err, sizeof(err)), 0);
	assert_true(replaced);
	if (hp_table_load(path, HP_ORIGIN_USER, false, &t, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[0].name, "Other");
	assert_string_equal(t.rows[1].name, "iem a");
	assert_near(t.rows[1].rdc_ohm[0], 40, 0);
	hp_table_free(&t);
	{
		char text[4096] = "";
		FILE *f = fopen(path, "r");

		assert_non_null(f);
		assert_true(fread(text, 1, sizeof(text) - 1, f) > 0);
		fclose(f);
		assert_non_null(strstr(text, "\"about\""));
	}

	/* A file it cannot read is not rewritten. */
	write_file(path, "{\"headphones\": [{\"model\": \"X\"}]}");
	assert_int_equal(userlist_remember(path, &a, &replaced, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not rewritten"));
	unlink(path);
	/* The directories it made, deepest first, and the test's own. */
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, made[i]);
		assert_int_equal(rmdir(path), 0);
	}
}

static void load_reads_system_then_user_and_missing_is_empty(void **state)
{
	char dir[] = "/tmp/amp-userlist-XXXXXX", sys[256], user[256], err[256];
	struct hp_table t = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sys, sizeof(sys), "%s/system.json", dir);
	snprintf(user, sizeof(user), "%s/user.json", dir);
	assert_int_equal(userlist_load(&t, sys, user, err, sizeof(err)), 0);
	assert_int_equal(t.n, 0);
	write_file(sys, ROWS("{\"model\": \"S\", \"impedance_ohm\": 50, \"sensitivity\": \"100dB/V\", \"source\": \"x\"}"));
	write_file(user, ROWS("{\"model\": \"U\", \"impedance_ohm\": 50, \"sensitivity\": \"100dB/V\", \"source\": \"x\"}"));
	assert_int_equal(userlist_load(&t, sys, user, err, sizeof(err)), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.rows[0].origin, HP_ORIGIN_SYSTEM);
	assert_int_equal(t.rows[1].origin, HP_ORIGIN_USER);
	hp_table_free(&t);
	write_file(user, "{");
	assert_int_equal(userlist_load(&t, sys, user, err, sizeof(err)), -1);
	assert_non_null(strstr(err, user));
	hp_table_free(&t);
	unlink(sys);
	unlink(user);
	rmdir(dir);
}

#define ROW(name, l, r, jack) \
	"{\"model\": \"" name "\", \"impedance_ohm\": 32, \"sensitivity\": \"100dB/V\", \"source\": \"x\", " \
	"\"rdc_ohm\": [" #l ", " #r "], \"rdc_source\": \"m\"" jack "}"

static const char *identify(const struct hp_table *t, double l, double r, int route)
{
	double z[2] = { l, r };
	const struct hp_model *m = userlist_identify(t, z, route);

	return m ? m->name : "(none)";
}

/*
 * Recognising: each channel within 5 % of the remembered R_DC (at least 0.5 Ohm), on the same
 * route; the nearest wins; the user's own list before the system's; the table never.
 */
static void identify_by_rdc_and_jack(void **state)
{
	struct hp_table t = { 0 };

	(void)state;
	parse_ok(ROWS(ROW("Table IEM", 32, 32, "")), HP_ORIGIN_TABLE, &t);
	parse_ok(ROWS(ROW("Shared", 103, 103, ", \"jack\": \"unbalanced\"")), HP_ORIGIN_SYSTEM, &t);
	parse_ok(ROWS(ROW("A", 32, 32, ", \"jack\": \"unbalanced\"") ","
		      ROW("B", 300, 300, ", \"jack\": \"balanced\"") ","
		      ROW("C", 16, 16, "") ","
		      ROW("D", 100, 100, ", \"jack\": \"unbalanced\"") ","
		      ROW("E", 103, 103, ", \"jack\": \"unbalanced\"")),
		 HP_ORIGIN_USER, &t);
	assert_string_equal(identify(&t, 32.4, 32.2, AMP_ROUTE_UNBALANCED), "A");
	assert_string_equal(identify(&t, 33.6, 32.0, AMP_ROUTE_UNBALANCED), "A");     /* 1.6 = 5 % */
	assert_string_equal(identify(&t, 33.7, 32.0, AMP_ROUTE_UNBALANCED), "(none)");
	assert_string_equal(identify(&t, 32, 32, AMP_ROUTE_BALANCED), "(none)");      /* A is 3.5 mm */
	assert_string_equal(identify(&t, 300, 300, AMP_ROUTE_BALANCED), "B");
	assert_string_equal(identify(&t, 316, 300, AMP_ROUTE_BALANCED), "(none)");
	assert_string_equal(identify(&t, 16.6, 16.2, AMP_ROUTE_BALANCED), "C");       /* no jack: either */
	assert_string_equal(identify(&t, 16.6, 16.2, AMP_ROUTE_UNBALANCED), "C");
	assert_string_equal(identify(&t, 16.9, 16.0, AMP_ROUTE_UNBALANCED), "(none)"); /* 0.9 > 0.8 */
	assert_string_equal(identify(&t, 102, 102, AMP_ROUTE_UNBALANCED), "E");         /* nearest */
	assert_string_equal(identify(&t, 101, 101, AMP_ROUTE_UNBALANCED), "D");
	assert_string_equal(identify(&t, 103, 103, AMP_ROUTE_UNBALANCED), "E");         /* not Shared */
	hp_table_free(&t);
	/* The minimum of 0.5 Ohm on small loads: 4 Ohm +- 0.5. */
	parse_ok(ROWS(ROW("Tiny", 4, 4, "")), HP_ORIGIN_USER, &t);
	assert_string_equal(identify(&t, 4.5, 4.0, AMP_ROUTE_UNBALANCED), "Tiny");
	assert_string_equal(identify(&t, 4.6, 4.0, AMP_ROUTE_UNBALANCED), "(none)");
	hp_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_list_follows_xdg_then_home),
		cmocka_unit_test(remember_creates_adds_and_replaces_keeping_the_rest),
		cmocka_unit_test(load_reads_system_then_user_and_missing_is_empty),
		cmocka_unit_test(identify_by_rdc_and_jack),
	};

	return cmocka_run_group_tests_name("userlist", tests, NULL, NULL);
}
