// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake HPA380 for end-to-end tests: an alsa-lib external control plugin that offers the
 * driver's control ABI, keeps its values in a text file and logs every write.
 *
 *   ctl.hpafake { type hpafake  state "/tmp/x/state"  log "/tmp/x/log"  prefix "HPA " }
 *   ctl_type.hpafake { lib "/path/to/libasound_module_ctl_hpafake.so" }
 *
 * The state file has one line per control, "<key> <value> [<value>]", enumerated values as item
 * numbers in the ABI's order; keys are those of keys[] below. Extra lines:
 *   absent <key>         the control does not exist (read at open)
 *   busy 1               a write of 1 to the detect trigger fails with EBUSY (audio playing)
 *   measure <type> <mL> <mR>   what a triggered measurement finds (type item, milliohms)
 * Events: another process rewriting the state file (inotify) notifies the controls whose values
 * changed, as the driver does when a measurement completes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <alsa/asoundlib.h>
#include <alsa/control_external.h>

#include "ctl.h"

static const char *const keys[AMP_CTL_COUNT] = {
	[AMP_CTL_VOLUME] = "volume",     [AMP_CTL_SWITCH] = "switch",
	[AMP_CTL_GAIN] = "gain",         [AMP_CTL_ROUTE] = "route",
	[AMP_CTL_LIMIT] = "limit",       [AMP_CTL_LOAD_Z] = "load_z",
	[AMP_CTL_LOAD_TYPE] = "load_type", [AMP_CTL_DETECT_STATUS] = "detect",
	[AMP_CTL_DETECT_TRIGGER] = "trigger", [AMP_CTL_FAULT] = "fault",
	[AMP_CTL_JACK] = "jack",         [AMP_CTL_BAL_JACK] = "bal_jack",
};

struct fake {
	snd_ctl_ext_t ext;
	char state[PATH_MAX], log[PATH_MAX], prefix[32];
	const char *state_base;
	long val[AMP_CTL_COUNT][2];
	int n_present, present[AMP_CTL_COUNT]; /* element offset -> control */
	bool absent[AMP_CTL_COUNT];
	int busy;
	long measure[3];
	unsigned pending; /* controls with an event to deliver */
};

static int key_index(const char *k)
{
	for (int i = 0; i < AMP_CTL_COUNT; i++)
		if (!strcmp(k, keys[i]))
			return i;
	return -1;
}

static void load(struct fake *f, bool at_open)
{
	FILE *fp = fopen(f->state, "r");
	char line[256];

	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char k[32];
		long a = 0, b = 0, c = 0;
		int n = sscanf(line, "%31s %ld %ld %ld", k, &a, &b, &c), id;

		if (n < 2) {
			char name[32];

			if (at_open && sscanf(line, "absent %31s", name) == 1 && key_index(name) >= 0)
				f->absent[key_index(name)] = true;
			continue;
		}
		if (!strcmp(k, "busy")) {
			f->busy = (int)a;
		} else if (!strcmp(k, "measure") && n == 4) {
			f->measure[0] = a, f->measure[1] = b, f->measure[2] = c;
		} else if ((id = key_index(k)) >= 0) {
			if (f->val[id][0] != a || f->val[id][1] != (n > 2 ? b : a))
				f->pending |= 1u << id;
			f->val[id][0] = a;
			f->val[id][1] = n > 2 ? b : a;
		}
	}
	fclose(fp);
}

static void save(const struct fake *f)
{
	char tmp[PATH_MAX + 8];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", f->state);
	fp = fopen(tmp, "w");
	if (!fp)
		return;
	for (int i = 0; i < AMP_CTL_COUNT; i++) {
		if (f->absent[i])
			fprintf(fp, "absent %s\n", keys[i]);
		else
			fprintf(fp, "%s %ld %ld\n", keys[i], f->val[i][0], f->val[i][1]);
	}
	fprintf(fp, "busy %d\n", f->busy);
	if (f->measure[0] >= 0)
		fprintf(fp, "measure %ld %ld %ld\n", f->measure[0], f->measure[1], f->measure[2]);
	fclose(fp);
	rename(tmp, f->state);
}

static void log_write(const struct fake *f, int id)
{
	FILE *fp;

	if (!f->log[0] || !(fp = fopen(f->log, "a")))
		return;
	if (amp_ctls[id].count == 2)
		fprintf(fp, "%s=%ld,%ld\n", amp_ctls[id].name, f->val[id][0], f->val[id][1]);
	else
		fprintf(fp, "%s=%ld\n", amp_ctls[id].name, f->val[id][0]);
	fclose(fp);
}

static void full_name(const struct fake *f, int id, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", amp_ctls[id].card_iface ? "" : f->prefix, amp_ctls[id].name);
}

static int elem_count(snd_ctl_ext_t *ext)
{
	return ((struct fake *)ext->private_data)->n_present;
}

static void fill_id(const struct fake *f, int id, snd_ctl_elem_id_t *eid)
{
	char name[64];

	full_name(f, id, name, sizeof(name));
	snd_ctl_elem_id_set_interface(eid, amp_ctls[id].card_iface ? SND_CTL_ELEM_IFACE_CARD
								   : SND_CTL_ELEM_IFACE_MIXER);
	snd_ctl_elem_id_set_name(eid, name);
}

static int elem_list(snd_ctl_ext_t *ext, unsigned int offset, snd_ctl_elem_id_t *eid)
{
	struct fake *f = ext->private_data;

	if (offset >= (unsigned)f->n_present)
		return -EINVAL;
	fill_id(f, f->present[offset], eid);
	return 0;
}

static snd_ctl_ext_key_t find_elem(snd_ctl_ext_t *ext, const snd_ctl_elem_id_t *eid)
{
	struct fake *f = ext->private_data;
	unsigned numid = snd_ctl_elem_id_get_numid(eid);

	if (numid > 0 && numid <= (unsigned)f->n_present)
		return (snd_ctl_ext_key_t)f->present[numid - 1];
	for (int i = 0; i < f->n_present; i++) {
		char name[64];

		full_name(f, f->present[i], name, sizeof(name));
		if (!strcmp(name, snd_ctl_elem_id_get_name(eid)))
			return (snd_ctl_ext_key_t)f->present[i];
	}
	return SND_CTL_EXT_KEY_NOT_FOUND;
}

static bool read_only(int id)
{
	return id == AMP_CTL_LOAD_Z || id == AMP_CTL_LOAD_TYPE || id == AMP_CTL_DETECT_STATUS ||
	       id == AMP_CTL_FAULT || id == AMP_CTL_JACK || id == AMP_CTL_BAL_JACK;
}

static int get_attribute(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, int *type, unsigned int *acc,
			 unsigned int *count)
{
	static const int types[] = { [AMP_KIND_INTEGER] = SND_CTL_ELEM_TYPE_INTEGER,
				     [AMP_KIND_BOOLEAN] = SND_CTL_ELEM_TYPE_BOOLEAN,
				     [AMP_KIND_ENUM] = SND_CTL_ELEM_TYPE_ENUMERATED };

	(void)ext;
	*type = types[amp_ctls[key].kind];
	*acc = read_only((int)key) ? SND_CTL_EXT_ACCESS_READ | SND_CTL_EXT_ACCESS_VOLATILE
				   : SND_CTL_EXT_ACCESS_READWRITE;
	*count = amp_ctls[key].count;
	return 0;
}

static int get_integer_info(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, long *imin, long *imax,
			    long *istep)
{
	(void)ext;
	*imin = 0;
	*imax = key == AMP_CTL_VOLUME ? 200 : 2000000;
	*istep = 1;
	return 0;
}

static int get_enumerated_info(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, unsigned int *items)
{
	(void)ext;
	*items = (unsigned)amp_ctls[key].n_items;
	return 0;
}

static int get_enumerated_name(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, unsigned int item,
			       char *name, size_t max)
{
	(void)ext;
	if (item >= amp_ctls[key].n_items)
		return -EINVAL;
	snprintf(name, max, "%s", amp_ctls[key].items[item]);
	return 0;
}

static int read_integer(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, long *value)
{
	struct fake *f = ext->private_data;

	load(f, false);
	for (unsigned i = 0; i < amp_ctls[key].count; i++)
		value[i] = f->val[key][i];
	return 0;
}

static int read_enumerated(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, unsigned int *items)
{
	struct fake *f = ext->private_data;

	load(f, false);
	items[0] = (unsigned)f->val[key][0];
	return 0;
}

static int store(struct fake *f, int id, long v0, long v1)
{
	if (read_only(id))
		return -EPERM;
	if (id == AMP_CTL_DETECT_TRIGGER && v0) {
		if (f->busy)
			return -EBUSY;
		if (f->measure[0] >= 0) {
			f->val[AMP_CTL_LOAD_TYPE][0] = f->measure[0];
			f->val[AMP_CTL_LOAD_Z][0] = f->measure[1];
			f->val[AMP_CTL_LOAD_Z][1] = f->measure[2];
			f->pending |= 1u << AMP_CTL_LOAD_TYPE | 1u << AMP_CTL_LOAD_Z;
		}
		f->val[AMP_CTL_DETECT_STATUS][0] = AMP_DETECT_DONE;
		f->pending |= 1u << AMP_CTL_DETECT_STATUS;
		log_write(f, id);
		save(f);
		return 1;
	}
	if (f->val[id][0] == v0 && f->val[id][1] == v1)
		return 0;
	f->val[id][0] = v0;
	f->val[id][1] = v1;
	f->pending |= 1u << id;
	log_write(f, id);
	save(f);
	return 1;
}

static int write_integer(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, long *value)
{
	struct fake *f = ext->private_data;
	long lo = 0, hi = amp_ctls[key].kind == AMP_KIND_BOOLEAN ? 1 : 200;

	for (unsigned i = 0; i < amp_ctls[key].count; i++)
		if (value[i] < lo || value[i] > hi)
			return -EINVAL;
	load(f, false);
	return store(f, (int)key, value[0], amp_ctls[key].count == 2 ? value[1] : value[0]);
}

static int write_enumerated(snd_ctl_ext_t *ext, snd_ctl_ext_key_t key, unsigned int *items)
{
	struct fake *f = ext->private_data;

	if (items[0] >= amp_ctls[key].n_items)
		return -EINVAL;
	load(f, false);
	return store(f, (int)key, items[0], items[0]);
}

static void subscribe_events(snd_ctl_ext_t *ext, int subscribe)
{
	struct fake *f = ext->private_data;

	if (subscribe)
		f->pending = 0;
}

/* Drains inotify; reloads when the state file was rewritten. */
static void drain_inotify(struct fake *f)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	bool changed = false;

	while ((n = read(f->ext.poll_fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;

			if (ev->len && !strcmp(ev->name, f->state_base))
				changed = true;
			p += sizeof(*ev) + ev->len;
		}
	}
	if (changed)
		load(f, false);
}

static int read_event(snd_ctl_ext_t *ext, snd_ctl_elem_id_t *eid, unsigned int *event_mask)
{
	struct fake *f = ext->private_data;

	drain_inotify(f);
	if (!ext->subscribed)
		f->pending = 0;
	for (int i = 0; i < f->n_present; i++) {
		int id = f->present[i];

		if (f->pending & (1u << id)) {
			f->pending &= ~(1u << id);
			fill_id(f, id, eid);
			snd_ctl_elem_id_set_numid(eid, (unsigned)i + 1);
			*event_mask = SND_CTL_EVENT_MASK_VALUE;
			return 1;
		}
	}
	f->pending = 0;
	return -EAGAIN;
}

static void fake_close(snd_ctl_ext_t *ext)
{
	struct fake *f = ext->private_data;

	close(ext->poll_fd);
	free(f);
}

static const snd_ctl_ext_callback_t callbacks = {
	.close = fake_close,
	.elem_count = elem_count,
	.elem_list = elem_list,
	.find_elem = find_elem,
	.get_attribute = get_attribute,
	.get_integer_info = get_integer_info,
	.get_enumerated_info = get_enumerated_info,
	.get_enumerated_name = get_enumerated_name,
	.read_integer = read_integer,
	.read_enumerated = read_enumerated,
	.write_integer = write_integer,
	.write_enumerated = write_enumerated,
	.subscribe_events = subscribe_events,
	.read_event = read_event,
};

static int config_string(snd_config_t *n, char *out, size_t len)
{
	const char *s;

	if (snd_config_get_string(n, &s) < 0)
		return -EINVAL;
	snprintf(out, len, "%s", s);
	return 0;
}

SND_CTL_PLUGIN_DEFINE_FUNC(hpafake)
{
	snd_config_iterator_t i, next;
	struct fake *f = calloc(1, sizeof(*f));
	char dir[PATH_MAX], *slash;
	int err;

	(void)root;
	if (!f)
		return -ENOMEM;
	f->measure[0] = -1;
	snd_config_for_each(i, next, conf) {
		snd_config_t *n = snd_config_iterator_entry(i);
		const char *id;

		if (snd_config_get_id(n, &id) < 0 || !strcmp(id, "comment") || !strcmp(id, "type"))
			continue;
		if (!strcmp(id, "state"))
			err = config_string(n, f->state, sizeof(f->state));
		else if (!strcmp(id, "log"))
			err = config_string(n, f->log, sizeof(f->log));
		else if (!strcmp(id, "prefix"))
			err = config_string(n, f->prefix, sizeof(f->prefix));
		else
			err = -EINVAL;
		if (err) {
			free(f);
			return err;
		}
	}
	if (!f->state[0]) {
		free(f);
		return -EINVAL;
	}
	load(f, true);
	f->pending = 0;
	for (int id = 0; id < AMP_CTL_COUNT; id++)
		if (!f->absent[id])
			f->present[f->n_present++] = id;

	snprintf(dir, sizeof(dir), "%s", f->state);
	slash = strrchr(dir, '/');
	f->state_base = strrchr(f->state, '/') ? strrchr(f->state, '/') + 1 : f->state;
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	f->ext.poll_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->ext.poll_fd < 0 ||
	    inotify_add_watch(f->ext.poll_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
		if (f->ext.poll_fd >= 0)
			close(f->ext.poll_fd);
		free(f);
		return -errno;
	}
	f->ext.version = SND_CTL_EXT_VERSION;
	f->ext.card_idx = 0;
	snprintf(f->ext.id, sizeof(f->ext.id), "HPAFake");
	snprintf(f->ext.driver, sizeof(f->ext.driver), "hpafake");
	snprintf(f->ext.name, sizeof(f->ext.name), "HPA380 fake");
	snprintf(f->ext.longname, sizeof(f->ext.longname), "HPA380 fake control device");
	snprintf(f->ext.mixername, sizeof(f->ext.mixername), "HPA380");
	f->ext.callback = &callbacks;
	f->ext.private_data = f;
	err = snd_ctl_ext_create(&f->ext, name, mode);
	if (err < 0) {
		close(f->ext.poll_fd);
		free(f);
		return err;
	}
	*handlep = f->ext.handle;
	return 0;
}

SND_CTL_PLUGIN_SYMBOL(hpafake);
