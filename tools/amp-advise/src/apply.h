/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * apply: puts a recommendation on the device without making it louder on the way.
 *
 * A mode change adds amp_mode_change_db() at the same volume setting: the change of gain, of
 * bridge and of the load divider at the measured load as it is wired (the detected load type: the
 * Balanced route bridges only a balanced load; unknown, the larger step), not of Vmax. When that
 * is positive, the volume is first lowered by it, rounded up to the 0.5 dB step and clamped at
 * the control's minimum. Of a gain and a route change, the one that lowers the level goes first, so no
 * intermediate mode is louder than the old or the new one. A higher current limit is set before
 * the mode, a lower one after it. With a ceiling (a hearing-safe volume, --limit-level) the
 * volume also ends at or under it, rounded down to the step; it is never raised.
 */
#ifndef AMP_APPLY_H
#define AMP_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include "ctl.h"

struct amp_target {
	enum amp_route route;
	enum amp_gain gain;
	unsigned limit_ma;
	double z_ohm;     /* the load, for the divider of the level step */
	bool has_ceiling; /* the volume must end at or under ceiling_db (never raised to it) */
	double ceiling_db;
};

struct amp_write {
	enum amp_ctl ctl;
	long val[2];
};

#define AMP_PLAN_MAX 4

struct amp_plan {
	size_t n;
	struct amp_write w[AMP_PLAN_MAX];
	double mode_change_db;   /* level the mode change adds; <= 0 means no lowering */
	bool volume_lowered;     /* w[0] is the volume write */
	double lowered_db;       /* by how much (steps * 0.5 dB, after clamping) */
	bool has_ceiling;        /* the target had a volume ceiling, ceiling_db */
	bool ceiling_applied;    /* the ceiling, not only the mode change, set the new volume */
	double ceiling_db;
	long vol_from[2], vol_to[2];
	size_t done;             /* writes carried out */
};

/*
 * Plans the writes from cur to t. vol and the control's range (vol_max is 0 dB) are only read
 * when the change adds level or t has a ceiling. Pure: no device access.
 */
void apply_plan(const struct amp_dev_state *cur, const long vol[2], long vol_min, long vol_max,
		const struct amp_target *t, struct amp_plan *p);

/*
 * Reads what the plan needs (volume and its range, only if the change adds level), plans, and
 * unless dry_run carries the writes out in order, stopping at the first failure.
 * Returns 0 or a negative errno; *bad names the control that failed.
 */
int apply(const struct amp_ctl_ops *ops, void *ctx, const struct amp_dev_state *cur,
	  const struct amp_target *t, bool dry_run, struct amp_plan *p, enum amp_ctl *bad);

#endif
