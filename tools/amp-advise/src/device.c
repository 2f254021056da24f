// SPDX-License-Identifier: GPL-2.0-only
/*
 * device: finds the HPA380 controls on an ALSA control device and reads, writes and waits on
 * them with alsa-lib. Enumerated values are translated by item name, so the program does not
 * depend on the order of a control's items.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <alsa/asoundlib.h>

#include "device.h"
#include "errmsg.h"

#define MAX_ITEMS 16
#define NAME_MAX_LEN 96

struct ctl_ref {
	bool present;
	bool have_info;
	unsigned numid;
	char name[NAME_MAX_LEN];
	unsigned count;
	long min, max;
	unsigned n_dev_items;
	int from_dev[MAX_ITEMS]; /* device item -> ABI item, -1 when unknown */
	int to_dev[MAX_ITEMS];   /* ABI item -> device item, -1 when missing */
};

struct amp_device {
	snd_ctl_t *ctl;
	snd_ctl_elem_value_t *val; /* reused by every read and write */
	char name[NAME_MAX_LEN];
	struct ctl_ref c[AMP_CTL_COUNT];
};

static const snd_ctl_elem_type_t elem_type[] = {
	[AMP_KIND_INTEGER] = SND_CTL_ELEM_TYPE_INTEGER,
	[AMP_KIND_BOOLEAN] = SND_CTL_ELEM_TYPE_BOOLEAN,
	[AMP_KIND_ENUM] = SND_CTL_ELEM_TYPE_ENUMERATED,
};

/* The controls whose changes call for fresh advice. */
static const enum amp_ctl watched[] = {
	AMP_CTL_LOAD_Z, AMP_CTL_LOAD_TYPE, AMP_CTL_DETECT_STATUS, AMP_CTL_FAULT, AMP_CTL_JACK,
	AMP_CTL_BAL_JACK,
};

/* A message in err, and ret. */
#define fail(err, errlen, ret, ...) (errmsg(err, errlen, __VA_ARGS__), (ret))

static bool ends_with(const char *s, const char *tail, size_t *prefix_len)
{
	size_t ls = strlen(s), lt = strlen(tail);

	if (ls < lt || strcmp(s + ls - lt, tail))
		return false;
	if (ls > lt && s[ls - lt - 1] != ' ')
		return false;
	*prefix_len = ls - lt;
	return true;
}

/* Finds the controls in the element list. The anchor control gives the card's name prefix. */
static int scan(struct amp_device *d)
{
	snd_ctl_elem_list_t *list;
	const char *anchor = amp_ctls[AMP_CTL_LOAD_TYPE].name;
	char prefix[NAME_MAX_LEN] = "";
	bool found_anchor = false;
	unsigned n;
	int ret;

	memset(d->c, 0, sizeof(d->c));
	ret = snd_ctl_elem_list_malloc(&list);
	if (ret < 0)
		return ret;
	ret = snd_ctl_elem_list(d->ctl, list);
	if (ret >= 0) {
		n = snd_ctl_elem_list_get_count(list);
		ret = snd_ctl_elem_list_alloc_space(list, n);
	}
	if (ret >= 0)
		ret = snd_ctl_elem_list(d->ctl, list);
	if (ret < 0)
		goto out;
	n = snd_ctl_elem_list_get_used(list);
	for (unsigned i = 0; i < n && !found_anchor; i++) {
		const char *name = snd_ctl_elem_list_get_name(list, i);
		size_t plen;

		if (snd_ctl_elem_list_get_index(list, i) == 0 && ends_with(name, anchor, &plen) &&
		    plen < sizeof(prefix)) {
			memcpy(prefix, name, plen);
			prefix[plen] = '\0';
			found_anchor = true;
		}
	}
	for (unsigned i = 0; i < n && found_anchor; i++) {
		const char *name = snd_ctl_elem_list_get_name(list, i);
		size_t plen = strlen(prefix);

		if (snd_ctl_elem_list_get_index(list, i) != 0)
			continue;
		for (int id = 0; id < AMP_CTL_COUNT; id++) {
			const struct amp_ctl_desc *desc = &amp_ctls[id];
			bool prefixed = !strncmp(name, prefix, plen) && !strcmp(name + plen, desc->name);
			bool plain = desc->maybe_unprefixed && !strcmp(name, desc->name);

			/* A prefixed name wins over a plain one. */
			if (prefixed || (plain && !d->c[id].present)) {
				d->c[id].present = true;
				d->c[id].numid = snd_ctl_elem_list_get_numid(list, i);
				snprintf(d->c[id].name, sizeof(d->c[id].name), "%s", name);
			}
		}
	}
	ret = 0;
out:
	snd_ctl_elem_list_free_space(list);
	snd_ctl_elem_list_free(list);
	return ret;
}

/* The first required control the device lacks (the anchor first), or -1. */
static int missing_required(const struct amp_device *d)
{
	if (!d->c[AMP_CTL_LOAD_TYPE].present)
		return AMP_CTL_LOAD_TYPE;
	for (int id = 0; id < AMP_CTL_COUNT; id++)
		if (amp_ctls[id].required && !d->c[id].present)
			return id;
	return -1;
}

static int open_name(struct amp_device *d, const char *name)
{
	int ret;

	snprintf(d->name, sizeof(d->name), "%s", name);
	ret = snd_ctl_open(&d->ctl, name, 0);
	if (ret < 0) {
		d->ctl = NULL;
		return ret;
	}
	ret = scan(d);
	if (ret < 0) {
		snd_ctl_close(d->ctl);
		d->ctl = NULL;
	}
	return ret;
}

/* The first card carrying the controls. */
static int open_first(struct amp_device *d)
{
	int card = -1;

	while (snd_card_next(&card) >= 0 && card >= 0) {
		char name[32];

		snprintf(name, sizeof(name), "hw:%d", card);
		if (open_name(d, name) < 0)
			continue;
		if (missing_required(d) < 0)
			return 0;
		snd_ctl_close(d->ctl);
		d->ctl = NULL;
	}
	return -ENODEV;
}

/* alsa-lib's own messages would add lines to stderr; the caller reports errors itself. */
static void quiet(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
	(void)file, (void)line, (void)function, (void)err, (void)fmt;
}

/* Opens -D name, -c card, or the first HPA380 card. */
static int open_chosen(struct amp_device *d, const char *card, const char *name, char *err,
		       size_t errlen)
{
	const char *what = name ? name : card;
	char hw[32];
	int ret;

	if (!name && !card) {
		ret = open_first(d);
		return ret < 0 ? fail(err, errlen, ret,
				      "no sound card with the HPA380 controls")
			       : 0;
	}
	if (!name) {
		int idx = snd_card_get_index(card);

		if (idx < 0)
			return fail(err, errlen, -ENODEV, "no sound card '%s'", card);
		snprintf(hw, sizeof(hw), "hw:%d", idx);
		name = hw;
	}
	ret = open_name(d, name);
	return ret < 0 ? fail(err, errlen, ret, "cannot open control device '%s': %s", what,
			      snd_strerror(ret))
		       : 0;
}

int device_open(struct amp_device **out, const char *card, const char *name, char *err,
		size_t errlen)
{
	struct amp_device *d = calloc(1, sizeof(*d));
	int ret, missing;

	*out = NULL;
	snd_lib_error_set_handler(quiet);
	if (!d || snd_ctl_elem_value_malloc(&d->val) < 0) {
		free(d);
		return fail(err, errlen, -ENOMEM, "out of memory");
	}
	ret = open_chosen(d, card, name, err, errlen);
	if (!ret && (missing = missing_required(d)) >= 0)
		ret = fail(err, errlen, -ENOENT, "%s has no '%s' control (not an HPA380?)", d->name,
			   amp_ctls[missing].name);
	if (ret) {
		device_close(d);
		return ret;
	}
	*out = d;
	return 0;
}

void device_close(struct amp_device *d)
{
	if (!d)
		return;
	if (d->ctl)
		snd_ctl_close(d->ctl);
	snd_ctl_elem_value_free(d->val);
	free(d);
}

const char *device_name(const struct amp_device *d)
{
	return d->name;
}

const char *device_ctl_name(const struct amp_device *d, enum amp_ctl id)
{
	return d->c[id].present ? d->c[id].name : amp_ctls[id].name;
}

static int map_items(struct amp_device *d, enum amp_ctl id, snd_ctl_elem_info_t *info)
{
	struct ctl_ref *r = &d->c[id];
	const struct amp_ctl_desc *desc = &amp_ctls[id];
	unsigned n = snd_ctl_elem_info_get_items(info);
	int ret;

	if (n > MAX_ITEMS)
		return -ERANGE;
	r->n_dev_items = n;
	for (size_t k = 0; k < MAX_ITEMS; k++)
		r->to_dev[k] = -1;
	for (unsigned i = 0; i < n; i++) {
		snd_ctl_elem_info_set_item(info, i);
		ret = snd_ctl_elem_info(d->ctl, info);
		if (ret < 0)
			return ret;
		r->from_dev[i] = -1;
		for (size_t k = 0; k < desc->n_items; k++) {
			if (!strcmp(snd_ctl_elem_info_get_item_name(info), desc->items[k])) {
				r->from_dev[i] = (int)k;
				r->to_dev[k] = (int)i;
			}
		}
	}
	return 0;
}

/* Looks the control up (once): type, value count, range, items. */
static int info(struct amp_device *d, enum amp_ctl id)
{
	struct ctl_ref *r = &d->c[id];
	snd_ctl_elem_info_t *inf;
	int ret;

	if (!r->present)
		return -ENOENT;
	if (r->have_info)
		return 0;
	snd_ctl_elem_info_alloca(&inf);
	snd_ctl_elem_info_set_numid(inf, r->numid);
	ret = snd_ctl_elem_info(d->ctl, inf);
	if (ret < 0)
		return ret;
	if (snd_ctl_elem_info_get_type(inf) != elem_type[amp_ctls[id].kind])
		return -EPROTO;
	r->count = snd_ctl_elem_info_get_count(inf);
	if (r->count < 1 || r->count > 2)
		return -EPROTO;
	if (amp_ctls[id].kind == AMP_KIND_INTEGER) {
		r->min = snd_ctl_elem_info_get_min(inf);
		r->max = snd_ctl_elem_info_get_max(inf);
	} else if (amp_ctls[id].kind == AMP_KIND_ENUM) {
		ret = map_items(d, id, inf);
		if (ret < 0)
			return ret;
	}
	r->have_info = true;
	return 0;
}

/* The device's value object, cleared and aimed at the control; NULL with *ret on error. */
static snd_ctl_elem_value_t *value_for(struct amp_device *d, enum amp_ctl id, int *ret)
{
	*ret = info(d, id);
	if (*ret < 0)
		return NULL;
	snd_ctl_elem_value_clear(d->val);
	snd_ctl_elem_value_set_numid(d->val, d->c[id].numid);
	return d->val;
}

static int dev_read(void *ctx, enum amp_ctl id, long val[2])
{
	struct amp_device *d = ctx;
	struct ctl_ref *r = &d->c[id];
	int ret;
	snd_ctl_elem_value_t *v = value_for(d, id, &ret);

	if (!v)
		return ret;
	ret = snd_ctl_elem_read(d->ctl, v);
	if (ret < 0)
		return ret;
	for (unsigned i = 0; i < 2; i++) {
		unsigned k = i < r->count ? i : 0;
		unsigned item;

		switch (amp_ctls[id].kind) {
		case AMP_KIND_INTEGER:
			val[i] = snd_ctl_elem_value_get_integer(v, k);
			break;
		case AMP_KIND_BOOLEAN:
			val[i] = snd_ctl_elem_value_get_boolean(v, k);
			break;
		case AMP_KIND_ENUM:
			item = snd_ctl_elem_value_get_enumerated(v, k);
			val[i] = item < r->n_dev_items ? r->from_dev[item] : -1;
			break;
		}
	}
	return 0;
}

static int dev_write(void *ctx, enum amp_ctl id, const long val[2])
{
	struct amp_device *d = ctx;
	struct ctl_ref *r = &d->c[id];
	int ret;
	snd_ctl_elem_value_t *v = value_for(d, id, &ret);

	if (!v)
		return ret;
	for (unsigned i = 0; i < r->count; i++) {
		switch (amp_ctls[id].kind) {
		case AMP_KIND_INTEGER:
			snd_ctl_elem_value_set_integer(v, i, val[i]);
			break;
		case AMP_KIND_BOOLEAN:
			snd_ctl_elem_value_set_boolean(v, i, val[i]);
			break;
		case AMP_KIND_ENUM:
			if (val[i] < 0 || val[i] >= MAX_ITEMS || r->to_dev[val[i]] < 0)
				return -EINVAL;
			snd_ctl_elem_value_set_enumerated(v, i, (unsigned)r->to_dev[val[i]]);
			break;
		}
	}
	ret = snd_ctl_elem_write(d->ctl, v);
	return ret < 0 ? ret : 0;
}

static int dev_range(void *ctx, enum amp_ctl id, long *min, long *max)
{
	struct amp_device *d = ctx;
	int ret = info(d, id);

	if (ret < 0)
		return ret;
	*min = d->c[id].min;
	*max = d->c[id].max;
	return 0;
}

const struct amp_ctl_ops device_ops = {
	.read = dev_read,
	.write = dev_write,
	.range = dev_range,
};

int device_subscribe(struct amp_device *d)
{
	int ret = snd_ctl_subscribe_events(d->ctl, 1);

	if (ret < 0)
		return ret;
	return snd_ctl_nonblock(d->ctl, 1);
}

static bool is_watched(const struct amp_device *d, unsigned numid)
{
	for (size_t i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
		if (d->c[watched[i]].present && d->c[watched[i]].numid == numid)
			return true;
	return false;
}

/* Reads all queued events; 1 if one bears on the advice. */
static int drain(struct amp_device *d)
{
	snd_ctl_event_t *ev;
	int relevant = 0, ret;

	snd_ctl_event_alloca(&ev);
	while ((ret = snd_ctl_read(d->ctl, ev)) > 0) {
		unsigned mask;

		if (snd_ctl_event_get_type(ev) != SND_CTL_EVENT_ELEM)
			continue;
		mask = snd_ctl_event_elem_get_mask(ev);
		if (mask == SND_CTL_EVENT_MASK_REMOVE)
			return -ENODEV;
		if ((mask & SND_CTL_EVENT_MASK_ADD) || is_watched(d, snd_ctl_event_elem_get_numid(ev)))
			relevant = 1;
	}
	if (ret < 0 && ret != -EAGAIN)
		return ret;
	return relevant;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int device_wait(struct amp_device *d, int timeout_ms, const sigset_t *sigmask)
{
	long long deadline = now_ms() + timeout_ms;
	int n = snd_ctl_poll_descriptors_count(d->ctl);
	struct pollfd pfd[8];

	if (n <= 0 || n > 8)
		return -EINVAL;
	for (;;) {
		struct timespec ts, *tp = NULL;
		unsigned short revents = 0;
		int ret;

		if (timeout_ms >= 0) {
			long long left = deadline - now_ms();

			if (left <= 0)
				return 0;
			ts.tv_sec = left / 1000;
			ts.tv_nsec = (left % 1000) * 1000000;
			tp = &ts;
		}
		snd_ctl_poll_descriptors(d->ctl, pfd, (unsigned)n);
		ret = ppoll(pfd, (nfds_t)n, tp, sigmask);
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return 0;
		ret = snd_ctl_poll_descriptors_revents(d->ctl, pfd, (unsigned)n, &revents);
		if (ret < 0)
			return ret;
		if (revents & (POLLERR | POLLHUP | POLLNVAL))
			return -ENODEV;
		if (revents & POLLIN) {
			ret = drain(d);
			if (ret)
				return ret;
		}
	}
}
