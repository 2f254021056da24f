// SPDX-License-Identifier: GPL-2.0-only
/* The command line: every option, forms of values, and every usage error. */
#include <string.h>

#include "testutil.h"
#include "cli.h"

#define ARGV(...) ((char *const[]){ "amp-advise", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *const[]){ "amp-advise", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, err, ...) cli_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o), (err), sizeof(err))

static void expect_error(enum cli_result r, const char *err, const char *says)
{
	assert_int_equal(r, CLI_USAGE_ERROR);
	if (!strstr(err, says))
		fail_msg("error '%s' does not say '%s'", err, says);
	assert_null(strchr(err, '\n'));
}

static void defaults(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "-s", "97dB/mW"), CLI_RUN);
	assert_near(o.target_spl_db, 110, 0);
	assert_null(o.card);
	assert_null(o.device);
	assert_null(o.model);
	assert_true(o.have_sens);
	assert_int_equal(o.sens.unit, SENS_DB_MW);
	assert_near(o.impedance_ohm, 0, 0);
	assert_false(o.json || o.apply || o.dry_run || o.watch || o.measure || o.list_models);
	assert_false(cli_offline(&o));
}

static void long_options_with_space_or_equals(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--card", "1", "--sensitivity=102dB/V", "--impedance", "32",
			       "--target-spl=100", "--json", "--apply", "--dry-run", "--watch",
			       "--measure", "--model=HD600", "--data", "x.csv"),
			 CLI_RUN);
	assert_string_equal(o.card, "1");
	assert_int_equal(o.sens.unit, SENS_DB_V);
	assert_near(o.impedance_ohm, 32, 0);
	assert_near(o.target_spl_db, 100, 0);
	assert_true(o.json && o.apply && o.dry_run && o.watch && o.measure);
	assert_string_equal(o.model, "HD600");
	assert_string_equal(o.data, "x.csv");
}

static void short_options_attached_separate_and_bundled(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "-c0", "-z", "300", "-s90dB@0.037V", "-jn", "-t", "105"), CLI_RUN);
	assert_string_equal(o.card, "0");
	assert_near(o.impedance_ohm, 300, 0);
	assert_int_equal(o.sens.unit, SENS_DB_AT_V);
	assert_true(o.json && o.dry_run);
	assert_near(o.target_spl_db, 105, 0);
	assert_int_equal(PARSE(&o, err, "-D", "hw:1", "-m", "K701", "-aw"), CLI_RUN);
	assert_string_equal(o.device, "hw:1");
	assert_true(o.apply && o.watch);
	assert_false(o.have_sens);
	/* A value that starts with '-' is a value. */
	assert_int_equal(PARSE(&o, err, "-D", "-weird", "-s", "97dB/mW"), CLI_RUN);
	assert_string_equal(o.device, "-weird");
}

static void help_and_version(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--help"), CLI_HELP);
	assert_int_equal(PARSE(&o, err, "-h", "--bogus"), CLI_HELP);
	assert_int_equal(PARSE(&o, err, "-V"), CLI_VERSION);
	assert_int_equal(PARSE(&o, err, "--version"), CLI_VERSION);
	assert_non_null(strstr(cli_usage, "--sensitivity"));
}

static void usage_errors_name_the_problem(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	expect_error(PARSE(&o, err, "--bogus"), err, "unknown option '--bogus'");
	expect_error(PARSE(&o, err, "-q"), err, "unknown option '-q'");
	expect_error(PARSE(&o, err, "--card"), err, "needs a value");
	expect_error(PARSE(&o, err, "-s"), err, "needs a value");
	expect_error(PARSE(&o, err, "--json=1", "-s", "97dB/mW"), err, "takes no value");
	expect_error(PARSE(&o, err, "extra"), err, "unexpected argument 'extra'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "--", "x"), err, "unexpected argument 'x'");
	expect_error(PARSE(&o, err, "-z", "300"), err, "no headphone data");
	expect_error(PARSE(&o, err, "-c", "0", "-D", "hw:0", "-s", "97dB/mW"), err, "either --card or --device");
	expect_error(PARSE(&o, err, "--card=", "-s", "97dB/mW"), err, "empty --card");
	expect_error(PARSE(&o, err, "--model="), err, "empty --model");
	expect_error(PARSE(&o, err, "--data", "x.json", "-s", "97dB/mW", "-z", "32"), err,
		     "--data 'x.json' is a headphone table for --model");
	assert_int_equal(PARSE(&o, err, "--complete-model", "hd6"), CLI_RUN);
	assert_string_equal(o.complete_model, "hd6");
}

static void bad_values_name_the_option_and_value(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-z", "-300"), err, "invalid --impedance '-300'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-z", "0"), err, "invalid --impedance '0'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-z", "nan"), err, "invalid --impedance 'nan'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-z", "inf"), err, "invalid --impedance 'inf'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-z", "1e9"), err, "invalid --impedance");
	expect_error(PARSE(&o, err, "-s", "97dB/W"), err, "invalid --sensitivity '97dB/W'");
	expect_error(PARSE(&o, err, "-s", "nan"), err, "invalid --sensitivity 'nan'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-t", "300"), err, "invalid --target-spl '300'");
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-t", "loud"), err, "invalid --target-spl 'loud'");
	/* Found by fuzz_args: a newline in a value must not split the error line. */
	expect_error(PARSE(&o, err, "-s", "97dB/mW", "-t", "\n0"), err, "invalid --target-spl '?0'");
}

static void offline_only_with_impedance_and_no_device_action(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "-z", "300", "-s", "97dB/mW"), CLI_RUN);
	assert_true(cli_offline(&o));
	assert_int_equal(PARSE(&o, err, "-z", "300", "-s", "97dB/mW", "-j"), CLI_RUN);
	assert_true(cli_offline(&o));
	assert_int_equal(PARSE(&o, err, "-z", "300", "-s", "97dB/mW", "-c", "0"), CLI_RUN);
	assert_false(cli_offline(&o));
	assert_int_equal(PARSE(&o, err, "-z", "300", "-s", "97dB/mW", "--apply"), CLI_RUN);
	assert_false(cli_offline(&o));
	assert_int_equal(PARSE(&o, err, "-z", "300", "-s", "97dB/mW", "--watch"), CLI_RUN);
	assert_false(cli_offline(&o));
	assert_int_equal(PARSE(&o, err, "-m", "HD600"), CLI_RUN);
	assert_false(cli_offline(&o));
	assert_int_equal(PARSE(&o, err, "--list-models"), CLI_RUN);
	assert_true(o.list_models);
}

static void long_options_abbreviate_while_unambiguous(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--imp", "32", "--sens=97dB/mW", "--tar", "100", "--js"), CLI_RUN);
	assert_near(o.impedance_ohm, 32, 0);
	assert_int_equal(o.sens.unit, SENS_DB_MW);
	assert_near(o.target_spl_db, 100, 0);
	assert_true(o.json);
	expect_error(PARSE(&o, err, "--d", "x", "-s", "97dB/mW"), err,
		     "ambiguous option '--d': --device, --data, --dry-run");
	expect_error(PARSE(&o, err, "--lo", "-s", "97dB/mW"), err, "unknown option '--lo'");
	expect_error(PARSE(&o, err, "-jq", "-s", "97dB/mW"), err, "unknown option '-q'");
	expect_error(PARSE(&o, err, "--mod"), err, "option '--model' needs a value");
}

/* --json counts wherever it stands, even after the error, so the error can be given as JSON. */
static void json_is_known_after_an_error(void **state)
{
	struct cli_opts o;
	char err[256];

	(void)state;
	expect_error(PARSE(&o, err, "-z", "0", "-s", "97dB/mW", "--json"), err, "invalid --impedance '0'");
	assert_true(o.json);
	expect_error(PARSE(&o, err, "--bogus", "-z", "-1", "-j"), err, "unknown option '--bogus'");
	assert_true(o.json);
	expect_error(PARSE(&o, err, "--bogus"), err, "unknown option");
	assert_false(o.json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(long_options_with_space_or_equals),
		cmocka_unit_test(short_options_attached_separate_and_bundled),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(usage_errors_name_the_problem),
		cmocka_unit_test(bad_values_name_the_option_and_value),
		cmocka_unit_test(offline_only_with_impedance_and_no_device_action),
		cmocka_unit_test(long_options_abbreviate_while_unambiguous),
		cmocka_unit_test(json_is_known_after_an_error),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
