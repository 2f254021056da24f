// SPDX-License-Identifier: GPL-2.0-only
/*
 * Applying advice against a fake control device (a function-pointer table, no ALSA): the order of
 * the writes, the volume lowering, clamping, dry runs, failures, and reading the state.
 */
#include <errno.h>
#include <string.h>

#include "testutil.h"
#include "apply.h"

struct fake {
	long val[AMP_CTL_COUNT][2];
	bool missing[AMP_CTL_COUNT];
	long vmin, vmax;
	int fail_ctl, fail_err; /* write to fail_ctl fails with fail_err; -1: none */
	size_t n_log;
	struct amp_write log[16];
	unsigned reads[AMP_CTL_COUNT];
	bool balanced_load;          /* wired plus to minus (what LOAD_TYPE reports, unless told) */
	double start_db, loudest_db; /* level at full scale: 20log10(Vmax) + volume dB */
};

/*
 * The level at the load at digital full scale, in dB, as the product brief's "loudness of a mode
 * change" gives it (typed here from the brief and the datasheet's 3.1, not taken from advise.c):
 * High is +3.5 dB over Normal; the Balanced route bridges a balanced load, +6.02 dB (20log10(2))
 * over Unbalanced; the load divider Z/(Z + Zout), Zout 1.0 Ohm for a bridged load and 0.5 Ohm
 * otherwise (an unbalanced load hears its plus stage alone in either route); plus the volume.
 */
static double level_db(const struct fake *f)
{
	long v = f->val[AMP_CTL_VOLUME][0] > f->val[AMP_CTL_VOLUME][1] ? f->val[AMP_CTL_VOLUME][0]
								       : f->val[AMP_CTL_VOLUME][1];
	double z = f->val[AMP_CTL_LOAD_Z][0] / 1000.0;
	bool bridged = f->val[AMP_CTL_ROUTE][0] == AMP_ROUTE_BALANCED && f->balanced_load;
	double zout = bridged ? 1.0 : 0.5;

	return (f->val[AMP_CTL_GAIN][0] == AMP_GAIN_HIGH ? 3.5 : 0.0) + (bridged ? 20 * log10(2.0) : 0.0) +
	       20 * log10(z / (z + zout)) + (v - f->vmax) * 0.5;
}

static int fake_read(void *ctx, enum amp_ctl id, long val[2])
{
	struct fake *f = ctx;

	if (f->missing[id])
		return -ENOENT;
	f->reads[id]++;
	val[0] = f->val[id][0];
	val[1] = f->val[id][1];
	return 0;
}

static int fake_write(void *ctx, enum amp_ctl id, const long val[2])
{
	struct fake *f = ctx;
	double l;

	if (f->missing[id])
		return -ENOENT;
	if ((int)id == f->fail_ctl)
		return f->fail_err;
	f->log[f->n_log].ctl = id;
	f->log[f->n_log].val[0] = val[0];
	f->log[f->n_log].val[1] = val[1];
	f->n_log++;
	f->val[id][0] = val[0];
	f->val[id][1] = amp_ctls[id].count == 2 ? val[1] : val[0];
	l = level_db(f);
	if (l > f->loudest_db)
		f->loudest_db = l;
	return 0;
}

static int fake_range(void *ctx, enum amp_ctl id, long *min, long *max)
{
	struct fake *f = ctx;

	(void)id;
	*min = f->vmin;
	*max = f->vmax;
	return 0;
}

static const struct amp_ctl_ops fake_ops = { fake_read, fake_write, fake_range };

/* A balanced load of z_milliohm in the 4.4 mm jack (the brief's loudness), measured as such. */
static void fake_init_z(struct fake *f, enum amp_route r, enum amp_gain g, unsigned limit, long vol,
			long z_milliohm)
{
	memset(f, 0, sizeof(*f));
	f->vmin = 0;
	f->vmax = 200;
	f->fail_ctl = -1;
	f->val[AMP_CTL_ROUTE][0] = r;
	f->val[AMP_CTL_GAIN][0] = g;
	f->val[AMP_CTL_LIMIT][0] = amp_limit_index(limit);
	f->val[AMP_CTL_VOLUME][0] = f->val[AMP_CTL_VOLUME][1] = vol;
	f->val[AMP_CTL_LOAD_Z][0] = z_milliohm;
	f->val[AMP_CTL_LOAD_Z][1] = z_milliohm;
	f->val[AMP_CTL_LOAD_TYPE][0] = AMP_LOAD_BALANCED;
	f->balanced_load = true;
	f->val[AMP_CTL_DETECT_STATUS][0] = AMP_DETECT_DONE;
	f->start_db = f->loudest_db = level_db(f);
}

/* The same with the load wired as @balanced and LOAD_TYPE reading @type. */
static void fake_init_wired(struct fake *f, enum amp_route r, enum amp_gain g, unsigned limit,
			    long vol, long z_milliohm, bool balanced, enum amp_load_type type)
{
	fake_init_z(f, r, g, limit, vol, z_milliohm);
	f->balanced_load = balanced;
	f->val[AMP_CTL_LOAD_TYPE][0] = type;
	f->start_db = f->loudest_db = level_db(f);
}

/* A 300 Ohm load. */
static void fake_init(struct fake *f, enum amp_route r, enum amp_gain g, unsigned limit, long vol)
{
	fake_init_z(f, r, g, limit, vol, 300000);
}

/* Applies t at the fake's load. */
static int run_target(struct fake *f, struct amp_target t, bool dry, struct amp_plan *p,
		      enum amp_ctl *bad)
{
	struct amp_dev_state st;
	enum amp_ctl b;

	assert_int_equal(amp_state_read(&fake_ops, f, &st, &b), 0);
	t.z_ohm = st.z_milliohm[0] / 1000.0;
	return apply(&fake_ops, f, &st, &t, dry, p, bad ? bad : &b);
}

static int run(struct fake *f, enum amp_route r, enum amp_gain g, unsigned limit, bool dry,
	       struct amp_plan *p, enum amp_ctl *bad)
{
	return run_target(f, (struct amp_target){ .route = r, .gain = g, .limit_ma = limit }, dry, p, bad);
}

static void expect_log(const struct fake *f, size_t n, const enum amp_ctl *ctls)
{
	if (f->n_log != n)
		fail_msg("%zu writes, expected %zu", f->n_log, n);
	for (size_t i = 0; i < n; i++)
		if (f->log[i].ctl != ctls[i])
			fail_msg("write %zu is %s, expected %s", i, amp_ctls[f->log[i].ctl].name,
				 amp_ctls[ctls[i]].name);
}

static void high_gain_lowers_volume_by_3_5_db_first(void **state)
{
	struct fake f;
	struct amp_plan p;
	const enum amp_ctl order[] = { AMP_CTL_VOLUME, AMP_CTL_GAIN };

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 180);
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 100, false, &p, NULL), 0);
	expect_log(&f, 2, order);
	/* High gain: +3.5 dB, the same route and divider: 7 steps (not 20log10(3.0/2.0) = 3.52). */
	assert_int_equal(f.log[0].val[0], 173);
	assert_int_equal(f.log[0].val[1], 173);
	assert_int_equal(f.log[1].val[0], AMP_GAIN_HIGH);
	assert_true(p.volume_lowered);
	assert_near(p.lowered_db, 3.5, 0);
	assert_near(p.mode_change_db, 3.5, 1e-9);
	assert_int_equal(p.done, 2);
	assert_true(f.loudest_db <= f.start_db + 1e-9);
}

static void balanced_high_from_unbalanced_normal_lowers_10_db(void **state)
{
	struct fake f;
	struct amp_plan p;
	const enum amp_ctl order[] = { AMP_CTL_VOLUME, AMP_CTL_GAIN, AMP_CTL_ROUTE };

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 200);
	assert_int_equal(run(&f, AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 100, false, &p, NULL), 0);
	expect_log(&f, 3, order);
	/*
	 * 300 Ohm: 3.5 + 6.0206 + 20log10((300/301)/(300/300.5)) = 3.5 + 6.0206 - 0.0144 = 9.5062 dB
	 * -> 10.0 dB = 20 steps (not 20log10(5.6/2.0) = 8.94).
	 */
	assert_int_equal(f.log[0].val[0], 180);
	assert_near(p.lowered_db, 10.0, 0);
	assert_near(p.mode_change_db, 9.5062, 5e-5);
	assert_true(f.loudest_db <= f.start_db + 1e-9);
}

static void unbalanced_high_to_balanced_normal_goes_through_unbalanced_normal(void **state)
{
	struct fake f;
	struct amp_plan p;
	const enum amp_ctl order[] = { AMP_CTL_VOLUME, AMP_CTL_GAIN, AMP_CTL_ROUTE };

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 100, 100);
	assert_int_equal(run(&f, AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL, 100, false, &p, NULL), 0);
	expect_log(&f, 3, order);
	/* 300 Ohm: -3.5 + 6.0206 - 0.0144 = 2.5062 dB -> 3.0 dB = 6 steps (not 20log10(4/3) = 2.50). */
	assert_int_equal(f.log[0].val[0], 94);
	assert_true(f.loudest_db <= f.start_db + 1e-9);
}

static void quieter_mode_needs_no_volume_change(void **state)
{
	struct fake f;
	struct amp_plan p;
	const enum amp_ctl order[] = { AMP_CTL_ROUTE, AMP_CTL_GAIN };

	(void)state;
	fake_init(&f, AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL, 100, 150);
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 100, false, &p, NULL), 0);
	/* Route first: through Unbalanced/Normal (2.0 V), not Balanced/High (5.6 V). */
	expect_log(&f, 2, order);
	assert_false(p.volume_lowered);
	assert_int_equal(f.reads[AMP_CTL_VOLUME], 0);
	assert_int_equal(f.val[AMP_CTL_VOLUME][0], 150);
	assert_true(f.loudest_db <= f.start_db + 1e-9);
}

static void higher_limit_before_mode_lower_limit_after(void **state)
{
	struct fake f;
	struct amp_plan p;
	const enum amp_ctl up[] = { AMP_CTL_VOLUME, AMP_CTL_LIMIT, AMP_CTL_GAIN };
	const enum amp_ctl down[] = { AMP_CTL_GAIN, AMP_CTL_LIMIT };

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 120);
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 400, false, &p, NULL), 0);
	expect_log(&f, 3, up);
	assert_int_equal(f.log[1].val[0], 2); /* "400 mA" */
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 200, 120);
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, false, &p, NULL), 0);
	expect_log(&f, 2, down);
	assert_int_equal(f.log[1].val[0], 0); /* "100 mA" */
}

static void volume_clamps_at_the_control_minimum(void **state)
{
	struct fake f;
	struct amp_plan p;

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 3);
	f.val[AMP_CTL_VOLUME][1] = 30;
	assert_int_equal(run(&f, AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 100, false, &p, NULL), 0);
	assert_int_equal(f.log[0].ctl, AMP_CTL_VOLUME);
	/* 300 Ohm: +9.5062 dB -> 20 steps: 3 -> 0 (clamped), 30 -> 10. */
	assert_int_equal(f.log[0].val[0], 0);
	assert_int_equal(f.log[0].val[1], 10);
	assert_near(p.lowered_db, 10.0, 0);

	/* Already at the minimum: nothing to lower, the mode is still set. */
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 0);
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 100, false, &p, NULL), 0);
	assert_false(p.volume_lowered);
	assert_int_equal(f.n_log, 1);
	assert_int_equal(f.log[0].ctl, AMP_CTL_GAIN);

	/* A control whose minimum is not 0. */
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 12);
	f.vmin = 10;
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 100, false, &p, NULL), 0);
	assert_int_equal(f.log[0].val[0], 10);
	assert_near(p.lowered_db, 1.0, 0);
}

/*
 * Every pair of modes, limits, loads and volumes, a balanced and an unbalanced load, measured as
 * such or of unknown type: no write ever makes it louder than it was.
 */
static void never_louder_for_every_change(void **state)
{
	const long vols[] = { 200, 150, 60 };
	const unsigned limits[] = { 100, 200, 400 };
	const long loads[] = { 16000, 32000, 300000, 600000 };
	const struct {
		bool balanced;
		enum amp_load_type type;
	} wirings[] = {
		{ true, AMP_LOAD_BALANCED }, { false, AMP_LOAD_UNBALANCED },
		{ true, AMP_LOAD_UNKNOWN }, { false, AMP_LOAD_UNKNOWN },
	};

	(void)state;
	for (int from = 0; from < 4; from++)
		for (int to = 0; to < 4; to++)
			for (int l = 0; l < 3; l++)
				for (int v = 0; v < 3 * 4 * 4; v++) {
					struct fake f;
					struct amp_plan p;
					enum amp_route r0 = from / 2, r1 = to / 2;
					enum amp_gain g0 = from % 2, g1 = to % 2;
					long z = loads[v / 12 % 4], vol = vols[v % 3];
					int w = v / 3 % 4;

					fake_init_wired(&f, r0, g0, limits[l], vol, z, wirings[w].balanced,
							wirings[w].type);
					assert_int_equal(run(&f, r1, g1, limits[2 - l], false, &p, NULL), 0);
					if (f.loudest_db > f.start_db + 1e-9)
						fail_msg("%d->%d at %ld mOhm (%s load, type %d), vol %ld: %.3f dB louder",
							 from, to, z, wirings[w].balanced ? "balanced" : "unbalanced",
							 wirings[w].type, vol, f.loudest_db - f.start_db);
					assert_int_equal(f.val[AMP_CTL_ROUTE][0], r1);
					assert_int_equal(f.val[AMP_CTL_GAIN][0], g1);
					assert_int_equal(f.val[AMP_CTL_LIMIT][0], 2 - l);
				}
}

/*
 * The level step of every change of mode (route x gain) into a balanced load at four loads,
 * computed by hand from the brief: High +3.5 dB, Balanced +20log10(2) = +6.0206 dB (the bridge),
 * and the divider Z/(Z + Zout) of each route at the load. E.g. Unbalanced/Normal ->
 * Balanced/High at 32 Ohm: 3.5 + 6.0206 + 20log10((32/33)/(32/32.5)) = 3.5 + 6.0206 - 0.1326 =
 * 9.3880 dB -> 9.5 dB, 19 steps.
 * Modes in the order U/N, U/H, B/N, B/H; a step <= 0 lowers nothing.
 */
static const struct step_case {
	long z_milliohm;
	double db[4][4];
	long steps[4][4];
} step_cases[] = {
	{ 16000,
	  { { 0, 3.5, 5.7613, 9.2613 }, { -3.5, 0, 2.2613, 5.7613 },
	    { -5.7613, -2.2613, 0, 3.5 }, { -9.2613, -5.7613, -3.5, 0 } },
	  { { 0, 7, 12, 19 }, { 0, 0, 5, 12 }, { 0, 0, 0, 7 }, { 0, 0, 0, 0 } } },
	{ 32000,
	  { { 0, 3.5, 5.8880, 9.3880 }, { -3.5, 0, 2.3880, 5.8880 },
	    { -5.8880, -2.3880, 0, 3.5 }, { -9.3880, -5.8880, -3.5, 0 } },
	  { { 0, 7, 12, 19 }, { 0, 0, 5, 12 }, { 0, 0, 0, 7 }, { 0, 0, 0, 0 } } },
	{ 300000,
	  { { 0, 3.5, 6.0062, 9.5062 }, { -3.5, 0, 2.5062, 6.0062 },
	    { -6.0062, -2.5062, 0, 3.5 }, { -9.5062, -6.0062, -3.5, 0 } },
	  { { 0, 7, 13, 20 }, { 0, 0, 6, 13 }, { 0, 0, 0, 7 }, { 0, 0, 0, 0 } } },
	{ 600000,
	  { { 0, 3.5, 6.0134, 9.5134 }, { -3.5, 0, 2.5134, 6.0134 },
	    { -6.0134, -2.5134, 0, 3.5 }, { -9.5134, -6.0134, -3.5, 0 } },
	  { { 0, 7, 13, 20 }, { 0, 0, 6, 13 }, { 0, 0, 0, 7 }, { 0, 0, 0, 0 } } },
};

static void volume_step_is_the_level_step_for_every_pair_and_load(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(step_cases) / sizeof(step_cases[0]); k++) {
		const struct step_case *c = &step_cases[k];

		for (int from = 0; from < 4; from++) {
			for (int to = 0; to < 4; to++) {
				struct fake f;
				struct amp_plan p;
				long want = 200 - c->steps[from][to];

				fake_init_z(&f, from / 2, from % 2, 100, 200, c->z_milliohm);
				assert_int_equal(run(&f, to / 2, to % 2, 100, false, &p, NULL), 0);
				if (fabs(p.mode_change_db - c->db[from][to]) > 5e-5)
					fail_msg("%ld mOhm, mode %d -> %d: step %.4f dB, expected %.4f dB",
						 c->z_milliohm, from, to, p.mode_change_db, c->db[from][to]);
				if (f.val[AMP_CTL_VOLUME][0] != want || f.val[AMP_CTL_VOLUME][1] != want)
					fail_msg("%ld mOhm, mode %d -> %d: volume %ld,%ld, expected %ld",
						 c->z_milliohm, from, to, f.val[AMP_CTL_VOLUME][0],
						 f.val[AMP_CTL_VOLUME][1], want);
				assert_near(p.lowered_db, c->steps[from][to] * 0.5, 0);
				/* Never louder on the way, and not more than one step quieter at the end. */
				if (f.loudest_db > f.start_db + 1e-9)
					fail_msg("%ld mOhm, mode %d -> %d: %.3f dB louder", c->z_milliohm,
						 from, to, f.loudest_db - f.start_db);
				if (c->steps[from][to] > 0)
					assert_true(level_db(&f) > f.start_db - 0.5);
			}
		}
	}
}

/*
 * An unbalanced load (the 3.5 mm jack's TRS plug) hears its plus stage in either route: a mode
 * change steps the level by the gain alone, +3.5 dB from Normal to High, whatever the routes.
 * Balanced/Normal -> Unbalanced/High is +3.5 dB at the load, not the balanced load's
 * -2.52 dB: it lowers the volume 7 steps first.
 */
static void unbalanced_load_steps_by_the_gain_alone(void **state)
{
	const long loads[] = { 16000, 32000, 300000, 600000 };

	(void)state;
	for (size_t k = 0; k < sizeof(loads) / sizeof(loads[0]); k++) {
		for (int from = 0; from < 4; from++) {
			for (int to = 0; to < 4; to++) {
				struct fake f;
				struct amp_plan p;
				double db = (to % 2 - from % 2) * 3.5;
				long steps = db > 0 ? 7 : 0;

				fake_init_wired(&f, from / 2, from % 2, 100, 200, loads[k], false,
						AMP_LOAD_UNBALANCED);
				assert_int_equal(run(&f, to / 2, to % 2, 100, false, &p, NULL), 0);
				if (fabs(p.mode_change_db - db) > 1e-9)
					fail_msg("%ld mOhm, mode %d -> %d: step %.4f dB, expected %.1f dB",
						 loads[k], from, to, p.mode_change_db, db);
				assert_int_equal(f.val[AMP_CTL_VOLUME][0], 200 - steps);
				if (f.loudest_db > f.start_db + 1e-9)
					fail_msg("%ld mOhm, mode %d -> %d: %.3f dB louder", loads[k], from,
						 to, f.loudest_db - f.start_db);
			}
		}
	}
}

/* run() with a volume ceiling. */
static int run_ceiling(struct fake *f, enum amp_route r, enum amp_gain g, double ceiling_db,
		       struct amp_plan *p)
{
	struct amp_target t = { .route = r, .gain = g, .limit_ma = 100, .has_ceiling = true,
				.ceiling_db = ceiling_db };

	return run_target(f, t, false, p, NULL);
}

/* A ceiling (hearing-safe volume, --limit-level): rounded down to the step, never raised. */
static void a_volume_ceiling_lowers_to_it_and_never_raises(void **state)
{
	struct fake f;
	struct amp_plan p;

	(void)state;
	/* -21.258 dB (an IEM of 110 dB/mW on 32 Ohm at 110 dB SPL) -> -21.5 dB, index 157. */
	fake_init_z(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 180, 32000);
	assert_int_equal(run_ceiling(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, -21.258, &p), 0);
	assert_int_equal(f.n_log, 1);
	assert_int_equal(f.val[AMP_CTL_VOLUME][0], 157);
	assert_int_equal(f.val[AMP_CTL_VOLUME][1], 157);
	assert_true(p.ceiling_applied);
	assert_near(p.lowered_db, 11.5, 0);
	/* Already under it: nothing written. */
	fake_init_z(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 100, 32000);
	assert_int_equal(run_ceiling(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, -21.258, &p), 0);
	assert_int_equal(f.n_log, 0);
	assert_false(p.ceiling_applied);
	/* With a mode change: the lower of the two; 0 dB is index 200. */
	fake_init_z(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 200, 32000);
	assert_int_equal(run_ceiling(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, -1.0, &p), 0);
	assert_int_equal(f.val[AMP_CTL_VOLUME][0], 193); /* 7 steps for +3.5 dB beat 2 steps */
	assert_false(p.ceiling_applied);
	fake_init_z(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 200, 32000);
	assert_int_equal(run_ceiling(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, -20.25, &p), 0);
	assert_int_equal(f.log[0].ctl, AMP_CTL_VOLUME);
	assert_int_equal(f.val[AMP_CTL_VOLUME][0], 159);
	assert_true(p.ceiling_applied);
	assert_true(f.loudest_db <= f.start_db + 1e-9);
	/* A ceiling above 0 dB is refused. */
	assert_int_equal(run_ceiling(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 1.0, &p), -EINVAL);
}

static void nothing_to_do_writes_nothing(void **state)
{
	struct fake f;
	struct amp_plan p;

	(void)state;
	fake_init(&f, AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 200, 100);
	assert_int_equal(run(&f, AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 200, false, &p, NULL), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(f.n_log, 0);
}

static void dry_run_plans_but_writes_nothing(void **state)
{
	struct fake f;
	struct amp_plan p;

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 180);
	assert_int_equal(run(&f, AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL, 200, true, &p, NULL), 0);
	assert_int_equal(f.n_log, 0);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.w[0].ctl, AMP_CTL_VOLUME);
	assert_int_equal(p.w[0].val[0], 180 - 13); /* 6.0206 - 0.0144 = 6.0062 dB -> 6.5 dB */
	assert_int_equal(p.w[1].ctl, AMP_CTL_LIMIT);
	assert_int_equal(p.w[2].ctl, AMP_CTL_ROUTE);
	assert_int_equal(p.done, 0);
}

static void a_failed_write_stops_and_names_the_control(void **state)
{
	struct fake f;
	struct amp_plan p;
	enum amp_ctl bad = AMP_CTL_COUNT;

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 180);
	f.fail_ctl = AMP_CTL_GAIN;
	f.fail_err = -EIO;
	assert_int_equal(run(&f, AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 100, false, &p, &bad), -EIO);
	assert_int_equal(bad, AMP_CTL_GAIN);
	assert_int_equal(p.done, 1); /* the volume was lowered: the safe direction */
	assert_int_equal(f.n_log, 1);
	assert_int_equal(f.val[AMP_CTL_ROUTE][0], AMP_ROUTE_UNBALANCED);
}

static void a_missing_volume_control_is_an_error_when_needed(void **state)
{
	struct fake f;
	struct amp_plan p;
	enum amp_ctl bad = AMP_CTL_COUNT;

	(void)state;
	fake_init(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, 180);
	f.missing[AMP_CTL_VOLUME] = true;
	memset(&p, 0x5a, sizeof(p));
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 100, false, &p, &bad), -ENOENT);
	assert_int_equal(bad, AMP_CTL_VOLUME);
	assert_int_equal(f.n_log, 0);
	assert_int_equal(p.n, 0); /* an empty plan, not garbage, for the caller to report */
	/* Not needed when the change is quieter. */
	assert_int_equal(run(&f, AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 100, false, &p, &bad), 0);
}

static void state_read_decodes_and_checks(void **state)
{
	struct fake f;
	struct amp_dev_state st;
	enum amp_ctl bad;

	(void)state;
	fake_init(&f, AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 400, 100);
	f.val[AMP_CTL_JACK][0] = 1;
	f.missing[AMP_CTL_BAL_JACK] = true;
	f.missing[AMP_CTL_FAULT] = true;
	assert_int_equal(amp_state_read(&fake_ops, &f, &st, &bad), 0);
	assert_int_equal(st.route, AMP_ROUTE_BALANCED);
	assert_int_equal(st.gain, AMP_GAIN_HIGH);
	assert_int_equal(st.limit_ma, 400);
	assert_int_equal(st.z_milliohm[0], 300000);
	assert_int_equal(st.load_type, AMP_LOAD_BALANCED);
	assert_int_equal(st.detect, AMP_DETECT_DONE);
	assert_int_equal(st.fault, AMP_FAULT_NONE);
	assert_int_equal(st.jack, 1);
	assert_int_equal(st.bal_jack, -1);

	f.val[AMP_CTL_LOAD_TYPE][0] = 9; /* an item the ABI does not have */
	assert_int_equal(amp_state_read(&fake_ops, &f, &st, &bad), -ERANGE);
	assert_int_equal(bad, AMP_CTL_LOAD_TYPE);
	f.val[AMP_CTL_LOAD_TYPE][0] = AMP_LOAD_NONE;
	f.missing[AMP_CTL_GAIN] = true;
	assert_int_equal(amp_state_read(&fake_ops, &f, &st, &bad), -ENOENT);
	assert_int_equal(bad, AMP_CTL_GAIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(high_gain_lowers_volume_by_3_5_db_first),
		cmocka_unit_test(balanced_high_from_unbalanced_normal_lowers_10_db),
		cmocka_unit_test(unbalanced_high_to_balanced_normal_goes_through_unbalanced_normal),
		cmocka_unit_test(quieter_mode_needs_no_volume_change),
		cmocka_unit_test(higher_limit_before_mode_lower_limit_after),
		cmocka_unit_test(volume_clamps_at_the_control_minimum),
		cmocka_unit_test(never_louder_for_every_change),
		cmocka_unit_test(volume_step_is_the_level_step_for_every_pair_and_load),
		cmocka_unit_test(unbalanced_load_steps_by_the_gain_alone),
		cmocka_unit_test(a_volume_ceiling_lowers_to_it_and_never_raises),
		cmocka_unit_test(nothing_to_do_writes_nothing),
		cmocka_unit_test(dry_run_plans_but_writes_nothing),
		cmocka_unit_test(a_failed_write_stops_and_names_the_control),
		cmocka_unit_test(a_missing_volume_control_is_an_error_when_needed),
		cmocka_unit_test(state_read_decodes_and_checks),
	};

	return cmocka_run_group_tests_name("apply", tests, NULL, NULL);
}
