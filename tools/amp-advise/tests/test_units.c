// SPDX-License-Identifier: GPL-2.0-only
/* Parsing of sensitivity, impedance and level strings, and every kind of bad input. */
#include <string.h>

#include "testutil.h"
#include "units.h"

static void sens_ok(const char *s, enum sens_unit unit, double db, double ref)
{
	struct sensitivity out;
	char err[160] = "";

	if (units_parse_sensitivity(s, &out, err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
	assert_int_equal(out.unit, unit);
	assert_near(out.db, db, 1e-9);
	if (unit == SENS_DB_AT_V)
		assert_near(out.ref_v, ref, 1e-12);
}

static void sens_bad(const char *s, const char *reason)
{
	struct sensitivity out = { SENS_DB_V, 1.0, 0 };
	char err[160] = "";

	if (!units_parse_sensitivity(s, &out, err, sizeof(err)))
		fail_msg("'%s' accepted", s);
	if (!strstr(err, reason))
		fail_msg("'%s': error '%s' does not say '%s'", s, err, reason);
	assert_near(out.db, 1.0, 0); /* untouched */
}

static void sensitivity_accepts_the_three_units(void **state)
{
	(void)state;
	sens_ok("97dB/mW", SENS_DB_MW, 97, 0);
	sens_ok("102dB/V", SENS_DB_V, 102, 0);
	sens_ok("90dB@0.037V", SENS_DB_AT_V, 90, 0.037);
}

static void sensitivity_accepts_spacing_case_and_variants(void **state)
{
	(void)state;
	sens_ok(" 97 dB / mW ", SENS_DB_MW, 97, 0);
	sens_ok("97DB/MW", SENS_DB_MW, 97, 0);
	sens_ok("97 dB SPL/mW", SENS_DB_MW, 97, 0);
	sens_ok("102.5dB/Vrms", SENS_DB_V, 102.5, 0);
	sens_ok("90 dB @ 37mV", SENS_DB_AT_V, 90, 0.037);
	sens_ok("90dB@0.1Vrms", SENS_DB_AT_V, 90, 0.1);
	sens_ok("+97dB/mW", SENS_DB_MW, 97, 0);
}

/* The notations of spec sheets: a reference amount after '/' or '@'. */
static void sensitivity_accepts_spec_sheet_notations(void **state)
{
	(void)state;
	sens_ok("97dB@1mW", SENS_DB_MW, 97, 0);
	sens_ok("97dB/1mW", SENS_DB_MW, 97, 0);
	sens_ok("97dB SPL/1mW", SENS_DB_MW, 97, 0);
	sens_ok("97 dB SPL @ 1 mW", SENS_DB_MW, 97, 0);
	sens_ok("102dB/1Vrms", SENS_DB_V, 102, 0);
	sens_ok("102 dB @ 1 V", SENS_DB_V, 102, 0);
	sens_ok("90dB/0.1V", SENS_DB_AT_V, 90, 0.1);
	/* 90 dB for 0.5 mW is 90 + 10log10(2) = 93.0103 dB for 1 mW. */
	sens_ok("90dB@0.5mW", SENS_DB_MW, 93.0102999566, 0);
	sens_bad("97dB@0mW", "not a power");
	sens_bad("97dB/-1mW", "not a power");
	sens_bad("97dB@1mW x", "unexpected text");
	sens_bad("97dB@mW", "after '@'");
}

static void sensitivity_rejects_bad_input(void **state)
{
	(void)state;
	sens_bad("", "expected a number");
	sens_bad("97", "expected dB");
	sens_bad("97dB", "missing unit");
	sens_bad("97dB/W", "unknown unit");
	sens_bad("97dB/mA", "unknown unit");
	sens_bad("97 dBu/mW", "unit");
	sens_bad("dB/mW", "expected a number");
	sens_bad("nan dB/mW", "expected a number");
	sens_bad("NaNdB/V", "expected a number");
	sens_bad("infdB/V", "expected a number");
	sens_bad("1e2dB/V", "expected dB");
	sens_bad("0x61dB/V", "expected dB");
	sens_bad("9.7.1dB/V", "expected a number");
	sens_bad("97dB/mW extra", "unexpected text");
	sens_bad("97dB/mW/mW", "unexpected text");
	sens_bad("90dB@", "reference voltage");
	sens_bad("90dB@V", "reference voltage");
	sens_bad("90dB@0.037", "V or mV");
	sens_bad("90dB@0.037A", "V or mV");
	sens_bad("90dB@0.037V x", "unexpected text");
	sens_bad("90dB@0V", "reference");
	sens_bad("90dB@-1V", "reference");
	sens_bad("90dB@1000V", "reference");
	sens_bad("200dB/mW", "outside");
	sens_bad("-97dB/mW", "outside");
	sens_bad("10dB/V", "outside");
	sens_bad("99999999999999999999999999999999999dB/V", "expected a number");
}

static void impedance_ok(const char *s, double want)
{
	double z = 0;
	char err[160] = "";

	if (units_parse_impedance(s, &z, err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
	assert_near(z, want, 1e-12);
}

static void impedance_bad(const char *s, const char *reason)
{
	double z = 5;
	char err[160] = "";

	if (!units_parse_impedance(s, &z, err, sizeof(err)))
		fail_msg("'%s' accepted", s);
	if (!strstr(err, reason))
		fail_msg("'%s': error '%s' does not say '%s'", s, err, reason);
	assert_near(z, 5, 0);
}

static void impedance_accepts_ohms(void **state)
{
	(void)state;
	impedance_ok("300", 300);
	impedance_ok("32.5", 32.5);
	impedance_ok("300ohm", 300);
	impedance_ok("32 Ohms", 32);
	impedance_ok("16\xce\xa9", 16);
	impedance_ok("1", 1);
	impedance_ok("10000", 10000);
}

static void impedance_rejects_bad_input(void **state)
{
	(void)state;
	impedance_bad("0", "outside");
	impedance_bad("-32", "outside");
	impedance_bad("0.5", "outside");
	impedance_bad("20000", "outside");
	impedance_bad("nan", "expected ohms");
	impedance_bad("inf", "expected ohms");
	impedance_bad("-inf", "expected ohms");
	impedance_bad("1e3", "unexpected text");
	impedance_bad("abc", "expected ohms");
	impedance_bad("", "expected ohms");
	impedance_bad("300 volts", "unexpected text");
	impedance_bad("300ohmx", "unexpected text");
}

static void spl_accepts_and_rejects(void **state)
{
	double db = 0;
	char err[160];

	(void)state;
	assert_int_equal(units_parse_spl("110", &db, err, sizeof(err)), 0);
	assert_near(db, 110, 0);
	assert_int_equal(units_parse_spl("95.5 dB SPL", &db, err, sizeof(err)), 0);
	assert_near(db, 95.5, 0);
	assert_int_equal(units_parse_spl("100dB", &db, err, sizeof(err)), 0);
	assert_near(db, 100, 0);
	assert_int_equal(units_parse_spl("200", &db, err, sizeof(err)), -1);
	assert_int_equal(units_parse_spl("-5", &db, err, sizeof(err)), -1);
	assert_int_equal(units_parse_spl("nan", &db, err, sizeof(err)), -1);
	assert_int_equal(units_parse_spl("110 dBA", &db, err, sizeof(err)), -1);
}

static void decimal_is_strict(void **state)
{
	double v;
	const char *good[] = { "1", "+1.5", "-.5", ".5", "5.", "007" };
	const char *bad[] = { "", "+", "-", ".", "1.2.3", "1,5", "1e3", "0x1", "inf", "nan", " 1", "1 " };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(units_parse_decimal(good[i], strlen(good[i]), &v), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!units_parse_decimal(bad[i], strlen(bad[i]), &v))
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(units_parse_decimal("-.5", 3, &v), 0);
	assert_near(v, -0.5, 0);
	/* Only len bytes are read. */
	assert_int_equal(units_parse_decimal("12abc", 2, &v), 0);
	assert_near(v, 12, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sensitivity_accepts_the_three_units),
		cmocka_unit_test(sensitivity_accepts_spacing_case_and_variants),
		cmocka_unit_test(sensitivity_accepts_spec_sheet_notations),
		cmocka_unit_test(sensitivity_rejects_bad_input),
		cmocka_unit_test(impedance_accepts_ohms),
		cmocka_unit_test(impedance_rejects_bad_input),
		cmocka_unit_test(spl_accepts_and_rejects),
		cmocka_unit_test(decimal_is_strict),
	};

	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
