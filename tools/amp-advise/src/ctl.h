/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ctl: the HPA380 control ABI (names, enum items) and an interface to any implementation of
 * it: device.c over alsa-lib, fake devices in the tests. Values of enumerated controls are
 * indices into the item lists below, whatever order the device uses.
 */
#ifndef AMP_CTL_H
#define AMP_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include "advise.h"

enum amp_ctl {
	AMP_CTL_VOLUME,
	AMP_CTL_SWITCH,
	AMP_CTL_GAIN,
	AMP_CTL_ROUTE,
	AMP_CTL_LIMIT,
	AMP_CTL_LOAD_Z,
	AMP_CTL_LOAD_TYPE,
	AMP_CTL_DETECT_STATUS,
	AMP_CTL_DETECT_TRIGGER,
	AMP_CTL_FAULT,
	AMP_CTL_JACK,
	AMP_CTL_BAL_JACK,
	AMP_CTL_COUNT
};

enum amp_ctl_kind { AMP_KIND_INTEGER, AMP_KIND_BOOLEAN, AMP_KIND_ENUM };

struct amp_ctl_desc {
	const char *name;
	enum amp_ctl_kind kind;
	unsigned count;              /* values: 2 for stereo controls */
	const char *const *items;    /* enumerated controls */
	size_t n_items;
	bool required;               /* a card without it is not an HPA380 */
	bool card_iface;             /* on the CARD interface (results, jacks), not MIXER */
	bool maybe_unprefixed;       /* jacks: older drivers did not prefix them */
};

extern const struct amp_ctl_desc amp_ctls[AMP_CTL_COUNT];

/* Headphone Playback Volume: 0.5 dB a step. */
#define AMP_VOLUME_STEP_DB 0.5

enum amp_load_type { AMP_LOAD_UNKNOWN, AMP_LOAD_NONE, AMP_LOAD_UNBALANCED, AMP_LOAD_BALANCED,
		     AMP_LOAD_SHORT };
enum amp_detect { AMP_DETECT_IDLE, AMP_DETECT_MEASURING, AMP_DETECT_DONE, AMP_DETECT_ERROR };

struct amp_ctl_ops {
	/* Reads amp_ctls[id].count values into val; 0 or a negative errno (-ENOENT: no such control). */
	int (*read)(void *ctx, enum amp_ctl id, long val[2]);
	int (*write)(void *ctx, enum amp_ctl id, const long val[2]);
	/* Integer range of a control. */
	int (*range)(void *ctx, enum amp_ctl id, long *min, long *max);
};

struct amp_dev_state {
	enum amp_route route;
	enum amp_gain gain;
	unsigned limit_ma;
	long z_milliohm[2];
	enum amp_load_type load_type;
	enum amp_detect detect;
	enum amp_fault fault;
	int jack, bal_jack; /* 1 plugged, 0 not, -1 no such control */
};

/* Reads the state the advice needs. Returns 0 or the first failing read's error (id in *bad). */
int amp_state_read(const struct amp_ctl_ops *ops, void *ctx, struct amp_dev_state *st,
		   enum amp_ctl *bad);

/* Index of limit_ma in amp_limits_ma, or -1. */
int amp_limit_index(unsigned limit_ma);

/* How a detected load is wired, for the level at it (advise.h); unknown unless typed. */
enum amp_wiring amp_load_wiring(enum amp_load_type t);

/* Lower-case ABI word of an item ("unbalanced", "over-current"), in buf. */
const char *amp_item_lower(enum amp_ctl id, long item, char *buf, size_t n);

#endif
