// SPDX-License-Identifier: GPL-2.0-only
/* The physics and the recommendation rule, against the golden values of the product brief. */
#include "testutil.h"
#include "advise.h"

static struct amp_input input(double z, enum sens_unit unit, double db, double ref_v, double target)
{
	struct amp_input in = {
		.z_ohm = z,
		.sens = { unit, db, ref_v },
		.target_spl_db = target,
		.route_allowed = { true, true },
	};
	return in;
}

static const struct amp_candidate *find(const struct amp_advice *a, enum amp_route r, enum amp_gain g)
{
	for (size_t i = 0; i < a->n_candidates; i++)
		if (a->cand[i].route == r && a->cand[i].gain == g)
			return &a->cand[i];
	return NULL;
}

static bool has_warning(const struct amp_advice *a, enum amp_warning_code c, double *value)
{
	for (size_t i = 0; i < a->n_warnings; i++) {
		if (a->warnings[i].code == c) {
			if (value)
				*value = a->warnings[i].value;
			return true;
		}
	}
	return false;
}

static void golden_hd600_needs_19_95_mw_2_447_v_8_16_ma(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_near(rounded(a.p_need_w * 1e3, 2), 19.95, 1e-9);
	assert_near(rounded(a.v_need_rms, 3), 2.447, 1e-9);
	assert_near(rounded(a.i_need_rms_a * 1e3, 2), 8.16, 1e-9);
	assert_near(a.s_db_mw, 97.0, 0.005);
	assert_near(a.s_db_v, 102.2288, 0.005);
}

static void golden_msr7nc_90db_at_37mv_is_118_64_db_v_103_69_db_mw(void **state)
{
	struct sensitivity s = { SENS_DB_AT_V, 90, 0.037 };

	(void)state;
	assert_near(rounded(sens_db_v(&s, 32), 2), 118.64, 1e-9);
	assert_near(rounded(sens_db_mw(&s, 32), 2), 103.69, 1e-9);
}

static void golden_k701_needs_1_778_v_27_36_ma_48_65_mw(void **state)
{
	struct amp_input in = input(65, SENS_DB_V, 105, 0, 110);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_near(rounded(a.v_need_rms, 3), 1.778, 1e-9);
	assert_near(rounded(a.i_need_rms_a * 1e3, 2), 27.36, 1e-9);
	assert_near(rounded(a.p_need_w * 1e3, 2), 48.65, 1e-9);
	assert_near(a.s_db_mw, 105 - 10 * log10(1000.0 / 65), 1e-9);
}

static void sensitivity_conversions_round_trip(void **state)
{
	struct sensitivity mw = { SENS_DB_MW, 97, 0 }, v = { SENS_DB_V, 102.2288, 0 };

	(void)state;
	assert_near(sens_db_v(&mw, 300), 97 + 10 * log10(1000.0 / 300), 1e-12);
	assert_near(sens_db_mw(&v, 300), 102.2288 - 10 * log10(1000.0 / 300), 1e-12);
	/* dB@1V is dB/V. */
	struct sensitivity at1 = { SENS_DB_AT_V, 100, 1.0 };
	assert_near(sens_db_v(&at1, 32), 100, 1e-12);
}

static void chip_figures_match_the_brief(void **state)
{
	(void)state;
	assert_near(amp_vmax(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL), 2.0, 0);
	assert_near(amp_vmax(AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH), 3.0, 0);
	assert_near(amp_vmax(AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL), 4.0, 0);
	assert_near(amp_vmax(AMP_ROUTE_BALANCED, AMP_GAIN_HIGH), 5.6, 0);
	assert_near(amp_zout(AMP_ROUTE_UNBALANCED), 0.5, 0);
	assert_near(amp_zout(AMP_ROUTE_BALANCED), 1.0, 0);
	assert_near(amp_noise_v(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL), 2.0e-6, 0);
	assert_near(amp_noise_v(AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH), 3.0e-6, 0);
	assert_near(amp_noise_v(AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL), 2.8e-6, 0);
	assert_near(amp_noise_v(AMP_ROUTE_BALANCED, AMP_GAIN_HIGH), 4.2e-6, 0);
	assert_near(amp_quiescent_ma(AMP_ROUTE_UNBALANCED), 6, 0);
	assert_near(amp_quiescent_ma(AMP_ROUTE_BALANCED), 12, 0);
}

static void v_avail_is_divider_or_current_limit(void **state)
{
	(void)state;
	/* 300 Ohm: voltage-limited, divider against 0.5 Ohm. */
	assert_near(amp_v_avail(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 300, 400), 2.0 * 300 / 300.5, 1e-12);
	/* 16 Ohm at 100 mA: current-limited, 0.1/sqrt(2)*16. */
	assert_near(amp_v_avail(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 16, 100), 0.1 / sqrt(2) * 16, 1e-12);
	assert_near(amp_v_avail(AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 16, 400), 0.4 / sqrt(2) * 16, 1e-12);
}

static void candidate_rows_hd600(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a;
	const struct amp_candidate *c;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.n_candidates, 4);
	c = &a.cand[0];
	assert_int_equal(c->route, AMP_ROUTE_UNBALANCED);
	assert_int_equal(c->gain, AMP_GAIN_NORMAL);
	assert_near(c->v_avail_rms, 2.0 * 300 / 300.5, 1e-12);
	assert_near(c->max_spl_db, a.s_db_v + 20 * log10(c->v_avail_rms), 1e-12);
	assert_near(c->headroom_db, 20 * log10(c->v_avail_rms / a.v_need_rms), 1e-9);
	assert_near(c->noise_spl_db, a.s_db_v + 20 * log10(2e-6), 1e-12);
	assert_near(rounded(c->headroom_db, 2), -1.77, 1e-9);
	assert_near(rounded(a.cand[1].headroom_db, 2), 1.76, 1e-9);
	assert_int_equal(a.cand[3].route, AMP_ROUTE_BALANCED);
	assert_int_equal(a.cand[3].gain, AMP_GAIN_HIGH);
}

/* Rule 1: the routes whose jack has a load. */
static void rule1_unbalanced_load_considers_only_unbalanced(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a;

	(void)state;
	in.route_allowed[AMP_ROUTE_BALANCED] = false;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.n_candidates, 2);
	assert_null(find(&a, AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL));
	assert_int_equal(a.cand[a.rec].gain, AMP_GAIN_HIGH);
}

static void rule1_balanced_load_considers_only_balanced(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a;

	(void)state;
	in.route_allowed[AMP_ROUTE_UNBALANCED] = false;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.n_candidates, 2);
	assert_int_equal(a.cand[a.rec].route, AMP_ROUTE_BALANCED);
	assert_int_equal(a.cand[a.rec].gain, AMP_GAIN_NORMAL);
}

static void rule1_no_route_is_an_error(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a;

	(void)state;
	in.route_allowed[0] = in.route_allowed[1] = false;
	assert_int_equal(amp_advise(&in, &a), -1);
}

/* Rule 2: each candidate wins when the target is exactly its maximum level (0 dB headroom),
 * and loses to the next one 0.001 dB above. */
static void rule2_order_and_ties_at_exactly_0_db(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a, probe;

	(void)state;
	assert_int_equal(amp_advise(&in, &probe), 0);
	for (size_t i = 0; i < AMP_MODE_COUNT; i++) {
		in.target_spl_db = probe.cand[i].max_spl_db;
		assert_int_equal(amp_advise(&in, &a), 0);
		assert_int_equal(a.rec, i);
		assert_true(a.meets_target);
		assert_near(a.cand[i].headroom_db, 0.0, 1e-9);
		assert_false(has_warning(&a, AMP_WARN_SHORTFALL, NULL));
		if (i + 1 < AMP_MODE_COUNT) {
			in.target_spl_db = probe.cand[i].max_spl_db + 0.001;
			assert_int_equal(amp_advise(&in, &a), 0);
			assert_int_equal(a.rec, i + 1);
		}
	}
}

static void rule2_tie_computed_from_the_other_side(void **state)
{
	/* V_need = V_avail exactly: choose the sensitivity so that L_max = 110.00 for UN. */
	double v = 2.0 * 300 / 300.5;
	struct amp_input in = input(300, SENS_DB_V, 110 - 20 * log10(v), 0, 110);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.rec, 0);
	assert_true(a.meets_target);
	assert_near(a.cand[0].headroom_db, 0, 1e-9);
}

/* Rule 3: the smallest limit >= sqrt(2) * I_need. */
static void rule3_current_limit_smallest_that_fits(void **state)
{
	const double z = 16;
	struct sensitivity s = { SENS_DB_V, 100, 0 };
	struct amp_input in = input(z, SENS_DB_V, 100, 0, 0);
	struct amp_advice a;
	/* Target at which the peak current is exactly lim mA. */
	const double lims[] = { 100, 200 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		double v = lims[i] / 1000.0 / sqrt(2) * z;

		in.target_spl_db = sens_db_v(&s, z) + 20 * log10(v);
		assert_int_equal(amp_advise(&in, &a), 0);
		assert_int_equal(a.cand[a.rec].limit_ma, (unsigned)lims[i]);
		in.target_spl_db += 0.01;
		assert_int_equal(amp_advise(&in, &a), 0);
		assert_int_equal(a.cand[a.rec].limit_ma, (unsigned)lims[i] * 2);
	}
	in.target_spl_db = 80; /* a whisper: 100 mA */
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.cand[a.rec].limit_ma, 100);
	assert_false(has_warning(&a, AMP_WARN_BATTERY_LIMIT, NULL));
}

static void rule3_recommended_headroom_is_with_the_chosen_limit(void **state)
{
	struct amp_input in = input(16, SENS_DB_V, 100, 0, 100);
	struct amp_advice a;
	const struct amp_candidate *c;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	c = &a.cand[a.rec];
	assert_near(a.rec_headroom_db,
		    20 * log10(amp_v_avail(c->route, c->gain, 16, c->limit_ma) / a.v_need_rms), 1e-12);
	assert_true(a.rec_headroom_db >= -1e-9);
	assert_true(a.rec_headroom_db <= c->headroom_db + 1e-12);
}

/* Rule 4: none reaches the target: the loudest, by how much it falls short. */
static void rule4_shortfall_recommends_loudest(void **state)
{
	struct amp_input in = input(600, SENS_DB_MW, 85, 0, 120);
	struct amp_advice a;
	double v = 0;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(a.meets_target);
	assert_int_equal(a.cand[a.rec].route, AMP_ROUTE_BALANCED);
	assert_int_equal(a.cand[a.rec].gain, AMP_GAIN_HIGH);
	assert_near(a.shortfall_db, -a.cand[a.rec].headroom_db, 1e-12);
	assert_true(has_warning(&a, AMP_WARN_SHORTFALL, &v));
	assert_near(v, a.shortfall_db, 1e-12);
	for (size_t i = 0; i < a.n_candidates; i++)
		assert_true(a.cand[i].headroom_db < 0);
}

static void rule4_shortfall_on_one_route(void **state)
{
	struct amp_input in = input(600, SENS_DB_MW, 85, 0, 120);
	struct amp_advice a;

	(void)state;
	in.route_allowed[AMP_ROUTE_BALANCED] = false;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(a.meets_target);
	assert_int_equal(a.cand[a.rec].route, AMP_ROUTE_UNBALANCED);
	assert_int_equal(a.cand[a.rec].gain, AMP_GAIN_HIGH);
}

static void rule4_shortfall_tie_prefers_the_earlier_mode(void **state)
{
	/* 2 Ohm: every mode is current-limited to the same voltage. */
	struct amp_input in = input(2, SENS_DB_V, 80, 0, 130);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(a.meets_target);
	assert_near(a.cand[0].max_spl_db, a.cand[3].max_spl_db, 1e-12);
	assert_int_equal(a.rec, 0);
	assert_int_equal(a.cand[0].limit_ma, 400);
}

/* Rule 5: warnings. */
static void rule5_hiss_audible_above_10_db_spl(void **state)
{
	/* 124 dB/V IEM: UN/N noise = 124 + 20log10(2uV) = 10.02 dB SPL. */
	struct amp_input in = input(16, SENS_DB_V, 124, 0, 110);
	struct amp_advice a;
	double n;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.rec, 0);
	assert_true(has_warning(&a, AMP_WARN_HISS_AUDIBLE, &n));
	assert_near(n, 124 + 20 * log10(2e-6), 1e-12);
	assert_false(has_warning(&a, AMP_WARN_HISS_POSSIBLE, NULL));
	assert_true(a.cand[0].warn_bits & AMP_WARN_BIT(AMP_WARN_HISS_AUDIBLE));
}

static void rule5_hiss_possible_between_0_and_10(void **state)
{
	struct amp_input in = input(32, SENS_DB_AT_V, 90, 0.037, 110);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_true(has_warning(&a, AMP_WARN_HISS_POSSIBLE, NULL));
	assert_false(has_warning(&a, AMP_WARN_HISS_AUDIBLE, NULL));
}

static void rule5_no_hiss_for_hd600(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 110);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.n_warnings, 0);
}

static void rule5_damping_below_8(void **state)
{
	struct amp_input in = input(3.9, SENS_DB_V, 110, 0, 100);
	struct amp_advice a;
	double d;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_true(has_warning(&a, AMP_WARN_LOW_DAMPING, &d));
	assert_near(d, 3.9 / 0.5, 1e-12);
	in.z_ohm = 4.0; /* exactly 8: no warning */
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(has_warning(&a, AMP_WARN_LOW_DAMPING, NULL));
}

static void rule5_battery_cost_of_balanced_and_higher_limit(void **state)
{
	struct amp_input in = input(300, SENS_DB_MW, 97, 0, 113);
	struct amp_advice a;

	(void)state;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.cand[a.rec].route, AMP_ROUTE_BALANCED);
	assert_true(has_warning(&a, AMP_WARN_BATTERY_BALANCED, NULL));
	assert_false(has_warning(&a, AMP_WARN_BATTERY_LIMIT, NULL));

	in = input(16, SENS_DB_V, 100, 0, 105); /* 1.778 V into 16 Ohm: 157 mA peak */
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_int_equal(a.cand[a.rec].limit_ma, 200);
	assert_true(has_warning(&a, AMP_WARN_BATTERY_LIMIT, NULL));
}

static void channel_mismatch_and_fault_are_reported(void **state)
{
	struct amp_input in = input(30, SENS_DB_V, 105, 0, 110);
	struct amp_advice a;
	double v;

	(void)state;
	in.z_left_ohm = 30;
	in.z_right_ohm = 36;
	in.fault = AMP_FAULT_OVERTEMP;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_true(has_warning(&a, AMP_WARN_CHANNEL_MISMATCH, &v));
	assert_near(v, 20.0, 1e-9);
	assert_true(has_warning(&a, AMP_WARN_FAULT, &v));
	assert_near(v, AMP_FAULT_OVERTEMP, 0);
	in.z_right_ohm = 32;
	in.fault = AMP_FAULT_NONE;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(has_warning(&a, AMP_WARN_CHANNEL_MISMATCH, NULL));
	assert_false(has_warning(&a, AMP_WARN_FAULT, NULL));
}

static void bad_numbers_are_refused(void **state)
{
	struct amp_advice a;
	struct amp_input in = input(0, SENS_DB_MW, 97, 0, 110);

	(void)state;
	assert_int_equal(amp_advise(&in, &a), -1);
	in.z_ohm = -300;
	assert_int_equal(amp_advise(&in, &a), -1);
	in.z_ohm = NAN;
	assert_int_equal(amp_advise(&in, &a), -1);
	in.z_ohm = INFINITY;
	assert_int_equal(amp_advise(&in, &a), -1);
	in = input(300, SENS_DB_MW, NAN, 0, 110);
	assert_int_equal(amp_advise(&in, &a), -1);
	in = input(300, SENS_DB_AT_V, 90, 0, 110);
	assert_int_equal(amp_advise(&in, &a), -1);
	in = input(300, SENS_DB_MW, 97, 0, INFINITY);
	assert_int_equal(amp_advise(&in, &a), -1);
	in = input(300, SENS_DB_MW, 97, 0, 110);
	in.z_nom_ohm = NAN;
	assert_int_equal(amp_advise(&in, &a), -1);
	in.z_nom_ohm = -1;
	assert_int_equal(amp_advise(&in, &a), -1);
}

/* The brief's loudness of a mode change: gain, bridge and divider, not Vmax. */
/*
 * The brief's "Which impedance": an HD600 (97 dB/mW at 300 Ohm nominal) that measures 255 Ohm DC.
 * By hand: S_V = 97 + 10log10(1000/300) = 102.2288 dB/V (not 102.9346 at 255 Ohm);
 * Unbalanced/Normal: 2.0 x 255/255.5 = 1.99609 V, L_max = 102.2288 + 6.0036 = 108.2324 dB SPL, so
 * at 108.5 dB the headroom is -0.27 dB (the "+0.44" converted at 255 Ohm); Unbalanced/High
 * 2.99413 V gives 111.7542, +3.25 dB, and wins. Current and damping at 255 Ohm:
 * V_need = 10^((108.5 - 102.2288)/20) = 2.0585 V, 8.0727 mA rms; damping 255/0.5 = 510.
 */
static void hd600_measured_255_ohm_converts_at_its_nominal_300(void **state)
{
	struct amp_input in = input(255, SENS_DB_MW, 97, 0, 108.5);
	struct amp_advice a;

	(void)state;
	in.z_nom_ohm = 300;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_near(a.z_sens_ohm, 300, 0);
	assert_near(a.s_db_v, 102.2288, 5e-5);
	assert_near(a.s_db_mw, 97, 1e-9);
	assert_near(a.cand[0].v_avail_rms, 1.99609, 5e-6);
	assert_near(a.cand[0].max_spl_db, 108.2324, 5e-5);
	assert_near(rounded(a.cand[0].headroom_db, 2), -0.27, 1e-9);
	assert_near(rounded(a.cand[1].headroom_db, 2), 3.25, 1e-9);
	assert_int_equal(a.rec, 1);
	assert_near(a.v_need_rms, 2.0585, 5e-5);
	assert_near(a.i_need_rms_a * 1e3, 8.0727, 5e-5);
	assert_near(a.cand[0].damping, 510, 1e-9);
	/* Without a nominal impedance, the load stands for both (offline --impedance alone). */
	in.z_nom_ohm = 0;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_near(a.z_sens_ohm, 255, 0);
	assert_near(a.s_db_v, 102.9346, 5e-5);
}

/*
 * A 28 Ohm load with the Beyerdynamic T 70 (250 Ohm, 104 dB/mW, dynamic: 175 to 262.5 Ohm DC):
 * S_V = 104 + 10log10(1000/250) = 110.0206 dB/V (at 28 Ohm it would be 9.51 dB more), and a
 * warning that names the load.
 */
static void t70_on_a_28_ohm_load_warns_and_converts_at_250(void **state)
{
	struct amp_input in = input(28, SENS_DB_MW, 104, 0, 110);
	struct amp_advice a;
	double v = 0;

	(void)state;
	in.z_nom_ohm = 250;
	in.z_fit_lo_ohm = 175;
	in.z_fit_hi_ohm = 262.5;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_near(a.s_db_v, 110.0206, 5e-5);
	assert_true(has_warning(&a, AMP_WARN_IMPEDANCE_MISMATCH, &v));
	assert_near(v, 28, 0);
	/* The edges fit. */
	in.z_ohm = 175;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(has_warning(&a, AMP_WARN_IMPEDANCE_MISMATCH, NULL));
	in.z_ohm = 262.5;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_false(has_warning(&a, AMP_WARN_IMPEDANCE_MISMATCH, NULL));
	in.z_ohm = 263;
	assert_int_equal(amp_advise(&in, &a), 0);
	assert_true(has_warning(&a, AMP_WARN_IMPEDANCE_MISMATCH, NULL));
}

/*
 * The volume at which digital full scale (2.1 V from the DAC) reaches a level, by hand:
 * an IEM of 110 dB/mW on 32 Ohm (S_V = 124.9485), Unbalanced/Normal, 110 dB SPL:
 * 124.9485 + 20log10(2.1) + 20log10(32/32.5) = 124.9485 + 6.4444 - 0.1347 = 131.2582 -> -21.2582 dB.
 * The hearing-safe assumption on 47 Ohm: S_V = 120 + 10log10(1000/47) = 133.2790 -> -29.6315 dB.
 * An HD600 (102.2288 dB/V) on 300 Ohm cannot reach 110 dB in Unbalanced/Normal at all: 0 dB.
 */
static void volume_for_a_level_at_full_scale(void **state)
{
	(void)state;
	assert_near(amp_volume_for_level_db(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 32, 100,
					    AMP_WIRING_UNBALANCED, 124.9485, 110),
		    -21.2582, 5e-4);
	assert_near(amp_volume_for_level_db(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 47, 100,
					    AMP_WIRING_UNBALANCED, 133.2790, 110),
		    -29.6315, 5e-4);
	assert_near(amp_volume_for_level_db(AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 300, 400,
					    AMP_WIRING_UNBALANCED, 102.2288, 110),
		    0, 0);
	/* High gain and Balanced (bridging a balanced load) need 3.5 and 6.02 dB less. */
	assert_near(amp_volume_for_level_db(AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 32, 400,
					    AMP_WIRING_BALANCED, 124.9485, 110),
		    -21.2582 - 3.5 - 6.0206 - 20 * log10((32 / 33.0) / (32 / 32.5)), 5e-4);
	/* Balanced cannot bridge an unbalanced load: High's 3.5 dB alone. */
	assert_near(amp_volume_for_level_db(AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 32, 400,
					    AMP_WIRING_UNBALANCED, 124.9485, 110),
		    -21.2582 - 3.5, 5e-4);
}

static void mode_change_levels(void **state)
{
	const enum amp_route U = AMP_ROUTE_UNBALANCED, B = AMP_ROUTE_BALANCED;
	const enum amp_gain N = AMP_GAIN_NORMAL, H = AMP_GAIN_HIGH;
	const enum amp_wiring bal = AMP_WIRING_BALANCED, unbal = AMP_WIRING_UNBALANCED;

	(void)state;
	/* High: +3.5 dB at any load, either wiring (not 20log10(3.0/2.0) = 3.52). */
	assert_near(amp_mode_change_db(U, N, U, H, 32, unbal), 3.5, 1e-9);
	assert_near(amp_mode_change_db(B, N, B, H, 300, bal), 3.5, 1e-9);
	/* A balanced load at 32 Ohm, U/N -> B/H: 3.5 + 6.0206 + 20log10((32/33)/(32/32.5)) = 9.3880 dB. */
	assert_near(amp_mode_change_db(U, N, B, H, 32, bal), 9.3880, 5e-5);
	/* Unloaded, the brief's +9.52 dB. */
	assert_near(amp_mode_change_db(U, N, B, H, 1e12, bal), 9.5206, 5e-5);
	assert_near(amp_mode_change_db(B, H, U, N, 300, bal), -9.5062, 5e-5);
	/*
	 * An unbalanced load (the 3.5 mm jack's TRS) hears its plus stage in either route, through
	 * 0.5 Ohm (datasheet 3.1): no bridge, no divider change, the gain alone. So B/N -> U/H is
	 * +3.5 dB, not the balanced load's -2.52 dB.
	 */
	assert_near(amp_mode_change_db(B, N, U, H, 32, unbal), 3.5, 1e-9);
	assert_near(amp_mode_change_db(U, N, B, H, 32, unbal), 3.5, 1e-9);
	assert_near(amp_mode_change_db(U, H, B, N, 300, unbal), -3.5, 1e-9);
	/* Wiring unknown: the larger step of the two. */
	assert_near(amp_mode_change_db(B, N, U, H, 32, AMP_WIRING_UNKNOWN), 3.5, 1e-9);
	assert_near(amp_mode_change_db(U, N, B, H, 32, AMP_WIRING_UNKNOWN), 9.3880, 5e-5);
	/* U/N itself at 16 Ohm: the divider 16/16.5 = -0.2673 dB; B/N into a balanced load 16/17. */
	assert_near(amp_level_db(U, N, 16, unbal), -0.2673, 5e-5);
	assert_near(amp_level_db(B, N, 16, unbal), -0.2673, 5e-5);
	assert_near(amp_level_db(B, N, 16, bal), 6.0206 + 20 * log10(16 / 17.0), 5e-5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_hd600_needs_19_95_mw_2_447_v_8_16_ma),
		cmocka_unit_test(golden_msr7nc_90db_at_37mv_is_118_64_db_v_103_69_db_mw),
		cmocka_unit_test(golden_k701_needs_1_778_v_27_36_ma_48_65_mw),
		cmocka_unit_test(sensitivity_conversions_round_trip),
		cmocka_unit_test(chip_figures_match_the_brief),
		cmocka_unit_test(v_avail_is_divider_or_current_limit),
		cmocka_unit_test(candidate_rows_hd600),
		cmocka_unit_test(rule1_unbalanced_load_considers_only_unbalanced),
		cmocka_unit_test(rule1_balanced_load_considers_only_balanced),
		cmocka_unit_test(rule1_no_route_is_an_error),
		cmocka_unit_test(rule2_order_and_ties_at_exactly_0_db),
		cmocka_unit_test(rule2_tie_computed_from_the_other_side),
		cmocka_unit_test(rule3_current_limit_smallest_that_fits),
		cmocka_unit_test(rule3_recommended_headroom_is_with_the_chosen_limit),
		cmocka_unit_test(rule4_shortfall_recommends_loudest),
		cmocka_unit_test(rule4_shortfall_on_one_route),
		cmocka_unit_test(rule4_shortfall_tie_prefers_the_earlier_mode),
		cmocka_unit_test(rule5_hiss_audible_above_10_db_spl),
		cmocka_unit_test(rule5_hiss_possible_between_0_and_10),
		cmocka_unit_test(rule5_no_hiss_for_hd600),
		cmocka_unit_test(rule5_damping_below_8),
		cmocka_unit_test(rule5_battery_cost_of_balanced_and_higher_limit),
		cmocka_unit_test(channel_mismatch_and_fault_are_reported),
		cmocka_unit_test(bad_numbers_are_refused),
		cmocka_unit_test(mode_change_levels),
		cmocka_unit_test(volume_for_a_level_at_full_scale),
		cmocka_unit_test(hd600_measured_255_ohm_converts_at_its_nominal_300),
		cmocka_unit_test(t70_on_a_28_ohm_load_warns_and_converts_at_250),
	};

	return cmocka_run_group_tests_name("advise", tests, NULL, NULL);
}
