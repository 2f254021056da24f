// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctl: the HPA380 control ABI as data, and reading the state through any implementation.
 */
#include <ctype.h>
#include <errno.h>

#include "ctl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const gain_items[] = { "Normal", "High" };
static const char *const route_items[] = { "Unbalanced", "Balanced" };
static const char *const limit_items[] = { "100 mA", "200 mA", "400 mA" };
static const char *const load_type_items[] = { "Unknown", "None", "Unbalanced", "Balanced", "Short" };
static const char *const detect_items[] = { "Idle", "Measuring", "Done", "Error" };
static const char *const fault_items[] = { "None", "Over-current", "Over-temperature", "Short" };

#define ENUM_ITEMS(a) .kind = AMP_KIND_ENUM, .count = 1, .items = (a), .n_items = ARRAY_SIZE(a)

const struct amp_ctl_desc amp_ctls[AMP_CTL_COUNT] = {
	[AMP_CTL_VOLUME] = { .name = "Headphone Playback Volume", .kind = AMP_KIND_INTEGER, .count = 2 },
	[AMP_CTL_SWITCH] = { .name = "Headphone Playback Switch", .kind = AMP_KIND_BOOLEAN, .count = 2 },
	[AMP_CTL_GAIN] = { .name = "Gain Mode", ENUM_ITEMS(gain_items), .required = true },
	[AMP_CTL_ROUTE] = { .name = "Output Route", ENUM_ITEMS(route_items), .required = true },
	[AMP_CTL_LIMIT] = { .name = "Current Limit", ENUM_ITEMS(limit_items), .required = true },
	[AMP_CTL_LOAD_Z] = { .name = "Headphone Load Impedance", .kind = AMP_KIND_INTEGER, .count = 2,
			     .required = true, .card_iface = true },
	[AMP_CTL_LOAD_TYPE] = { .name = "Headphone Load Type", ENUM_ITEMS(load_type_items), .required = true,
				.card_iface = true },
	[AMP_CTL_DETECT_STATUS] = { .name = "Headphone Load Detect Status", ENUM_ITEMS(detect_items),
				    .required = true, .card_iface = true },
	[AMP_CTL_DETECT_TRIGGER] = { .name = "Headphone Load Detect Switch", .kind = AMP_KIND_BOOLEAN,
				     .count = 1, .card_iface = true },
	[AMP_CTL_FAULT] = { .name = "Headphone Fault", ENUM_ITEMS(fault_items), .card_iface = true },
	[AMP_CTL_JACK] = { .name = "Headphone Jack", .kind = AMP_KIND_BOOLEAN, .count = 1,
			   .card_iface = true, .maybe_unprefixed = true },
	[AMP_CTL_BAL_JACK] = { .name = "Balanced Headphone Jack", .kind = AMP_KIND_BOOLEAN, .count = 1,
			       .card_iface = true, .maybe_unprefixed = true },
};

int amp_limit_index(unsigned limit_ma)
{
	for (int i = 0; i < AMP_LIMIT_COUNT; i++)
		if (amp_limits_ma[i] == limit_ma)
			return i;
	return -1;
}

enum amp_wiring amp_load_wiring(enum amp_load_type t)
{
	switch (t) {
	case AMP_LOAD_UNBALANCED:
		return AMP_WIRING_UNBALANCED;
	case AMP_LOAD_BALANCED:
		return AMP_WIRING_BALANCED;
	default:
		return AMP_WIRING_UNKNOWN;
	}
}

const char *amp_item_lower(enum amp_ctl id, long item, char *buf, size_t n)
{
	const char *s = "unknown";
	size_t i = 0;

	if (item >= 0 && (size_t)item < amp_ctls[id].n_items)
		s = amp_ctls[id].items[item];
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
	return buf;
}

/* Reads one enumerated control and checks the item is known. */
static int read_item(const struct amp_ctl_ops *ops, void *ctx, enum amp_ctl id, long *item)
{
	long v[2] = { 0, 0 };
	int ret = ops->read(ctx, id, v);

	if (ret)
		return ret;
	if (v[0] < 0 || (size_t)v[0] >= amp_ctls[id].n_items)
		return -ERANGE;
	*item = v[0];
	return 0;
}

static int read_jack(const struct amp_ctl_ops *ops, void *ctx, enum amp_ctl id, int *out)
{
	long v[2] = { 0, 0 };
	int ret = ops->read(ctx, id, v);

	*out = ret == -ENOENT ? -1 : !!v[0];
	return ret == -ENOENT ? 0 : ret;
}

int amp_state_read(const struct amp_ctl_ops *ops, void *ctx, struct amp_dev_state *st,
		   enum amp_ctl *bad)
{
	long route, gain, limit, type, detect, fault = AMP_FAULT_NONE;
	int ret;

	*st = (struct amp_dev_state){ 0 };
#define TRY(id, expr)              \
	do {                       \
		ret = (expr);      \
		if (ret) {         \
			*bad = id; \
			return ret; \
		}                  \
	} while (0)
	TRY(AMP_CTL_ROUTE, read_item(ops, ctx, AMP_CTL_ROUTE, &route));
	TRY(AMP_CTL_GAIN, read_item(ops, ctx, AMP_CTL_GAIN, &gain));
	TRY(AMP_CTL_LIMIT, read_item(ops, ctx, AMP_CTL_LIMIT, &limit));
	TRY(AMP_CTL_LOAD_Z, ops->read(ctx, AMP_CTL_LOAD_Z, st->z_milliohm));
	TRY(AMP_CTL_LOAD_TYPE, read_item(ops, ctx, AMP_CTL_LOAD_TYPE, &type));
	TRY(AMP_CTL_DETECT_STATUS, read_item(ops, ctx, AMP_CTL_DETECT_STATUS, &detect));
	ret = read_item(ops, ctx, AMP_CTL_FAULT, &fault);
	if (ret == -ENOENT)
		fault = AMP_FAULT_NONE;
	else if (ret) {
		*bad = AMP_CTL_FAULT;
		return ret;
	}
	TRY(AMP_CTL_JACK, read_jack(ops, ctx, AMP_CTL_JACK, &st->jack));
	TRY(AMP_CTL_BAL_JACK, read_jack(ops, ctx, AMP_CTL_BAL_JACK, &st->bal_jack));
#undef TRY
	st->route = (enum amp_route)route;
	st->gain = (enum amp_gain)gain;
	st->limit_ma = amp_limits_ma[limit];
	st->load_type = (enum amp_load_type)type;
	st->detect = (enum amp_detect)detect;
	st->fault = (enum amp_fault)fault;
	return 0;
}
