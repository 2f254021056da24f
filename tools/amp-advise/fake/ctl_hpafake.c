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
 *   event <seq> plug se|bal <mL> <mR> <type>   a plug goes in and is measured (below)
 *   event <seq> unplug se|bal                  a plug comes out
 * Events: another process rewriting the state file (inotify) notifies the controls whose values
 * changed. An "event" line with a sequence number above the last one seen is played as the
 * driver plays it (datasheet 11.2): a plug sets the jack control, starts a measurement (status
 * Measuring, trigger on, result cleared), and FAKE_MEASURE_MS later ends it (impedance, type,
 * status Done, trigger off), each step with its events in that order (the trigger, volatile,
 * sends none); unplugging the measured jack clears the result (jack, status Idle, impedance
 * 0, type Unknown). The state file is rewritten after each step. Lines present when the
 * device is opened are not played.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
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

/* A measurement takes 50 ms typical (datasheet). */
#define FAKE_MEASURE_MS 50
#define QUEUE_MAX 64

struct fake {
	snd_ctl_ext_t ext;
	char state[PATH_MAX], log[PATH_MAX], prefix[32];
	const char *state_base;
	long val[AMP_CTL_COUNT][2];
	int n_present, present[AMP_CTL_COUNT]; /* element offset -> control */
	bool absent[AMP_CTL_COUNT];
	int busy;
	long measure[3];
	int queue[QUEUE_MAX];   /* controls with an event to deliver, in order */
	int n_queued;
	int inotify_fd, timer_fd; /* both behind ext.poll_fd, an epoll set */
	long last_event;        /* sequence number of the last event line played */
	char event[96];         /* that line, kept in the state file */
	long pending_result[3]; /* the measurement the timer ends: type, mL, mR */
};

static void notify(struct fake *f, int id)
{
	for (int i = 0; i < f->n_queued; i++)
		if (f->queue[i] == id)
			return;
	if (f->n_queued < QUEUE_MAX)
		f->queue[f->n_queued++] = id;
}

/* Sets a control and queues its event when the value changes. */
/* A value as the driver changes it: with an event, but for the volatile trigger. */
static void set(struct fake *f, int id, long a, long b)
{
	if ((f->val[id][0] != a || f->val[id][1] != b) && id != AMP_CTL_DETECT_TRIGGER)
		notify(f, id);
	f->val[id][0] = a;
	f->val[id][1] = b;
}

static int key_index(const char *k)
{
	for (int i = 0; i < AMP_CTL_COUNT; i++)
		if (!strcmp(k, keys[i]))
			return i;
	return -1;
}

static void save(const struct fake *f);

/* The driver's plug and unplug, as the datasheet's section 11.2 tells them. */
static void play(struct fake *f, const char *what, const char *jack, long ml, long mr, long type)
{
	int id = !strcmp(jack, "bal") ? AMP_CTL_BAL_JACK : AMP_CTL_JACK;
	struct itimerspec when = { .it_value = { 0, FAKE_MEASURE_MS * 1000000L } };

	if (!strcmp(what, "plug")) {
		set(f, id, 1, 1);
		set(f, AMP_CTL_DETECT_STATUS, AMP_DETECT_MEASURING, AMP_DETECT_MEASURING);
		set(f, AMP_CTL_DETECT_TRIGGER, 1, 1);
		set(f, AMP_CTL_LOAD_Z, 0, 0);
		set(f, AMP_CTL_LOAD_TYPE, AMP_LOAD_UNKNOWN, AMP_LOAD_UNKNOWN);
		f->pending_result[0] = type;
		f->pending_result[1] = ml;
		f->pending_result[2] = mr;
		timerfd_settime(f->timer_fd, 0, &when, NULL);
	} else if (!strcmp(what, "unplug")) {
		set(f, id, 0, 0);
		set(f, AMP_CTL_DETECT_STATUS, AMP_DETECT_IDLE, AMP_DETECT_IDLE);
		set(f, AMP_CTL_LOAD_Z, 0, 0);
		set(f, AMP_CTL_LOAD_TYPE, AMP_LOAD_UNKNOWN, AMP_LOAD_UNKNOWN);
		set(f, AMP_CTL_DETECT_TRIGGER, 0, 0);
	}
}

/* The timer: the measurement a plug started ends. */
static void measured(struct fake *f)
{
	uint64_t n;

	if (read(f->timer_fd, &n, sizeof(n)) != sizeof(n))
		return;
	set(f, AMP_CTL_LOAD_Z, f->pending_result[1], f->pending_result[2]);
	set(f, AMP_CTL_LOAD_TYPE, f->pending_result[0], f->pending_result[0]);
	set(f, AMP_CTL_DETECT_STATUS, AMP_DETECT_DONE, AMP_DETECT_DONE);
	set(f, AMP_CTL_DETECT_TRIGGER, 0, 0);
	save(f);
}

/* An "event" line: played when its number is new (not at open). */
static void event_line(struct fake *f, const char *line, bool at_open)
{
	char what[16] = "", jack[8] = "";
	long seq = 0, ml = 0, mr = 0, type = 0;

	if (sscanf(line, "event %ld %15s %7s %ld %ld %ld", &seq, what, jack, &ml, &mr, &type) < 3 ||
	    seq <= f->last_event)
		return;
	f->last_event = seq;
	snprintf(f->event, sizeof(f->event), "%.*s", (int)strcspn(line, "\n"), line);
	if (at_open)
		return;
	play(f, what, jack, ml, mr, type);
	save(f);
}

/*
 * Reads the state file. A key may appear twice (the tests override a line by adding one): the
 * last one counts, and only a change of the final value is an event. The event line is played
 * after the values.
 */
static void load(struct fake *f, bool at_open)
{
	FILE *fp = fopen(f->state, "r");
	char line[256], event[256] = "";
	long nv[AMP_CTL_COUNT][2];

	if (!fp)
		return;
	memcpy(nv, f->val, sizeof(nv));
	while (fgets(line, sizeof(line), fp)) {
		char k[32];
		long a = 0, b = 0, c = 0;
		int n = sscanf(line, "%31s %ld %ld %ld", k, &a, &b, &c), id;

		if (!strncmp(line, "event ", 6)) {
			snprintf(event, sizeof(event), "%s", line);
			continue;
		}
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
			nv[id][0] = a;
			nv[id][1] = n > 2 ? b : a;
		}
	}
	fclose(fp);
	for (int id = 0; id < AMP_CTL_COUNT; id++)
		set(f, id, nv[id][0], nv[id][1]);
	if (event[0])
		event_line(f, event, at_open);
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
	if (f->event[0])
		fprintf(fp, "%s\n", f->event);
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
	snprintf(buf, n, "%s%s", amp_ctls[id].maybe_unprefixed ? "" : f->prefix, amp_ctls[id].name);
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
			set(f, AMP_CTL_LOAD_Z, f->measure[1], f->measure[2]);
			set(f, AMP_CTL_LOAD_TYPE, f->measure[0], f->measure[0]);
		}
		set(f, AMP_CTL_DETECT_STATUS, AMP_DETECT_DONE, AMP_DETECT_DONE);
		/* The kernel's event for a put that reports a change. */
		notify(f, id);
		log_write(f, id);
		save(f);
		return 1;
	}
	if (f->val[id][0] == v0 && f->val[id][1] == v1)
		return 0;
	set(f, id, v0, v1);
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
		f->n_queued = 0;
}

/* Drains inotify; reloads when the state file was rewritten. */
static void drain_inotify(struct fake *f)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	bool changed = false;

	while ((n = read(f->inotify_fd, buf, sizeof(buf))) > 0) {
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
	measured(f);
	if (!ext->subscribed)
		f->n_queued = 0;
	while (f->n_queued > 0) {
		int id = f->queue[0];

		memmove(f->queue, f->queue + 1, --f->n_queued * sizeof(f->queue[0]));
		for (int i = 0; i < f->n_present; i++) {
			if (f->present[i] != id)
				continue;
			fill_id(f, id, eid);
			snd_ctl_elem_id_set_numid(eid, (unsigned)i + 1);
			*event_mask = SND_CTL_EVENT_MASK_VALUE;
			return 1;
		}
	}
	return -EAGAIN;
}

static void close_fds(struct fake *f)
{
	if (f->ext.poll_fd >= 0)
		close(f->ext.poll_fd);
	if (f->inotify_fd >= 0)
		close(f->inotify_fd);
	if (f->timer_fd >= 0)
		close(f->timer_fd);
}

/* The poll descriptor is an epoll set of the state file's inotify and the measurement timer. */
static int open_fds(struct fake *f, const char *dir)
{
	struct epoll_event ev = { .events = EPOLLIN };

	f->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	f->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	f->ext.poll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (f->inotify_fd < 0 || f->timer_fd < 0 || f->ext.poll_fd < 0 ||
	    inotify_add_watch(f->inotify_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
		return -1;
	ev.data.fd = f->inotify_fd;
	if (epoll_ctl(f->ext.poll_fd, EPOLL_CTL_ADD, f->inotify_fd, &ev))
		return -1;
	ev.data.fd = f->timer_fd;
	return epoll_ctl(f->ext.poll_fd, EPOLL_CTL_ADD, f->timer_fd, &ev);
}

static void fake_close(snd_ctl_ext_t *ext)
{
	struct fake *f = ext->private_data;

	close_fds(f);
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
	f->timer_fd = f->inotify_fd = f->ext.poll_fd = -1;
	load(f, true);
	f->n_queued = 0;
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
	if (open_fds(f, dir)) {
		err = -errno;
		close_fds(f);
		free(f);
		return err;
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
		close_fds(f);
		free(f);
		return err;
	}
	*handlep = f->ext.handle;
	return 0;
}

SND_CTL_PLUGIN_SYMBOL(hpafake);
