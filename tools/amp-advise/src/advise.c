// SPDX-License-Identifier: GPL-2.0-only
/*
 * advise: the HPA380's electrical figures and the recommendation rule of the product brief.
 */
#include <math.h>

#include "advise.h"

/* Headroom within this many dB of zero counts as exactly zero (rounding of log/exp). */
#define TIE_EPS_DB 1e-9
/* A current within this fraction above a limit still fits it (rounding). */
#define LIMIT_EPS 1e-9

const unsigned amp_limits_ma[AMP_LIMIT_COUNT] = { 100, 200, 400 };

/* The table of the brief, in the order the rule tries the modes. */
static const struct mode_spec {
	enum amp_route route;
	enum amp_gain gain;
	double vmax_rms;
	double noise_v;
} modes[AMP_MODE_COUNT] = {
	{ AMP_ROUTE_UNBALANCED, AMP_GAIN_NORMAL, 2.0, 2.0e-6 },
	{ AMP_ROUTE_UNBALANCED, AMP_GAIN_HIGH, 3.0, 3.0e-6 },
	{ AMP_ROUTE_BALANCED, AMP_GAIN_NORMAL, 4.0, 2.8e-6 },
	{ AMP_ROUTE_BALANCED, AMP_GAIN_HIGH, 5.6, 4.2e-6 },
};

/* bridge: the Balanced route drives both ends of the load, twice the voltage (+6.02 dB). */
static const struct route_spec {
	const char *name;
	double zout_ohm;
	double quiescent_ma;
	double bridge;
} routes[AMP_ROUTE_COUNT] = {
	[AMP_ROUTE_UNBALANCED] = { "Unbalanced", 0.5, 6.0, 1.0 },
	[AMP_ROUTE_BALANCED] = { "Balanced", 1.0, 12.0, 2.0 },
};

static const struct gain_spec {
	const char *name;
	double db;
} gains[AMP_GAIN_COUNT] = {
	[AMP_GAIN_NORMAL] = { "Normal", 0.0 },
	[AMP_GAIN_HIGH] = { "High", 3.5 },
};

static const char *const warning_names[AMP_WARN_COUNT] = {
	[AMP_WARN_SHORTFALL] = "shortfall",
	[AMP_WARN_HISS_AUDIBLE] = "hiss_audible",
	[AMP_WARN_HISS_POSSIBLE] = "hiss_possible",
	[AMP_WARN_LOW_DAMPING] = "low_damping",
	[AMP_WARN_BATTERY_BALANCED] = "battery_balanced",
	[AMP_WARN_BATTERY_LIMIT] = "battery_current_limit",
	[AMP_WARN_CHANNEL_MISMATCH] = "channel_mismatch",
	[AMP_WARN_FAULT] = "fault",
	[AMP_WARN_IMPEDANCE_MISMATCH] = "impedance_mismatch",
};

#define HISS_POSSIBLE_DB 0.0
#define HISS_AUDIBLE_DB 10.0
#define DAMPING_MIN 8.0
#define MISMATCH_PERCENT 10.0

static const struct mode_spec *mode_of(enum amp_route r, enum amp_gain g)
{
	return &modes[r * AMP_GAIN_COUNT + g];
}

double amp_vmax(enum amp_route r, enum amp_gain g)
{
	return mode_of(r, g)->vmax_rms;
}

double amp_zout(enum amp_route r)
{
	return routes[r].zout_ohm;
}

double amp_noise_v(enum amp_route r, enum amp_gain g)
{
	return mode_of(r, g)->noise_v;
}

double amp_quiescent_ma(enum amp_route r)
{
	return routes[r].quiescent_ma;
}

const char *amp_route_name(enum amp_route r)
{
	return routes[r].name;
}

const char *amp_gain_name(enum amp_gain g)
{
	return gains[g].name;
}

const char *amp_warning_code_name(enum amp_warning_code c)
{
	return warning_names[c];
}

double sens_db_v(const struct sensitivity *s, double z_ohm)
{
	switch (s->unit) {
	case SENS_DB_MW:
		return s->db + 10.0 * log10(1000.0 / z_ohm);
	case SENS_DB_AT_V:
		return s->db - 20.0 * log10(s->ref_v);
	case SENS_DB_V:
	default:
		return s->db;
	}
}

double sens_db_mw(const struct sensitivity *s, double z_ohm)
{
	if (s->unit == SENS_DB_MW)
		return s->db;
	return sens_db_v(s, z_ohm) - 10.0 * log10(1000.0 / z_ohm);
}

double amp_v_avail(enum amp_route r, enum amp_gain g, double z_ohm, unsigned limit_ma)
{
	double v_clip = amp_vmax(r, g) * z_ohm / (z_ohm + amp_zout(r));
	double v_limit = (limit_ma / 1000.0) / sqrt(2.0) * z_ohm;

	return fmin(v_clip, v_limit);
}

double amp_level_db(enum amp_route r, enum amp_gain g, double z_ohm, enum amp_wiring w)
{
	/* A load on the plus stage alone: the Unbalanced route's figures. */
	enum amp_route heard = w == AMP_WIRING_BALANCED ? r : AMP_ROUTE_UNBALANCED;

	if (w == AMP_WIRING_UNKNOWN)
		return fmax(amp_level_db(r, g, z_ohm, AMP_WIRING_UNBALANCED),
			    amp_level_db(r, g, z_ohm, AMP_WIRING_BALANCED));
	return gains[g].db +
	       20.0 * log10(routes[heard].bridge * z_ohm / (z_ohm + routes[heard].zout_ohm));
}

double amp_mode_change_db(enum amp_route r0, enum amp_gain g0, enum amp_route r1, enum amp_gain g1,
			  double z_ohm, enum amp_wiring w)
{
	if (w == AMP_WIRING_UNKNOWN)
		return fmax(amp_mode_change_db(r0, g0, r1, g1, z_ohm, AMP_WIRING_UNBALANCED),
			    amp_mode_change_db(r0, g0, r1, g1, z_ohm, AMP_WIRING_BALANCED));
	return amp_level_db(r1, g1, z_ohm, w) - amp_level_db(r0, g0, z_ohm, w);
}

double amp_volume_for_level_db(enum amp_route r, enum amp_gain g, double z_ohm, unsigned limit_ma,
			       enum amp_wiring w, double s_db_v, double level_db)
{
	double full = s_db_v + 20.0 * log10(AMP_DAC_FULL_SCALE_V) + amp_level_db(r, g, z_ohm, w);
	double loudest = s_db_v + 20.0 * log10(amp_v_avail(r, g, z_ohm, limit_ma));

	if (loudest <= level_db)
		return 0.0;
	return fmin(0.0, level_db - full);
}

/* Smallest limit that carries a peak current of peak_a amperes; the largest if none does. */
static unsigned limit_for(double peak_a)
{
	for (size_t i = 0; i < AMP_LIMIT_COUNT; i++)
		if (peak_a * 1000.0 <= amp_limits_ma[i] * (1.0 + LIMIT_EPS))
			return amp_limits_ma[i];
	return amp_limits_ma[AMP_LIMIT_COUNT - 1];
}

static void warn(struct amp_advice *a, enum amp_warning_code code, double value)
{
	a->warnings[a->n_warnings].code = code;
	a->warnings[a->n_warnings].value = value;
	a->n_warnings++;
}

static void fill_candidate(const struct amp_input *in, const struct amp_advice *a,
			   const struct mode_spec *m, struct amp_candidate *c)
{
	double z = in->z_ohm;
	unsigned max_limit = AMP_CANDIDATE_LIMIT_MA;

	c->route = m->route;
	c->gain = m->gain;
	c->v_avail_rms = amp_v_avail(m->route, m->gain, z, max_limit);
	c->max_spl_db = a->s_db_v + 20.0 * log10(c->v_avail_rms);
	c->headroom_db = c->max_spl_db - in->target_spl_db;
	c->noise_spl_db = a->s_db_v + 20.0 * log10(m->noise_v);
	c->damping = z / amp_zout(m->route);
	/* The current this mode draws: at the target, or at its maximum when it falls short. */
	c->limit_ma = limit_for(sqrt(2.0) * fmin(a->v_need_rms, c->v_avail_rms) / z);
	c->warn_bits = 0;
	if (c->noise_spl_db > HISS_AUDIBLE_DB)
		c->warn_bits |= AMP_WARN_BIT(AMP_WARN_HISS_AUDIBLE);
	else if (c->noise_spl_db > HISS_POSSIBLE_DB)
		c->warn_bits |= AMP_WARN_BIT(AMP_WARN_HISS_POSSIBLE);
	if (c->damping < DAMPING_MIN)
		c->warn_bits |= AMP_WARN_BIT(AMP_WARN_LOW_DAMPING);
}

static size_t pick(const struct amp_advice *a, bool *meets)
{
	size_t best = 0;

	for (size_t i = 0; i < a->n_candidates; i++) {
		if (a->cand[i].headroom_db >= -TIE_EPS_DB) {
			*meets = true;
			return i;
		}
	}
	/* Shortfall: the loudest; the earlier one on a tie. */
	for (size_t i = 1; i < a->n_candidates; i++)
		if (a->cand[i].max_spl_db > a->cand[best].max_spl_db)
			best = i;
	*meets = false;
	return best;
}

static void add_warnings(const struct amp_input *in, struct amp_advice *a)
{
	const struct amp_candidate *r = &a->cand[a->rec];
	double zl = in->z_left_ohm, zr = in->z_right_ohm;

	if (in->fault != AMP_FAULT_NONE)
		warn(a, AMP_WARN_FAULT, in->fault);
	if (in->z_fit_hi_ohm > 0 && (in->z_ohm < in->z_fit_lo_ohm || in->z_ohm > in->z_fit_hi_ohm))
		warn(a, AMP_WARN_IMPEDANCE_MISMATCH, in->z_ohm);
	if (!a->meets_target)
		warn(a, AMP_WARN_SHORTFALL, a->shortfall_db);
	if (r->warn_bits & AMP_WARN_BIT(AMP_WARN_HISS_AUDIBLE))
		warn(a, AMP_WARN_HISS_AUDIBLE, r->noise_spl_db);
	if (r->warn_bits & AMP_WARN_BIT(AMP_WARN_HISS_POSSIBLE))
		warn(a, AMP_WARN_HISS_POSSIBLE, r->noise_spl_db);
	if (r->warn_bits & AMP_WARN_BIT(AMP_WARN_LOW_DAMPING))
		warn(a, AMP_WARN_LOW_DAMPING, r->damping);
	if (r->route == AMP_ROUTE_BALANCED)
		warn(a, AMP_WARN_BATTERY_BALANCED, amp_quiescent_ma(AMP_ROUTE_BALANCED));
	if (r->limit_ma > amp_limits_ma[0])
		warn(a, AMP_WARN_BATTERY_LIMIT, r->limit_ma);
	if (zl > 0 && zr > 0) {
		double pct = 100.0 * fabs(zl - zr) / fmin(zl, zr);

		if (pct > MISMATCH_PERCENT)
			warn(a, AMP_WARN_CHANNEL_MISMATCH, pct);
	}
}

int amp_advise(const struct amp_input *in, struct amp_advice *a)
{
	double z = in->z_ohm;
	const struct amp_candidate *r;

	*a = (struct amp_advice){ 0 };
	if (!isfinite(z) || z <= 0 || !isfinite(in->target_spl_db) || !isfinite(in->sens.db))
		return -1;
	if (in->sens.unit == SENS_DB_AT_V && !(in->sens.ref_v > 0 && isfinite(in->sens.ref_v)))
		return -1;
	if (!(in->z_nom_ohm >= 0) || !isfinite(in->z_nom_ohm))
		return -1;

	a->z_sens_ohm = in->z_nom_ohm > 0 ? in->z_nom_ohm : z;
	a->s_db_v = sens_db_v(&in->sens, a->z_sens_ohm);
	a->s_db_mw = sens_db_mw(&in->sens, a->z_sens_ohm);
	a->v_need_rms = pow(10.0, (in->target_spl_db - a->s_db_v) / 20.0);
	a->i_need_rms_a = a->v_need_rms / z;
	a->i_need_peak_a = sqrt(2.0) * a->i_need_rms_a;
	a->p_need_w = a->v_need_rms * a->i_need_rms_a;

	for (size_t i = 0; i < AMP_MODE_COUNT; i++)
		if (in->route_allowed[modes[i].route])
			fill_candidate(in, a, &modes[i], &a->cand[a->n_candidates++]);
	if (a->n_candidates == 0)
		return -1;

	a->rec = pick(a, &a->meets_target);
	r = &a->cand[a->rec];
	a->rec_max_spl_db = a->s_db_v + 20.0 * log10(amp_v_avail(r->route, r->gain, z, r->limit_ma));
	a->rec_headroom_db = a->rec_max_spl_db - in->target_spl_db;
	a->shortfall_db = a->meets_target ? 0.0 : -r->headroom_db;
	add_warnings(in, a);
	return 0;
}
