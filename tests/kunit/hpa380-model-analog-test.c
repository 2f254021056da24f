// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite of the emulated HPA380's outputs against its datasheet
 * (Documentation/sound/codecs/hpa380.rst, section 3) and the product brief:
 * the level at each load, the largest clean level (the brief's V_avail), the
 * current limit and its over-current trip, the supply charge a load draws,
 * what the model calls a pop, and the I2S controller's frames as input. No
 * driver; registers are written as the chip takes them from the bus
 * (hpa380_model_poke(): the bus is the other suite's).
 *
 * Every expected number is worked out here from the datasheet's figures,
 * the arithmetic beside it, never from the model's code: 2.1 Vrms full
 * scale; High +3.5 dB (x 1.496236); Balanced x 2 across a load from plus to
 * minus; output impedance 0.5 Ohm per stage that drives (Unbalanced 0.5,
 * Balanced 1.0 Ohm); Vmax rms 2.0, 3.0, 4.0, 5.6 V; limits 100, 200, 400 mA
 * peak; a pop is a step above 1 mV and 1 dB.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/fixp-arith.h>
#include <linux/ktime.h>
#include <linux/math64.h>

#include "../model/hpa380-model.h"
#include "hpa380-test-compat.h"

#define ADDR		0x60

/* Registers and bits, typed from the datasheet's section 6 again. */
#define R_SW_RESET	0x02
#define R_POWER		0x03
#define R_OUT_EN	0x04
#define R_OUT_CFG	0x05
#define R_VOL_L		0x06
#define R_VOL_R		0x07
#define R_MUTE		0x08
#define R_FAULT		0x10
#define REF_EN		BIT(0)
#define ALL_POWER	0x07
#define UNBAL_STAGES	0x05
#define BAL_STAGES	0x0f
#define ROUTE_BAL	BIT(0)
#define GAIN_HIGH	BIT(1)
#define ILIM(i)		((i) << 2)
#define MUTE_BOTH	0x03
#define FAULT_OC	BIT(0)

#define OPEN		U32_MAX
#define SE		HPA380_MODEL_JACK_SE
#define BAL		HPA380_MODEL_JACK_BAL
#define UNBAL_LOAD	HPA380_MODEL_LOAD_UNBALANCED
#define BAL_LOAD	HPA380_MODEL_LOAD_BALANCED

#define FULL_SCALE	0x7fffffffU	/* a 0 dBFS sine's peak, Q31 */
#define M20DBFS		214748365U	/* -20 dBFS: FULL_SCALE / 10 */
#define TONE_HZ		1000
#define FS_PEAK_UV	2969848ULL	/* 2.1 Vrms x sqrt(2) */
#define HIGH_PPM	1496236ULL	/* +3.5 dB */
#define SQRT2_PPM	1414214ULL
#define RAMP_US		1000

/* Ramps short but not instant, everything else at once. */
static const struct hpa380_model_timing hat_timing = {
	.ramp_us = RAMP_US, .det_us = 1000,
};

static struct hpa380_model *model(struct kunit *test)
{
	return test->priv;
}

static void poke(struct kunit *test, u8 reg, u8 val)
{
	hpa380_model_poke(model(test), reg, val);
}

/* What the rig measured at @jack's left channel over ~20 ms from now. */
static void measure(struct kunit *test, enum hpa380_model_jack jack,
		    struct hpa380_model_level *l)
{
	hpa380_model_clear_levels(model(test));
	msleep(25);
	hpa380_model_get_level(model(test), jack, 0, l);
	KUNIT_ASSERT_GE(test, l->blocks, 2);
}

/*
 * Datasheet section 7 up to playing, unmuted at @vol, in @out_cfg, with the
 * blocks of @power on (0: all).
 */
static void play_with(struct kunit *test, u8 power, u8 out_cfg, u8 vol)
{
	poke(test, R_POWER, REF_EN);
	poke(test, R_POWER, power ?: ALL_POWER);
	poke(test, R_OUT_CFG, out_cfg);
	poke(test, R_VOL_L, vol);
	poke(test, R_VOL_R, vol);
	poke(test, R_MUTE, 0);
	poke(test, R_OUT_EN, out_cfg & ROUTE_BAL ? BAL_STAGES : UNBAL_STAGES);
	usleep_range(3 * RAMP_US, 4 * RAMP_US);
}

static void play(struct kunit *test, u8 out_cfg, u8 vol)
{
	play_with(test, 0, out_cfg, vol);
}

/* @a within @ppm of @b, or within 2 uV (the rig's resolution). */
static bool near(u64 a, u64 b, u64 ppm)
{
	u64 d = a > b ? a - b : b - a;

	return d <= 2 || d * 1000000 <= b * ppm;
}

#define PPM_0_05_DB	5773	/* 10^(0.05/20) - 1 */

static int hat_init(struct kunit *test)
{
	struct hpa380_model *m = hpa380_model_create(ADDR);

	KUNIT_ASSERT_NOT_NULL(test, m);
	hpa380_model_set_timing(m, &hat_timing);
	test->priv = m;
	return 0;
}

static void hat_exit(struct kunit *test)
{
	if (test->priv) {
		KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 0);
		hpa380_model_destroy(test->priv);
	}
}

/* ---- the level at the load ---- */

struct level_case {
	const char *name;
	u8 out_cfg;
	u8 vol;
	u32 tone;		/* Q31 peak */
	enum hpa380_model_jack jack;	/* plugged, if mohm */
	u32 mohm;
	enum hpa380_model_topology topology;
	u8 power;		/* blocks on, if not all */
	u8 out_en, mute;	/* after play(), if non-zero: rewritten */
	u32 rms_uv;
};

/*
 * -20 dBFS is 0.21 Vrms at INL/INR; the rest is the datasheet's 3.1: High
 * x 1.496236, bridge x 2, the divider Z / (Z + 0.5) or Z / (Z + 1.0), an
 * off stage at 0 V and 0 Ohm, volume (code - 200) x 0.5 dB.
 */
static const struct level_case level_cases[] = {
	{ "unbalanced_normal_open_jack_is_the_input", 0, 200, M20DBFS,
	  SE, 0, 0, 0, 0, 0, 210000 },
	{ "high_gain_adds_3_5_db", GAIN_HIGH, 200, M20DBFS,
	  SE, 0, 0, 0, 0, 0, 314209 },
	{ "unbalanced_32_ohm_divider_0_5_ohm", 0, 200, M20DBFS,
	  SE, 32000, UNBAL_LOAD, 0, 0, 0, 206769 },		/* 32/32.5 */
	{ "unbalanced_16_ohm", 0, 200, M20DBFS,
	  SE, 16000, UNBAL_LOAD, 0, 0, 0, 203636 },		/* 16/16.5 */
	{ "unbalanced_600_ohm", 0, 200, M20DBFS,
	  SE, 600000, UNBAL_LOAD, 0, 0, 0, 209825 },
	{ "balanced_normal_32_ohm_bridged_divider_1_ohm", ROUTE_BAL, 200,
	  M20DBFS, BAL, 32000, BAL_LOAD, 0, 0, 0, 407273 },	/* 0.42 x 32/33 */
	{ "balanced_high_300_ohm", ROUTE_BAL | GAIN_HIGH, 200, M20DBFS,
	  BAL, 300000, BAL_LOAD, 0, 0, 0, 626331 },
	{ "balanced_open_jack", ROUTE_BAL, 200, M20DBFS,
	  BAL, 0, 0, 0, 0, 0, 420000 },
	{ "balanced_load_in_unbalanced_route_hears_plus_to_ground", 0, 200,
	  M20DBFS, BAL, 32000, BAL_LOAD, 0, 0, 0, 206769 },
	{ "unbalanced_load_in_balanced_route_hears_plus_only", ROUTE_BAL, 200,
	  M20DBFS, SE, 32000, UNBAL_LOAD, 0, 0, 0, 206769 },
	{ "volume_minus_50_db", 0, 100, M20DBFS,
	  SE, 0, 0, 0, 0, 0, 664 },
	{ "volume_minus_99_5_db_full_scale", 0, 1, FULL_SCALE,
	  SE, 0, 0, 0, 0, 0, 22 },
	{ "volume_code_0_is_silent", 0, 0, M20DBFS,
	  SE, 0, 0, 0, 0, 0, 0 },
	{ "muted_is_silent", 0, 200, M20DBFS,
	  SE, 0, 0, 0, 0, MUTE_BOTH, 0 },
	{ "stages_off_drive_nothing", 0, 200, M20DBFS,
	  SE, 32000, UNBAL_LOAD, 0, BIT(7), 0, 0 },
	{ "no_input_buffer_no_signal", 0, 200, M20DBFS,
	  SE, 0, 0, REF_EN, 0, 0, 0 },
};

KUNIT_ARRAY_PARAM_DESC(level_cases, level_cases, name);

static void level_at_the_load_follows_the_datasheet(struct kunit *test)
{
	const struct level_case *c = test->param_value;
	struct hpa380_model_level l, r;

	if (c->mohm)
		hpa380_model_plug(model(test), c->jack, c->mohm, c->mohm,
				  c->topology);
	hpa380_model_set_tone(model(test), TONE_HZ, c->tone);
	play_with(test, c->power, c->out_cfg, c->vol);
	if (c->out_en)
		poke(test, R_OUT_EN, c->out_en & 0x0f);
	if (c->mute)
		poke(test, R_MUTE, c->mute);
	usleep_range(3 * RAMP_US, 4 * RAMP_US);

	measure(test, c->jack, &l);
	hpa380_model_get_level(model(test), c->jack, 1, &r);
	KUNIT_EXPECT_TRUE_MSG(test, near(l.rms_uv, c->rms_uv, PPM_0_05_DB),
			      "rms %u uV, datasheet %u uV", l.rms_uv, c->rms_uv);
	KUNIT_EXPECT_EQ_MSG(test, l.min_rms_uv, l.max_rms_uv, "a steady tone");
	KUNIT_EXPECT_EQ_MSG(test, r.rms_uv, l.rms_uv, "right as left");
	KUNIT_EXPECT_EQ(test, l.clipped, 0);
	KUNIT_EXPECT_EQ(test, l.limit_ns, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);
}

/* ---- the largest clean level: the brief's V_avail ---- */

struct vavail_case {
	bool balanced, high;
	u32 ohm;
	u32 ma;
};

/* Each mode into 16 to 600 Ohm at each limit. */
static const struct vavail_case vavail_cases[] = {
	{ false, false, 16, 100 }, { false, false, 16, 200 }, { false, false, 16, 400 },
	{ false, false, 32, 100 }, { false, false, 32, 200 }, { false, false, 32, 400 },
	{ false, false, 60, 100 }, { false, false, 60, 200 }, { false, false, 60, 400 },
	{ false, false, 300, 100 }, { false, false, 300, 200 }, { false, false, 300, 400 },
	{ false, false, 600, 100 }, { false, false, 600, 200 }, { false, false, 600, 400 },
	{ false, true, 16, 100 }, { false, true, 16, 200 }, { false, true, 16, 400 },
	{ false, true, 32, 100 }, { false, true, 32, 200 }, { false, true, 32, 400 },
	{ false, true, 60, 100 }, { false, true, 60, 200 }, { false, true, 60, 400 },
	{ false, true, 300, 100 }, { false, true, 300, 200 }, { false, true, 300, 400 },
	{ false, true, 600, 100 }, { false, true, 600, 200 }, { false, true, 600, 400 },
	{ true, false, 16, 100 }, { true, false, 16, 200 }, { true, false, 16, 400 },
	{ true, false, 32, 100 }, { true, false, 32, 200 }, { true, false, 32, 400 },
	{ true, false, 60, 100 }, { true, false, 60, 200 }, { true, false, 60, 400 },
	{ true, false, 300, 100 }, { true, false, 300, 200 }, { true, false, 300, 400 },
	{ true, false, 600, 100 }, { true, false, 600, 200 }, { true, false, 600, 400 },
	{ true, true, 16, 100 }, { true, true, 16, 200 }, { true, true, 16, 400 },
	{ true, true, 32, 100 }, { true, true, 32, 200 }, { true, true, 32, 400 },
	{ true, true, 60, 100 }, { true, true, 60, 200 }, { true, true, 60, 400 },
	{ true, true, 300, 100 }, { true, true, 300, 200 }, { true, true, 300, 400 },
	{ true, true, 600, 100 }, { true, true, 600, 200 }, { true, true, 600, 400 },
};

static void vavail_desc(const struct vavail_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s_%s_%u_ohm_%u_mA",
		 c->balanced ? "balanced" : "unbalanced",
		 c->high ? "high" : "normal", c->ohm, c->ma);
}

KUNIT_ARRAY_PARAM(vavail_cases, vavail_cases, vavail_desc);

/* The datasheet's table: Vmax rms, uV. */
static u64 vmax_uv(bool balanced, bool high)
{
	static const u32 v[2][2] = { { 2000000, 3000000 }, { 4000000, 5600000 } };

	return v[balanced][high];
}

/*
 * V_avail = min(Vmax x Z / (Z + Zout), I_lim / sqrt(2) x Z), and which of
 * the two it is. uV rms.
 */
static u64 v_avail_uv(const struct vavail_case *c, bool *by_current)
{
	u64 mohm = c->ohm * 1000ULL, zout = c->balanced ? 1000 : 500;
	u64 by_v = div64_u64(vmax_uv(c->balanced, c->high) * mohm, mohm + zout);
	/* mA x mOhm = uV, peak; / sqrt(2) */
	u64 by_i = div64_u64(c->ma * mohm * 1000000ULL, SQRT2_PPM);

	*by_current = by_i < by_v;
	return min(by_v, by_i);
}

/* The tone's peak (Q31) that puts @uv rms across the load of @c, unclipped. */
static u32 tone_for(const struct vavail_case *c, u64 uv)
{
	u64 mohm = c->ohm * 1000ULL, zout = c->balanced ? 1000 : 500;
	u64 gain_ppm = (c->high ? HIGH_PPM : 1000000) * (c->balanced ? 2 : 1);

	/* peak = rms x sqrt2; input = load x (Z + Zout) / Z / gain */
	return mul_u64_u64_div_u64(div_u64(uv * SQRT2_PPM, 1000000) * (mohm + zout),
				   FULL_SCALE, div_u64(mohm * FS_PEAK_UV * gain_ppm, 1000000));
}

static void largest_clean_level_is_v_avail(struct kunit *test)
{
	const struct vavail_case *c = test->param_value;
	enum hpa380_model_jack jack = c->balanced ? BAL : SE;
	u8 cfg = (c->balanced ? ROUTE_BAL : 0) | (c->high ? GAIN_HIGH : 0) |
		 ILIM(c->ma / 200);
	struct hpa380_model_level l;
	bool by_current;
	u64 v = v_avail_uv(c, &by_current);
	u64 below = div64_u64(v * 1000000, 1000000 + PPM_0_05_DB);
	u64 above = div64_u64(v * (1000000 + PPM_0_05_DB), 1000000);

	hpa380_model_plug(model(test), jack, c->ohm * 1000, c->ohm * 1000,
			  c->balanced ? BAL_LOAD : UNBAL_LOAD);
	play(test, cfg, 200);

	/* 0.05 dB below V_avail: clean, and that is the largest clean level. */
	hpa380_model_set_tone(model(test), TONE_HZ, tone_for(c, below));
	measure(test, jack, &l);
	KUNIT_EXPECT_EQ(test, l.clipped, 0);
	KUNIT_EXPECT_EQ(test, l.limit_ns, 0);
	KUNIT_EXPECT_TRUE_MSG(test, near(l.max_clean_rms_uv, below, 1000),
			      "clean %u uV, V_avail - 0.05 dB %llu uV",
			      l.max_clean_rms_uv, below);

	/* 0.05 dB above: the stages clip, or the current is at its limit. */
	hpa380_model_set_tone(model(test), TONE_HZ, tone_for(c, above));
	measure(test, jack, &l);
	if (by_current)
		KUNIT_EXPECT_GT_MSG(test, l.limit_ns, 0,
				    "V_avail %llu uV is the current limit's", v);
	else
		KUNIT_EXPECT_GT_MSG(test, l.clipped, 0,
				    "V_avail %llu uV is Vmax's", v);
	KUNIT_EXPECT_EQ(test, l.max_clean_rms_uv, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(model(test), R_FAULT), 0);
}

/* ---- the over-current trip ---- */

/* 16 Ohm, Unbalanced/Normal at 100 mA: the limit's V_avail is 1.131 Vrms. */
static const struct vavail_case oc_load = { false, false, 16, 100 };

static void over_current_trips_after_t_oc_at_the_limit(struct kunit *test)
{
	struct hpa380_model_level l;
	bool by_current;
	u64 v = v_avail_uv(&oc_load, &by_current);

	hpa380_model_plug(model(test), SE, 16000, 16000, UNBAL_LOAD);
	play(test, 0, 200);
	hpa380_model_clear_levels(model(test));

	/* 0.2 dB below the limit for 200 ms: never at it. */
	hpa380_model_set_tone(model(test), TONE_HZ,
			      tone_for(&oc_load, div64_u64(v * 1000, 1023)));
	msleep(200);
	hpa380_model_get_level(model(test), SE, 0, &l);
	KUNIT_EXPECT_EQ(test, l.limit_ns, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(model(test), R_FAULT), 0);

	/*
	 * 0.2 dB above: at the limit about 14 % of each cycle (|sin| above
	 * 10^(-0.2/20)), so it trips once that adds up to t_OC, some 70 ms on.
	 */
	hpa380_model_clear_levels(model(test));
	hpa380_model_set_tone(model(test), TONE_HZ,
			      tone_for(&oc_load, div64_u64(v * 1023, 1000)));
	msleep(300);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(model(test), R_FAULT), FAULT_OC);
	hpa380_model_get_level(model(test), SE, 0, &l);
	KUNIT_EXPECT_GE_MSG(test, l.limit_ns, 10 * NSEC_PER_MSEC,
			    "tripped before t_OC at the limit");
	/* And the auto-mute took the tone away. */
	measure(test, SE, &l);
	KUNIT_EXPECT_EQ(test, l.max_rms_uv, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);
}

/*
 * Both jacks plugged share the plus stages (datasheet 3.1): at 0 dB, Normal,
 * Unbalanced, 100 mA, a stage swinging 1.98 V peak drives one 32 Ohm load
 * to 1.98 x 32 / 32.5 = 1.9495 V, 60.9 mA: within the limit. A second
 * 32 Ohm load in the other jack makes 16 Ohm: 1.98 / 16.5 = 120 mA would
 * pass the limit, so the channel is held at 100 mA x 16 Ohm = 1.600 V at
 * both loads, and the stage's current trips the over-current detector
 * that neither load alone would.
 */
static void both_jacks_share_the_plus_stage_and_its_limit(struct kunit *test)
{
	struct hpa380_model_level se, bal;

	hpa380_model_plug(model(test), SE, 32000, 32000, UNBAL_LOAD);
	hpa380_model_set_tone(model(test), TONE_HZ,
			      div_u64(1980000ULL * FULL_SCALE, FS_PEAK_UV));
	play(test, 0, 200);
	measure(test, SE, &se);
	KUNIT_EXPECT_TRUE_MSG(test, near(se.peak_uv, 1949538, 1000),
			      "one load: %u uV peak", se.peak_uv);
	KUNIT_EXPECT_EQ(test, se.limit_ns, 0);

	hpa380_model_plug(model(test), BAL, 32000, 32000, BAL_LOAD);
	hpa380_model_clear_levels(model(test));
	usleep_range(5000, 6000);
	hpa380_model_get_level(model(test), SE, 0, &se);
	hpa380_model_get_level(model(test), BAL, 0, &bal);
	KUNIT_EXPECT_TRUE_MSG(test, near(se.peak_uv, 1600000, 1000),
			      "3.5 mm, both plugged: %u uV peak", se.peak_uv);
	KUNIT_EXPECT_TRUE_MSG(test, near(bal.peak_uv, 1600000, 1000),
			      "4.4 mm, both plugged: %u uV peak", bal.peak_uv);
	KUNIT_EXPECT_GT(test, se.limit_ns, 0);
	msleep(100);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(model(test), R_FAULT), FAULT_OC);
}

/* ---- the supply ---- */

static void load_draws_its_rectified_current_from_the_supply(struct kunit *test)
{
	static const struct vavail_case load = { false, false, 32, 100 };
	struct hpa380_model_charge q;
	u64 ns, want_nc;

	hpa380_model_plug(model(test), SE, 32000, 32000, UNBAL_LOAD);
	hpa380_model_set_tone(model(test), TONE_HZ, tone_for(&load, 1000000));
	play(test, 0, 200);
	hpa380_model_clear_charge(model(test));
	msleep(200);
	hpa380_model_get_charge(model(test), &q);

	/*
	 * 1 Vrms across 32 Ohm on each channel: 31.25 mA rms, a rectified mean
	 * of 2 sqrt(2) / pi x 31.25 = 28.135 mA each; the quiescent 6 mA of
	 * Unbalanced on top.
	 */
	ns = q.ns[HPA380_SUPPLY_OUTPUTS];
	KUNIT_ASSERT_GT(test, ns, 150 * NSEC_PER_MSEC);
	want_nc = div_u64(2 * 28135ULL * ns, 1000000);
	KUNIT_EXPECT_TRUE_MSG(test, near(q.load_nc, want_nc, 10000),
			      "load %llu nC in %llu ns, want %llu nC", q.load_nc,
			      ns, want_nc);
	KUNIT_EXPECT_TRUE(test, near(q.nc - q.load_nc,
				     div_u64(6000ULL * ns, 1000000), 10000));
}

/* ---- pops ---- */

enum pop_action {
	GAIN_SWITCH, MUTE_RAMPED, ROUTE_SWITCH, LIMIT_SWITCH, REF_CLEARED,
	SW_RESET, RESETN_LOW, POWER_LOST, PLUG_UNPLUG, DAC_STOPS, VOLUME_STEP,
};

struct pop_case {
	const char *name;
	u8 out_cfg;
	u8 vol;
	u32 tone;
	u32 balanced_mohm;	/* a balanced load in the 4.4 mm jack */
	u32 ramp_us;
	u8 out_en;		/* after play(), if non-zero */
	u8 power;		/* after play(), if non-zero */
	enum pop_action action;
	unsigned int pops;
};

/*
 * Volume 147 (-26.5 dB) puts -20 dBFS at 9.9 mVrms (14 mV peak) on each
 * stage: a 3.5 dB step there is 7 mV, a pop. At volume code 1 full scale is
 * 22 uVrms: no step there can reach 1 mV.
 */
static const struct pop_case pop_cases[] = {
	{ "gain_switched_while_sound_passes", 0, 147, M20DBFS, 0, RAMP_US,
	  0, 0, GAIN_SWITCH, 1 },
	{ "gain_switched_at_minus_99_5_db", 0, 1, FULL_SCALE, 0, RAMP_US,
	  0, 0, GAIN_SWITCH, 0 },
	{ "mute_with_its_ramp", 0, 147, M20DBFS, 0, RAMP_US,
	  0, 0, MUTE_RAMPED, 0 },
	{ "mute_without_ramp", 0, 147, M20DBFS, 0, 0,
	  0, 0, MUTE_RAMPED, 1 },
	{ "volume_step_without_ramp", 0, 147, M20DBFS, 0, 0,
	  0, 0, VOLUME_STEP, 1 },
	{ "volume_step_with_its_ramp", 0, 147, M20DBFS, 0, RAMP_US,
	  0, 0, VOLUME_STEP, 0 },
	/* 16 Ohm: the output impedance steps 0.5 -> 1.0 Ohm, -0.26 dB. */
	{ "route_switched_into_16_ohm_balanced", 0, 200, M20DBFS, 16000,
	  RAMP_US, BAL_STAGES, 0, ROUTE_SWITCH, 0 },
	{ "limit_switched_below_the_limit", 0, 200, M20DBFS, 16000, RAMP_US,
	  0, 0, LIMIT_SWITCH, 0 },
	{ "ref_cleared_muted_stages_on", 0, 0, 0, 0, RAMP_US,
	  0, 0, REF_CLEARED, 1 },
	{ "ref_cleared_stages_off", 0, 0, 0, 0, RAMP_US,
	  BIT(7), 0, REF_CLEARED, 0 },
	{ "sw_reset_stages_on", 0, 147, M20DBFS, 0, RAMP_US,
	  0, 0, SW_RESET, 1 },
	{ "resetn_low_stages_on", 0, 147, M20DBFS, 0, RAMP_US,
	  0, 0, RESETN_LOW, 1 },
	{ "power_lost_stages_on", 0, 0, 0, 0, RAMP_US, 0, 0, POWER_LOST, 1 },
	{ "power_lost_inputs_on_stages_off", 0, 147, M20DBFS, 0, RAMP_US,
	  BIT(7), 0, POWER_LOST, 0 },
	{ "plug_and_unplug_while_playing", 0, 200, M20DBFS, 0, RAMP_US,
	  0, 0, PLUG_UNPLUG, 0 },
	{ "dac_stops_and_starts", 0, 200, M20DBFS, 0, RAMP_US,
	  0, 0, DAC_STOPS, 0 },
};

KUNIT_ARRAY_PARAM_DESC(pop_cases, pop_cases, name);

static void pop_action(struct kunit *test, const struct pop_case *c)
{
	struct hpa380_model *m = model(test);

	switch (c->action) {
	case GAIN_SWITCH:
		poke(test, R_OUT_CFG, c->out_cfg ^ GAIN_HIGH);
		break;
	case MUTE_RAMPED:
		poke(test, R_MUTE, MUTE_BOTH);
		break;
	case VOLUME_STEP:	/* +10 dB on the left */
		poke(test, R_VOL_L, c->vol + 20);
		break;
	case ROUTE_SWITCH:
		poke(test, R_OUT_CFG, c->out_cfg ^ ROUTE_BAL);
		break;
	case LIMIT_SWITCH:
		poke(test, R_OUT_CFG, c->out_cfg | ILIM(2));
		break;
	case REF_CLEARED:
		poke(test, R_POWER, ALL_POWER & ~REF_EN);
		break;
	case SW_RESET:
		poke(test, R_SW_RESET, 1);
		break;
	case RESETN_LOW:
		hpa380_model_set_resetn(m, false);
		usleep_range(20, 40);
		hpa380_model_set_resetn(m, true);
		break;
	case POWER_LOST:
		hpa380_model_set_powered(m, false);
		hpa380_model_set_powered(m, true);
		break;
	case PLUG_UNPLUG:
		hpa380_model_plug(m, SE, 32000, 32000, UNBAL_LOAD);
		msleep(20);
		hpa380_model_unplug(m, SE);
		break;
	case DAC_STOPS:
		hpa380_model_set_tone(m, 0, 0);
		msleep(20);
		hpa380_model_set_tone(m, TONE_HZ, c->tone);
		break;
	}
}

static void pops_are_audible_steps_at_a_load(struct kunit *test)
{
	const struct pop_case *c = test->param_value;
	struct hpa380_model_timing t = hat_timing;

	if (c->balanced_mohm)
		hpa380_model_plug(model(test), BAL, c->balanced_mohm,
				  c->balanced_mohm, BAL_LOAD);
	hpa380_model_set_tone(model(test), TONE_HZ, c->tone);
	play(test, c->out_cfg, c->vol);
	if (c->out_en)
		poke(test, R_OUT_EN, c->out_en & 0x0f);
	msleep(20);		/* ramps over, a block or two of input seen */
	KUNIT_ASSERT_EQ(test, hpa380_model_pops(model(test)), 0);
	t.ramp_us = c->ramp_us;
	hpa380_model_set_timing(model(test), &t);

	pop_action(test, c);
	msleep(20);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), c->pops);
}

/* ---- the I2S controller's frames ---- */

#define FRAMES		4800	/* 100 ms at 48 kHz */

static void frames_play_as_the_tone_does(struct kunit *test)
{
	s32 *f = kunit_kcalloc(test, 2 * FRAMES, sizeof(*f), GFP_KERNEL);
	struct hpa380_model_level l;
	ktime_t t;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, f);
	/* A 1 kHz sine at -20 dBFS, 48 kHz. */
	for (n = 0; n < FRAMES; n++) {
		f[2 * n] = fixp_sin32_rad((n * TONE_HZ) % 48000, 48000) / 10;
		f[2 * n + 1] = f[2 * n];
	}
	play(test, 0, 200);
	t = ktime_add_ms(ktime_get(), 5);
	hpa380_model_input_push(model(test), t, 48000, f, FRAMES);
	fsleep(5000);
	measure(test, SE, &l);
	/* 0.21 Vrms, as the tone of the first level case. */
	KUNIT_EXPECT_TRUE_MSG(test, near(l.max_rms_uv, 210000, PPM_0_05_DB),
			      "rms %u uV", l.max_rms_uv);

	/* The run ends where input_end says: silence after. */
	hpa380_model_input_end(model(test), ktime_get());
	measure(test, SE, &l);
	KUNIT_EXPECT_EQ(test, l.max_rms_uv, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);
}

static struct kunit_case hpa380_analog_cases[] = {
	KUNIT_CASE_PARAM(level_at_the_load_follows_the_datasheet,
			 level_cases_gen_params),
	KUNIT_CASE_PARAM(largest_clean_level_is_v_avail, vavail_cases_gen_params),
	KUNIT_CASE(over_current_trips_after_t_oc_at_the_limit),
	KUNIT_CASE(both_jacks_share_the_plus_stage_and_its_limit),
	KUNIT_CASE(load_draws_its_rectified_current_from_the_supply),
	KUNIT_CASE_PARAM(pops_are_audible_steps_at_a_load, pop_cases_gen_params),
	KUNIT_CASE(frames_play_as_the_tone_does),
	{}
};

static struct kunit_suite hpa380_analog_suite = {
	.name = "hpa380-model-analog",
	.init = hat_init,
	.exit = hat_exit,
	.test_cases = hpa380_analog_cases,
};

kunit_test_suite(hpa380_analog_suite);

MODULE_DESCRIPTION("KUnit tests of the emulated HPA380's outputs against its datasheet");
MODULE_LICENSE("GPL");
