// SPDX-License-Identifier: GPL-2.0-only
/*
 * apply: ordering of the writes, volume lowering, dry run.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>

#include "apply.h"

/* Steps of AMP_VOLUME_STEP_DB that cover db, rounded up (tolerant of log10 rounding). */
static long steps_for(double db)
{
	return (long)ceil(db / AMP_VOLUME_STEP_DB - 1e-9);
}

static void push(struct amp_plan *p, enum amp_ctl ctl, long v0, long v1)
{
	p->w[p->n].ctl = ctl;
	p->w[p->n].val[0] = v0;
	p->w[p->n].val[1] = v1;
	p->n++;
}

/* Volume index of dB (<= 0) on a control whose top is 0 dB, rounded down. */
static long index_for(double db, long vol_max)
{
	return vol_max + (long)floor(db / AMP_VOLUME_STEP_DB + 1e-9);
}

static void plan_volume(struct amp_plan *p, const long vol[2], long vol_min, long vol_max,
			const struct amp_target *t)
{
	long steps = steps_for(p->mode_change_db);
	long lowered = 0;

	if (steps < 0)
		steps = 0;
	for (int ch = 0; ch < 2; ch++) {
		long to = vol[ch] - steps;

		if (t->has_ceiling && to > index_for(t->ceiling_db, vol_max)) {
			to = index_for(t->ceiling_db, vol_max);
			p->ceiling_applied = true;
		}
		p->vol_from[ch] = vol[ch];
		p->vol_to[ch] = to < vol_min ? vol_min : to;
		if (p->vol_to[ch] > vol[ch]) /* below the minimum or the ceiling already: leave it */
			p->vol_to[ch] = vol[ch];
		if (vol[ch] - p->vol_to[ch] > lowered)
			lowered = vol[ch] - p->vol_to[ch];
	}
	if (p->vol_to[0] == vol[0] && p->vol_to[1] == vol[1]) {
		p->ceiling_applied = false;
		return;
	}
	p->volume_lowered = true;
	p->lowered_db = lowered * AMP_VOLUME_STEP_DB;
	push(p, AMP_CTL_VOLUME, p->vol_to[0], p->vol_to[1]);
}

/* The level the change adds at the load, as the load is wired. */
static double change_db(const struct amp_dev_state *cur, const struct amp_target *t)
{
	return amp_mode_change_db(cur->route, cur->gain, t->route, t->gain, t->z_ohm,
				  amp_load_wiring(cur->load_type));
}

/* Whether the plan needs the volume: the change adds level, or there is a ceiling. */
static bool needs_volume(const struct amp_dev_state *cur, const struct amp_target *t)
{
	return t->has_ceiling || steps_for(change_db(cur, t)) > 0;
}

static void plan_mode(struct amp_plan *p, const struct amp_dev_state *cur, const struct amp_target *t)
{
	bool gain = t->gain != cur->gain, route = t->route != cur->route;

	if (gain && route) {
		/* Go through the quieter of the two intermediate modes. */
		enum amp_wiring w = amp_load_wiring(cur->load_type);
		bool gain_first = amp_level_db(cur->route, t->gain, t->z_ohm, w) <=
				  amp_level_db(t->route, cur->gain, t->z_ohm, w);

		push(p, gain_first ? AMP_CTL_GAIN : AMP_CTL_ROUTE,
		     gain_first ? (long)t->gain : (long)t->route, 0);
		push(p, gain_first ? AMP_CTL_ROUTE : AMP_CTL_GAIN,
		     gain_first ? (long)t->route : (long)t->gain, 0);
	} else if (gain) {
		push(p, AMP_CTL_GAIN, t->gain, 0);
	} else if (route) {
		push(p, AMP_CTL_ROUTE, t->route, 0);
	}
}

void apply_plan(const struct amp_dev_state *cur, const long vol[2], long vol_min, long vol_max,
		const struct amp_target *t, struct amp_plan *p)
{
	long limit = amp_limit_index(t->limit_ma);

	*p = (struct amp_plan){ 0 };
	p->mode_change_db = change_db(cur, t);
	p->has_ceiling = t->has_ceiling;
	p->ceiling_db = t->ceiling_db;
	if (needs_volume(cur, t))
		plan_volume(p, vol, vol_min, vol_max, t);
	if (t->limit_ma > cur->limit_ma)
		push(p, AMP_CTL_LIMIT, limit, 0);
	plan_mode(p, cur, t);
	if (t->limit_ma < cur->limit_ma)
		push(p, AMP_CTL_LIMIT, limit, 0);
}

int apply(const struct amp_ctl_ops *ops, void *ctx, const struct amp_dev_state *cur,
	  const struct amp_target *t, bool dry_run, struct amp_plan *p, enum amp_ctl *bad)
{
	long vol[2] = { 0, 0 }, vmin = 0, vmax = 0;
	int ret;

	*p = (struct amp_plan){ 0 };
	if (amp_limit_index(t->limit_ma) < 0 || !(t->z_ohm > 0) ||
	    (t->has_ceiling && !(t->ceiling_db <= 0)))
		return -EINVAL;
	if (needs_volume(cur, t)) {
		*bad = AMP_CTL_VOLUME;
		ret = ops->read(ctx, AMP_CTL_VOLUME, vol);
		if (!ret)
			ret = ops->range(ctx, AMP_CTL_VOLUME, &vmin, &vmax);
		if (ret)
			return ret;
	}
	apply_plan(cur, vol, vmin, vmax, t, p);
	if (dry_run)
		return 0;
	for (p->done = 0; p->done < p->n; p->done++) {
		const struct amp_write *w = &p->w[p->done];

		ret = ops->write(ctx, w->ctl, w->val);
		if (ret) {
			*bad = w->ctl;
			return ret;
		}
	}
	return 0;
}
