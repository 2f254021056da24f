// SPDX-License-Identifier: GPL-2.0-only
/* Rendering: the JSON parsed back with json-c and checked key by key; the text; warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "testutil.h"
#include "render.h"

struct fixture {
	struct amp_input in;
	struct amp_advice adv;
	struct amp_report rep;
};

static void setup_offline(struct fixture *f, double z, enum sens_unit u, double db, double ref,
			  double target)
{
	memset(f, 0, sizeof(*f));
	f->in = (struct amp_input){ .z_ohm = z, .sens = { u, db, ref }, .target_spl_db = target,
				    .route_allowed = { true, true } };
	assert_int_equal(amp_advise(&f->in, &f->adv), 0);
	f->rep = (struct amp_report){ .in = &f->in, .adv = &f->adv, .load_z_ohm = { z, z }, .load_source = "given",
				      .load_type = "unknown" };
}

/* Renders through the FILE path and parses the text back. */
static json_object *round_trip(const struct amp_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_object *o;

	assert_non_null(mem);
	assert_int_equal(render_json(mem, r), 0);
	fclose(mem);
	assert_non_null(strchr(buf, '\n'));
	assert_true(strchr(buf, '\n') == buf + len - 1); /* one line */
	o = json_tokener_parse(buf);
	free(buf);
	assert_non_null(o);
	return o;
}

static json_object *key(json_object *o, const char *k, json_type type)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("no key '%s'", k);
	if (!json_object_is_type(v, type))
		fail_msg("key '%s' has type %s", k, json_type_to_name(json_object_get_type(v)));
	return v;
}

static double dbl(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("no key '%s'", k);
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		fail_msg("key '%s' is not a number", k);
	return json_object_get_double(v);
}

static const char *string(json_object *o, const char *k)
{
	return json_object_get_string(key(o, k, json_type_string));
}

static void json_hd600_offline_key_by_key(void **state)
{
	struct fixture f;
	json_object *root, *load, *hp, *cands, *rec, *warns, *z;
	static const char *const routes[] = { "unbalanced", "unbalanced", "balanced", "balanced" };
	static const char *const gains[] = { "normal", "high", "normal", "high" };

	(void)state;
	setup_offline(&f, 300, SENS_DB_MW, 97, 0, 110);
	root = round_trip(&f.rep);

	assert_int_equal(json_object_get_int(key(root, "schema", json_type_int)), 2);
	load = key(root, "load", json_type_object);
	z = key(load, "impedance_ohm", json_type_array);
	assert_int_equal(json_object_array_length(z), 2);
	assert_near(json_object_get_double(json_object_array_get_idx(z, 0)), 300, 0);
	assert_near(json_object_get_double(json_object_array_get_idx(z, 1)), 300, 0);
	assert_string_equal(string(load, "type"), "unknown");
	assert_string_equal(string(load, "source"), "given");

	assert_near(dbl(load, "rdc_ohm"), 300, 0);
	hp = key(root, "headphone", json_type_object);
	assert_null(json_object_object_get(hp, "impedance_ohm")); /* schema 1's; see load.rdc_ohm */
	assert_true(json_object_object_get_ex(hp, "nominal_impedance_ohm", NULL));
	assert_null(json_object_object_get(hp, "nominal_impedance_ohm"));
	assert_near(dbl(hp, "sensitivity_impedance_ohm"), 300, 0);
	assert_string_equal(string(hp, "sensitivity_impedance"), "load");
	assert_near(dbl(hp, "sensitivity_db_mw"), 97.0, 0.0005);
	assert_near(dbl(hp, "sensitivity_db_v"), 102.229, 0.0005);
	assert_near(dbl(root, "target_spl_db"), 110, 0);

	cands = key(root, "candidates", json_type_array);
	assert_int_equal(json_object_array_length(cands), 4);
	for (size_t i = 0; i < 4; i++) {
		json_object *c = json_object_array_get_idx(cands, i);
		const struct amp_candidate *a = &f.adv.cand[i];

		assert_string_equal(string(c, "route"), routes[i]);
		assert_string_equal(string(c, "gain"), gains[i]);
		assert_near(dbl(c, "v_avail_rms"), a->v_avail_rms, 0.00005);
		assert_near(dbl(c, "max_spl_db"), a->max_spl_db, 0.0005);
		assert_near(dbl(c, "headroom_db"), a->headroom_db, 0.0005);
		assert_near(dbl(c, "noise_spl_db"), a->noise_spl_db, 0.0005);
		assert_int_equal(json_object_get_int(key(c, "needs_current_limit_ma", json_type_int)), 100);
		assert_null(json_object_object_get(c, "current_limit_ma"));
		key(c, "warnings", json_type_array);
	}
	assert_near(dbl(json_object_array_get_idx(cands, 1), "headroom_db"), 1.76, 0.005);

	rec = key(root, "recommended", json_type_object);
	assert_string_equal(string(rec, "route"), "unbalanced");
	assert_string_equal(string(rec, "gain"), "high");
	assert_int_equal(json_object_get_int(key(rec, "current_limit_ma", json_type_int)), 100);
	assert_true(json_object_get_boolean(key(rec, "meets_target", json_type_boolean)));
	assert_near(dbl(rec, "headroom_db"), f.adv.rec_headroom_db, 0.0005);
	assert_int_equal(json_object_get_int(key(root, "candidates_current_limit_ma", json_type_int)), 400);

	warns = key(root, "warnings", json_type_array);
	assert_int_equal(json_object_array_length(warns), 0);
	assert_null(json_object_object_get(root, "apply"));
	json_object_put(root);
}

static void json_shortfall_and_warnings(void **state)
{
	struct fixture f;
	json_object *root, *rec, *warns;
	bool shortfall = false, battery = false;

	(void)state;
	setup_offline(&f, 600, SENS_DB_MW, 85, 0, 120);
	root = round_trip(&f.rep);
	rec = key(root, "recommended", json_type_object);
	assert_false(json_object_get_boolean(key(rec, "meets_target", json_type_boolean)));
	assert_string_equal(string(rec, "route"), "balanced");
	assert_string_equal(string(rec, "gain"), "high");
	assert_true(dbl(rec, "headroom_db") < 0);
	warns = key(root, "warnings", json_type_array);
	for (size_t i = 0; i < json_object_array_length(warns); i++) {
		json_object *w = json_object_array_get_idx(warns, i);
		const char *code = string(w, "code");

		assert_true(strlen(string(w, "message")) > 10);
		shortfall |= !strcmp(code, "shortfall");
		battery |= !strcmp(code, "battery_balanced");
		if (!strcmp(code, "shortfall"))
			assert_non_null(strstr(string(w, "message"), "17.83 dB"));
	}
	assert_true(shortfall && battery);
	json_object_put(root);
}

static void json_measured_load_and_plan(void **state)
{
	struct fixture f;
	struct amp_plan plan = { 0 };
	json_object *root, *load, *ap, *writes, *w0;

	(void)state;
	setup_offline(&f, 32.1, SENS_DB_V, 110, 0, 110);
	f.rep.load_source = "measured";
	f.rep.device = "hw:0";
	f.rep.load_z_ohm[0] = 32.1;
	f.rep.load_z_ohm[1] = 32.4;
	f.rep.load_type = "unbalanced";
	plan.n = 2;
	plan.w[0] = (struct amp_write){ AMP_CTL_VOLUME, { 172, 170 } };
	plan.w[1] = (struct amp_write){ AMP_CTL_GAIN, { AMP_GAIN_HIGH, 0 } };
	plan.volume_lowered = true;
	plan.lowered_db = 4.0;
	plan.mode_change_db = 3.52;
	plan.done = 2;
	f.rep.plan = &plan;
	root = round_trip(&f.rep);
	assert_string_equal(string(root, "device"), "hw:0");
	load = key(root, "load", json_type_object);
	assert_string_equal(string(load, "source"), "measured");
	assert_string_equal(string(load, "type"), "unbalanced");
	assert_near(json_object_get_double(json_object_array_get_idx(key(load, "impedance_ohm", json_type_array), 1)),
		    32.4, 1e-9);
	ap = key(root, "apply", json_type_object);
	assert_false(json_object_get_boolean(key(ap, "dry_run", json_type_boolean)));
	assert_near(dbl(ap, "volume_lowered_db"), 4.0, 0);
	writes = key(ap, "writes", json_type_array);
	assert_int_equal(json_object_array_length(writes), 2);
	w0 = json_object_array_get_idx(writes, 0);
	assert_string_equal(string(w0, "control"), "Headphone Playback Volume");
	assert_int_equal(json_object_get_int(json_object_array_get_idx(key(w0, "value", json_type_array), 0)), 172);
	assert_string_equal(string(json_object_array_get_idx(writes, 1), "value"), "High");
	assert_true(json_object_get_boolean(key(w0, "done", json_type_boolean)));
	json_object_put(root);
}

static void json_numbers_are_never_negative_zero(void **state)
{
	struct fixture f;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	double v = 2.0 * 300 / 300.5;

	(void)state;
	/* Headroom of exactly 0 (or -1e-15 after rounding). */
	setup_offline(&f, 300, SENS_DB_V, 110 - 20 * log10(v), 0, 110);
	mem = open_memstream(&buf, &len);
	render_json(mem, &f.rep);
	fclose(mem);
	assert_null(strstr(buf, "-0,"));
	assert_null(strstr(buf, "-0}"));
	assert_non_null(strstr(buf, "\"headroom_db\":0"));
	free(buf);
}

static char *text_of(const struct amp_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	render_text(mem, r);
	fclose(mem);
	return buf;
}

/*
 * One truth: the recommended figures at the recommended limit, in JSON and text alike. 16 Ohm,
 * 104 dB/mW, 110 dB: S_V = 104 + 10log10(1000/16) = 121.9588 dB/V; the 100 mA limit caps
 * Unbalanced/Normal at 0.1/sqrt(2) x 16 = 1.13137 V, 123.0309 dB SPL, +13.0309 dB; the candidate
 * table gives the 400 mA figures: 2.0 x 16/16.5 = 1.93939 V, 127.7121 dB SPL.
 */
static void recommended_figures_at_the_recommended_limit_in_json_and_text(void **state)
{
	struct fixture f;
	json_object *root, *rec, *c0;
	char *t;

	(void)state;
	setup_offline(&f, 16, SENS_DB_MW, 104, 0, 110);
	root = round_trip(&f.rep);
	rec = key(root, "recommended", json_type_object);
	assert_int_equal(json_object_get_int(key(rec, "current_limit_ma", json_type_int)), 100);
	assert_near(dbl(rec, "max_spl_db"), 123.0309, 5e-4);
	assert_near(dbl(rec, "headroom_db"), 13.0309, 5e-4);
	c0 = json_object_array_get_idx(key(root, "candidates", json_type_array), 0);
	assert_near(dbl(c0, "max_spl_db"), 127.7121, 5e-4);
	assert_near(dbl(c0, "v_avail_rms"), 1.93939, 5e-6);
	assert_int_equal(json_object_get_int(key(c0, "needs_current_limit_ma", json_type_int)), 100);
	json_object_put(root);
	t = text_of(&f.rep);
	assert_non_null(strstr(t, "100 mA current limit: up to 123.03 dB SPL, headroom +13.03 dB with 100 mA"));
	assert_non_null(strstr(t, "with the 400 mA limit"));
	assert_non_null(strstr(t, "needs"));
	free(t);
}

/* Six significant digits: 32 Ohm, 124 dB/V, 60 dB needs 10^(-64/20) = 0.000630957 V, 1.24408e-5 mW. */
static void json_numbers_keep_six_significant_digits(void **state)
{
	struct fixture f;
	json_object *root, *need;

	(void)state;
	setup_offline(&f, 32, SENS_DB_V, 124, 0, 60);
	root = round_trip(&f.rep);
	need = key(root, "need", json_type_object);
	assert_near(dbl(need, "v_rms"), 0.000630957, 5e-10);
	assert_near(dbl(need, "i_rms_ma"), 0.0197174, 5e-8);
	assert_near(dbl(need, "p_mw"), 1.24408e-05, 5e-11);
	json_object_put(root);
}

static void errors_as_json_objects(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_object *o, *e;

	(void)state;
	assert_int_equal(render_error_json(mem, "invalid --impedance '0': \"quoted\""), 0);
	fclose(mem);
	assert_true(strchr(buf, '\n') == buf + len - 1);
	o = json_tokener_parse(buf);
	assert_non_null(o);
	assert_int_equal(json_object_get_int(key(o, "schema", json_type_int)), 2);
	e = key(o, "error", json_type_object);
	assert_string_equal(string(e, "message"), "invalid --impedance '0': \"quoted\"");
	json_object_put(o);
	free(buf);
}


static void text_shows_golden_values_and_recommendation(void **state)
{
	struct fixture f;
	char *t;
	const char *row;

	(void)state;
	setup_offline(&f, 300, SENS_DB_MW, 97, 0, 110);
	t = text_of(&f.rep);
	assert_non_null(strstr(t, "2.447 Vrms"));
	assert_non_null(strstr(t, "8.16 mA rms"));
	assert_non_null(strstr(t, "19.95 mW"));
	assert_non_null(strstr(t, "97.00 dB/mW = 102.23 dB/V"));
	row = strstr(t, "<- recommended");
	assert_non_null(row);
	while (row > t && row[-1] != '\n')
		row--;
	assert_int_equal(strncmp(row, "Unbalanced  High", 16), 0);
	assert_non_null(strstr(t, "Recommended: Unbalanced route, High gain, 100 mA"));
	assert_null(strstr(t, "Warning:"));
	free(t);
}

static void text_shows_plan_and_dry_run(void **state)
{
	struct fixture f;
	struct amp_plan plan = { 0 };
	char *t;

	(void)state;
	setup_offline(&f, 300, SENS_DB_MW, 97, 0, 110);
	plan.n = 2;
	plan.w[0] = (struct amp_write){ AMP_CTL_VOLUME, { 172, 172 } };
	plan.w[1] = (struct amp_write){ AMP_CTL_GAIN, { AMP_GAIN_HIGH, 0 } };
	plan.volume_lowered = true;
	plan.lowered_db = 4.0;
	plan.mode_change_db = 20 * log10(1.5);
	plan.vol_from[0] = plan.vol_from[1] = 180;
	plan.vol_to[0] = plan.vol_to[1] = 172;
	f.rep.plan = &plan;
	f.rep.dry_run = true;
	t = text_of(&f.rep);
	assert_non_null(strstr(t, "would lower 'Headphone Playback Volume' 180,180 -> 172,172 first: lowered by 4.0 dB because the new mode is 3.52 dB louder"));
	assert_non_null(strstr(t, "would set 'Gain Mode' = High"));
	free(t);
}

static void every_warning_has_a_message(void **state)
{
	struct fixture f;
	char msg[320];

	(void)state;
	setup_offline(&f, 30, SENS_DB_V, 124, 0, 110);
	f.in.z_left_ohm = 30;
	f.in.z_right_ohm = 36;
	for (int c = 0; c < AMP_WARN_COUNT; c++) {
		struct amp_warning w = { c, c == AMP_WARN_FAULT ? AMP_FAULT_SHORT : 12.5 };

		msg[0] = '\0';
		render_warning(&f.rep, &w, msg, sizeof(msg));
		if (strlen(msg) < 20)
			fail_msg("warning %s: '%s'", amp_warning_code_name(c), msg);
		assert_null(strchr(msg, '\n'));
		assert_non_null(amp_warning_code_name(c));
	}
	{
		struct amp_warning w = { AMP_WARN_FAULT, AMP_FAULT_SHORT };

		render_warning(&f.rep, &w, msg, sizeof(msg));
		assert_non_null(strstr(msg, "Short"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_hd600_offline_key_by_key),
		cmocka_unit_test(json_shortfall_and_warnings),
		cmocka_unit_test(json_measured_load_and_plan),
		cmocka_unit_test(json_numbers_are_never_negative_zero),
		cmocka_unit_test(recommended_figures_at_the_recommended_limit_in_json_and_text),
		cmocka_unit_test(json_numbers_keep_six_significant_digits),
		cmocka_unit_test(errors_as_json_objects),
		cmocka_unit_test(text_shows_golden_values_and_recommendation),
		cmocka_unit_test(text_shows_plan_and_dry_run),
		cmocka_unit_test(every_warning_has_a_message),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
