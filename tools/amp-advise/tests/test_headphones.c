// SPDX-License-Identifier: GPL-2.0-only
/* The headphone table: parsing, lookup, every malformed row, and the table the project ships. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testutil.h"
#include "headphones.h"

#define HEADER "model,impedance_ohm,sensitivity,unit,ref_voltage_v,source,status\n"

static void parse_ok(const char *text, struct hp_table *t)
{
	char err[256] = "";

	if (hp_table_parse(text, strlen(text), t, err, sizeof(err)))
		fail_msg("refused: %s", err);
}

static void parse_bad(const char *text, const char *says)
{
	struct hp_table t;
	char err[256] = "";

	if (!hp_table_parse(text, strlen(text), &t, err, sizeof(err))) {
		hp_table_free(&t);
		fail_msg("accepted: %s", text);
	}
	if (!strstr(err, says))
		fail_msg("error '%s' does not say '%s'", err, says);
	assert_int_equal(t.n, 0);
	assert_null(t.rows);
}

static void parses_units_quotes_comments_and_crlf(void **state)
{
	struct hp_table t;

	(void)state;
	parse_ok("# comment\n" HEADER
		 "Sennheiser HD600,300,97,dB/mW,,\"Sound On Sound, review\",spec\r\n"
		 "\n"
		 "AKG K701,65,105,dB/V,,\"xnor \"\"measured\"\"\",measured\n"
		 "ATH-MSR7NC,32,90,dB,0.037,InnerFidelity,measured\n"
		 "X,16,124,dB@V,1,y,\n",
		 &t);
	assert_int_equal(t.n, 4);
	assert_string_equal(t.rows[0].name, "Sennheiser HD600");
	assert_near(t.rows[0].z_ohm, 300, 0);
	assert_int_equal(t.rows[0].sens.unit, SENS_DB_MW);
	assert_string_equal(t.rows[0].source, "Sound On Sound, review");
	assert_string_equal(t.rows[0].status, "spec");
	assert_string_equal(t.rows[1].source, "xnor \"measured\"");
	assert_int_equal(t.rows[1].sens.unit, SENS_DB_V);
	assert_int_equal(t.rows[2].sens.unit, SENS_DB_AT_V);
	assert_near(t.rows[2].sens.ref_v, 0.037, 1e-12);
	assert_null(t.rows[3].status);
	hp_table_free(&t);
	assert_int_equal(t.n, 0);
}

static void columns_are_found_by_name(void **state)
{
	struct hp_table t;

	(void)state;
	parse_ok("kind,source,unit,sensitivity,impedance_ohm,model,ref_voltage_v,status\n"
		 "iem,somewhere,dB/V,110,16,Some IEM,,spec\n",
		 &t);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.rows[0].name, "Some IEM");
	assert_near(t.rows[0].z_ohm, 16, 0);
	hp_table_free(&t);
}

static void rejects_malformed_tables(void **state)
{
	(void)state;
	parse_bad("", "no header");
	parse_bad("# only a comment\n", "no header");
	parse_bad("model,impedance_ohm,sensitivity,unit,source\nA,1,100,dB/V,s\n", "ref_voltage_v");
	parse_bad("name,impedance_ohm,sensitivity,unit,ref_voltage_v,source\n", "'model'");
	parse_bad(HEADER "A,abc,97,dB/mW,,s,x\n", "line 2: impedance 'abc'");
	parse_bad(HEADER "A,-32,97,dB/mW,,s,x\n", "impedance '-32'");
	parse_bad(HEADER "A,0,97,dB/mW,,s,x\n", "impedance '0'");
	parse_bad(HEADER "A,nan,97,dB/mW,,s,x\n", "impedance 'nan'");
	parse_bad(HEADER "A,32,inf,dB/mW,,s,x\n", "sensitivity 'inf'");
	parse_bad(HEADER "A,32,97,dB/W,,s,x\n", "unknown unit 'dB/W'");
	parse_bad(HEADER "A,32,90,dB@V,,s,x\n", "ref_voltage_v");
	parse_bad(HEADER "A,32,90,dB,0,s,x\n", "reference");
	parse_bad(HEADER "A,32,500,dB/V,,s,x\n", "outside");
	parse_bad(HEADER "A,32,97,dB/mW,,,x\n", "empty source");
	parse_bad(HEADER ",32,97,dB/mW,,s,x\n", "empty model");
	parse_bad(HEADER "A,32,97\n", "fields");
	parse_bad(HEADER "\"A,32,97,dB/mW,,s,x\n", "unterminated");
	parse_bad(HEADER "\"A\"x,32,97,dB/mW,,s,x\n", "closing quote");
	parse_bad(HEADER "A,32,97,dB/mW,,s,x,1,2,3,4,5,6,7,8,9,10,11,12,13\n", "too many fields");
}

static void rejects_nul_bytes_and_long_fields(void **state)
{
	char text[4096];
	struct hp_table t;
	char err[256];
	size_t n = strlen(HEADER);

	(void)state;
	memcpy(text, HEADER "A\0B,32,97,dB/mW,,s,x\n", n + 22);
	assert_int_equal(hp_table_parse(text, n + 21, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NUL"));
	memcpy(text, HEADER, n);
	memset(text + n, 'a', 2000);
	strcpy(text + n + 2000, ",32,97,dB/mW,,s,x\n");
	assert_int_equal(hp_table_parse(text, strlen(text), &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));
}

static void find_exact_folded_and_ambiguous(void **state)
{
	struct hp_table t;
	char err[256];
	const struct hp_model *m;

	(void)state;
	parse_ok(HEADER "Sennheiser HD600,300,97,dB/mW,,s,\n"
			"Sennheiser HD650,300,103,dB/V,,s,\n"
			"AKG K701,65,105,dB/V,,s,\n",
		 &t);
	m = hp_table_find(&t, "akg k701", err, sizeof(err));
	assert_non_null(m);
	assert_string_equal(m->name, "AKG K701");
	m = hp_table_find(&t, "hd 600", err, sizeof(err));
	assert_non_null(m);
	assert_string_equal(m->name, "Sennheiser HD600");
	m = hp_table_find(&t, "k-701", err, sizeof(err));
	assert_non_null(m);
	assert_null(hp_table_find(&t, "HD6", err, sizeof(err)));
	assert_non_null(strstr(err, "ambiguous"));
	assert_null(hp_table_find(&t, "Koss", err, sizeof(err)));
	assert_non_null(strstr(err, "unknown model 'Koss'"));
	assert_null(hp_table_find(&t, " - ", err, sizeof(err)));
	hp_table_free(&t);
}

static void load_reports_missing_file(void **state)
{
	struct hp_table t;
	char err[256];

	(void)state;
	assert_int_equal(hp_table_load("/nonexistent/headphones.csv", &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/headphones.csv"));
}

static const char *shipped(void)
{
	const char *p = getenv("AMP_DATA");

	return p ? p : "data/headphones.csv";
}

/* The shipped table: enough real models, every row sourced, golden models as in the brief. */
static void shipped_table_is_complete(void **state)
{
	struct hp_table t;
	char err[256] = "";
	unsigned units[3] = { 0 };
	const struct hp_model *m;

	(void)state;
	if (hp_table_load(shipped(), &t, err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(t.n >= 25);
	for (size_t i = 0; i < t.n; i++) {
		assert_true(strlen(t.rows[i].source) >= 10);
		assert_non_null(t.rows[i].status);
		units[t.rows[i].sens.unit]++;
		for (size_t j = 0; j < i; j++)
			if (!strcasecmp(t.rows[i].name, t.rows[j].name))
				fail_msg("duplicate model %s", t.rows[i].name);
	}
	assert_true(units[SENS_DB_MW] > 0 && units[SENS_DB_V] > 0 && units[SENS_DB_AT_V] > 0);
	m = hp_table_find(&t, "Sennheiser HD600", err, sizeof(err));
	assert_non_null(m);
	assert_near(m->z_ohm, 300, 0);
	assert_int_equal(m->sens.unit, SENS_DB_MW);
	assert_near(m->sens.db, 97, 0);
	m = hp_table_find(&t, "AKG K701", err, sizeof(err));
	assert_non_null(m);
	assert_near(m->z_ohm, 65, 0);
	assert_near(m->sens.db, 105, 0);
	hp_table_free(&t);
}

/* The kind column: the table covers IEMs, dynamic and planar over-ears, every row has a kind. */
static void shipped_table_covers_every_kind(void **state)
{
	FILE *f = fopen(shipped(), "r");
	char line[2048], err[256] = "";
	unsigned iem = 0, dyn = 0, planar = 0;
	struct hp_table t;

	(void)state;
	assert_non_null(f);
	if (hp_table_load(shipped(), &t, err, sizeof(err)))
		fail_msg("%s", err);
	while (fgets(line, sizeof(line), f)) {
		iem += strstr(line, ",iem,") != NULL;
		dyn += strstr(line, ",dynamic,") != NULL;
		planar += strstr(line, ",planar,") != NULL;
	}
	fclose(f);
	assert_true(iem >= 4);
	assert_true(dyn >= 4);
	assert_true(planar >= 4);
	assert_int_equal(iem + dyn + planar, t.n);
	hp_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_units_quotes_comments_and_crlf),
		cmocka_unit_test(columns_are_found_by_name),
		cmocka_unit_test(rejects_malformed_tables),
		cmocka_unit_test(rejects_nul_bytes_and_long_fields),
		cmocka_unit_test(find_exact_folded_and_ambiguous),
		cmocka_unit_test(load_reports_missing_file),
		cmocka_unit_test(shipped_table_is_complete),
		cmocka_unit_test(shipped_table_covers_every_kind),
	};

	return cmocka_run_group_tests_name("headphones", tests, NULL, NULL);
}
