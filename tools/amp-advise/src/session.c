// SPDX-License-Identifier: GPL-2.0-only
/*
 * session: measure, remember, advise (recognising the headphone when no figures were given),
 * apply, and do it again on each event with --watch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "advise.h"
#include "apply.h"
#include "ctl.h"
#include "device.h"
#include "render.h"
#include "say.h"
#include "session.h"
#include "userlist.h"

/* Outcome of one round of advice on a device. */
enum round { ROUND_OK, ROUND_SHORTFALL, ROUND_NO_LOAD, ROUND_FATAL };

/* Measurement time-out: the datasheet maximum is 100 ms; allow for scheduling. */
#define MEASURE_TIMEOUT_MS 1000

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* What one round knows of the device. */
struct round_state {
	const struct session *s;
	struct amp_device *dev;
	const sigset_t *mask;
	struct amp_dev_state st;
	const char *names[AMP_CTL_COUNT];
	char type[32];
};

static const char *no_load_hint(const struct amp_dev_state *st)
{
	switch (st->load_type) {
	case AMP_LOAD_NONE:
		return "nothing is plugged in";
	case AMP_LOAD_SHORT:
		return "the output sees a short circuit";
	case AMP_LOAD_UNKNOWN:
		return "no measurement yet: try --measure";
	default:
		return "the impedance reads 0";
	}
}

/*
 * Waits until no measurement is running (trigger 0, status not Measuring), re-reading on each
 * event; a silent MEASURE_TIMEOUT_MS with a measurement still running is a time-out.
 */
static int wait_measured(struct amp_device *dev, const sigset_t *mask)
{
	bool timed_out = false;

	for (;;) {
		long trig[2] = { 0, 0 }, status[2] = { 0, 0 };
		int ret = device_ops.read(dev, AMP_CTL_DETECT_STATUS, status);

		if (!ret) {
			ret = device_ops.read(dev, AMP_CTL_DETECT_TRIGGER, trig);
			if (ret == -ENOENT) /* optional: the status alone tells */
				ret = 0;
		}
		if (ret)
			return ret;
		if (!trig[0] && status[0] != AMP_DETECT_MEASURING)
			return 0;
		if (timed_out)
			return -ETIMEDOUT;
		ret = device_wait(dev, MEASURE_TIMEOUT_MS, mask);
		if (ret < 0)
			return ret;
		timed_out = ret == 0;
	}
}

static int measure(struct amp_device *dev, const sigset_t *mask)
{
	long one[2] = { 1, 1 };
	int ret = device_ops.write(dev, AMP_CTL_DETECT_TRIGGER, one);

	if (ret == -EBUSY) {
		say_error("cannot measure the load while a stream plays: stop playback, or plug the headphones in again (a plug is always measured)");
		return ret;
	}
	if (ret) {
		say_error("cannot write '%s': %s", device_ctl_name(dev, AMP_CTL_DETECT_TRIGGER),
			  strerror(-ret));
		return ret;
	}
	ret = wait_measured(dev, mask);
	if (ret)
		say_error("load measurement did not finish: %s", strerror(-ret));
	return ret;
}

/* Routes from detection; with an override and no usable type, the plugged jacks, else both. */
static void pick_routes(const struct amp_dev_state *st, bool allowed[AMP_ROUTE_COUNT])
{
	allowed[AMP_ROUTE_UNBALANCED] = st->load_type == AMP_LOAD_UNBALANCED;
	allowed[AMP_ROUTE_BALANCED] = st->load_type == AMP_LOAD_BALANCED;
	if (allowed[0] || allowed[1])
		return;
	allowed[AMP_ROUTE_UNBALANCED] = st->jack == 1;
	allowed[AMP_ROUTE_BALANCED] = st->bal_jack == 1;
	if (!allowed[0] && !allowed[1])
		allowed[0] = allowed[1] = true;
}

/* Waits out a measurement and reads the state; the control names for messages. */
static enum round read_state(struct round_state *rs)
{
	struct amp_device *dev = rs->dev;
	enum amp_ctl bad;
	int ret = wait_measured(dev, rs->mask);

	if (ret) {
		say_error("waiting for the load measurement on %s: %s", device_name(dev), strerror(-ret));
		return ROUND_FATAL;
	}
	ret = amp_state_read(&device_ops, dev, &rs->st, &bad);
	if (ret) {
		say_error("cannot read '%s' on %s: %s", device_ctl_name(dev, bad), device_name(dev),
			  ret == -ERANGE ? "unknown value" : strerror(-ret));
		return ROUND_FATAL;
	}
	for (int id = 0; id < AMP_CTL_COUNT; id++)
		rs->names[id] = device_ctl_name(dev, id);
	amp_item_lower(AMP_CTL_LOAD_TYPE, rs->st.load_type, rs->type, sizeof(rs->type));
	return ROUND_OK;
}

/* A measured load the maths can use: typed, both channels above 0. */
static enum round measured_load(const struct round_state *rs, bool override_hint)
{
	const struct amp_dev_state *st = &rs->st;
	bool typed = st->load_type == AMP_LOAD_UNBALANCED || st->load_type == AMP_LOAD_BALANCED;

	if (st->detect == AMP_DETECT_ERROR) {
		say_error("load detection on %s ended in an error; replug, or try --measure",
			  device_name(rs->dev));
		return ROUND_NO_LOAD;
	}
	if (!typed || st->z_milliohm[0] <= 0 || st->z_milliohm[1] <= 0) {
		say_error("no usable load on %s: Load Type is %s, impedance %ld/%ld mOhm (%s)%s",
			  device_name(rs->dev), amp_ctls[AMP_CTL_LOAD_TYPE].items[st->load_type],
			  st->z_milliohm[0], st->z_milliohm[1], no_load_hint(st),
			  override_hint ? "; give --impedance to override" : "");
		return ROUND_NO_LOAD;
	}
	return ROUND_OK;
}

/* The load for the maths: --impedance, else the measured channels (the lower one). */
static enum round load_input(const struct round_state *rs, struct amp_input *in,
			     struct amp_report *r)
{
	const struct amp_dev_state *st = &rs->st;
	const struct cli_opts *o = rs->s->o;
	enum round res;

	in->fault = st->fault;
	pick_routes(st, in->route_allowed);
	if (o->impedance_ohm > 0) {
		in->z_ohm = o->impedance_ohm;
		r->load_z_ohm[0] = r->load_z_ohm[1] = in->z_ohm;
		r->load_source = "given";
		return ROUND_OK;
	}
	res = measured_load(rs, true);
	if (res != ROUND_OK)
		return res;
	r->load_source = "measured";
	in->z_left_ohm = r->load_z_ohm[0] = st->z_milliohm[0] / 1000.0;
	in->z_right_ohm = r->load_z_ohm[1] = st->z_milliohm[1] / 1000.0;
	in->z_ohm = fmin(in->z_left_ohm, in->z_right_ohm);
	return ROUND_OK;
}

/* Carries out (or, dry, plans) t; the failure as an error line. */
static enum round do_apply(const struct round_state *rs, const struct amp_target *t,
			   struct amp_plan *plan, const struct amp_plan **shown)
{
	struct amp_device *dev = rs->dev;
	enum amp_ctl bad = AMP_CTL_VOLUME;
	int ret = apply(&device_ops, dev, &rs->st, t, rs->s->o->dry_run, plan, &bad);

	*shown = plan;
	if (!ret)
		return ROUND_OK;
	*shown = plan->n ? plan : NULL;
	if (ret == -ENOENT)
		say_error("%s has no '%s' control, needed to apply", device_name(dev),
			  device_ctl_name(dev, bad));
	else
		say_error("%s '%s' failed: %s", plan->n ? "writing" : "reading",
			  device_ctl_name(dev, bad), strerror(-ret));
	return ROUND_FATAL;
}

/* The figures into the input of the maths. */
static void figures_input(const struct hp_figures *hp, struct amp_input *in)
{
	in->sens = hp->sens;
	in->z_nom_ohm = hp->z_nom;
	in->z_fit_lo_ohm = hp->z_fit_lo;
	in->z_fit_hi_ohm = hp->z_fit_hi;
}

/* Advice for known figures, applied when asked; rendered. */
static enum round advise(const struct round_state *rs, const struct hp_figures *hp)
{
	const struct cli_opts *o = rs->s->o;
	struct amp_input in = { .target_spl_db = o->target_spl_db };
	struct amp_advice adv;
	struct amp_plan plan;
	enum round res;
	struct amp_report r = {
		.in = &in, .adv = &adv, .device = device_name(rs->dev), .model = hp->model,
		.model_source = hp->model_source, .nominal_source = hp->nominal_source,
		.ctl_names = rs->names, .load_type = rs->type, .dry_run = o->dry_run,
		.recognised = rs->s->hp ? NULL : hp->row,
	};

	figures_input(hp, &in);
	res = load_input(rs, &in, &r);
	if (res != ROUND_OK)
		return res;
	if (amp_advise(&in, &adv)) {
		say_error("cannot compute advice for these figures");
		return ROUND_FATAL;
	}
	if (o->apply || o->dry_run) {
		const struct amp_candidate *c = &adv.cand[adv.rec];
		struct amp_target t = { .route = c->route, .gain = c->gain, .limit_ma = c->limit_ma,
					.z_ohm = in.z_ohm, .has_ceiling = o->limit_level };

		if (o->limit_level)
			t.ceiling_db = amp_volume_for_level_db(c->route, c->gain, in.z_ohm, c->limit_ma,
							       amp_load_wiring(rs->st.load_type),
							       adv.s_db_v, o->target_spl_db);
		res = do_apply(rs, &t, &plan, &r.plan);
	}
	say_report(&r, o->json);
	if (res != ROUND_OK)
		return res;
	return adv.meets_target ? ROUND_OK : ROUND_SHORTFALL;
}

/* The route of a typed load. */
static enum amp_route route_of(const struct amp_dev_state *st)
{
	return st->load_type == AMP_LOAD_BALANCED ? AMP_ROUTE_BALANCED : AMP_ROUTE_UNBALANCED;
}

/*
 * A load no list knows. With --apply: the route of its jack, Normal gain, the 100 mA limit, and
 * the volume at most where full scale keeps an IEM of AMP_SAFE_SENS_DB_MW on this load under the
 * target. Without: an error that says how to remember it.
 */
static enum round unknown_load(const struct round_state *rs)
{
	const struct cli_opts *o = rs->s->o;
	double z[2] = { rs->st.z_milliohm[0] / 1000.0, rs->st.z_milliohm[1] / 1000.0 };
	double zmin = fmin(z[0], z[1]);
	struct sensitivity safe = { SENS_DB_MW, AMP_SAFE_SENS_DB_MW, 0 };
	struct amp_target t = { .route = route_of(&rs->st), .gain = AMP_GAIN_NORMAL,
				.limit_ma = amp_limits_ma[0], .z_ohm = zmin, .has_ceiling = true };
	struct amp_plan plan;
	struct amp_unknown u = {
		.device = device_name(rs->dev), .load_z_ohm = { z[0], z[1] }, .load_type = rs->type,
		.target_spl_db = o->target_spl_db, .user_list = rs->s->user_list,
		.system_list = rs->s->system_list, .dry_run = o->dry_run, .ctl_names = rs->names,
	};
	enum round res;

	if (!o->apply && !o->dry_run) {
		say_error("the headphone on %s (%.1f / %.1f Ohm, %s) is in no list of remembered headphones: give --sensitivity or --model, or remember it with --remember NAME",
			  device_name(rs->dev), z[0], z[1], rs->type);
		return ROUND_NO_LOAD;
	}
	t.ceiling_db = u.safe_volume_db = amp_volume_for_level_db(
		t.route, t.gain, zmin, t.limit_ma, amp_load_wiring(rs->st.load_type),
		sens_db_v(&safe, zmin), o->target_spl_db);
	res = do_apply(rs, &t, &plan, &u.plan);
	if (o->json)
		render_unknown_json(stdout, &u);
	else
		render_unknown_text(stdout, &u);
	return res;
}

/* Recognises the plugged headphone from the lists; advises, or treats it as unknown. */
static enum round recognise(const struct round_state *rs)
{
	struct hp_table lists = { 0 };
	struct hp_figures hp;
	const struct hp_model *m;
	double z[2];
	char err[512];
	enum round res = measured_load(rs, false);

	if (res != ROUND_OK)
		return res;
	if (userlist_load(&lists, rs->s->system_list, rs->s->user_list, err, sizeof(err))) {
		say_error("%s", err);
		return ROUND_FATAL;
	}
	z[0] = rs->st.z_milliohm[0] / 1000.0;
	z[1] = rs->st.z_milliohm[1] / 1000.0;
	m = userlist_identify(&lists, z, route_of(&rs->st));
	if (m) {
		hp_figures_of(m, &hp);
		res = advise(rs, &hp);
	} else {
		res = unknown_load(rs);
	}
	hp_table_free(&lists);
	return res;
}

static enum round one_round(struct amp_device *dev, const struct session *s, const sigset_t *mask)
{
	struct round_state rs = { .s = s, .dev = dev, .mask = mask };
	enum round res = read_state(&rs);

	if (res != ROUND_OK)
		return res;
	return s->hp ? advise(&rs, s->hp) : recognise(&rs);
}

/* --remember NAME: the load measured now, with the figures given, into the user's list. */
static int remember(struct amp_device *dev, const struct session *s, const sigset_t *mask)
{
	struct round_state rs = { .s = s, .dev = dev, .mask = mask };
	const struct hp_figures *hp = s->hp;
	char err[512], when[32], measured_by[160], source[1024];
	struct hp_model m = { 0 };
	time_t now = time(NULL);
	bool replaced;

	if (read_state(&rs) != ROUND_OK || measured_load(&rs, false) != ROUND_OK)
		return EXIT_RUNTIME;
	strftime(when, sizeof(when), "%Y-%m-%d", localtime(&now));
	snprintf(measured_by, sizeof(measured_by), "measured by amp-advise on %s, %s",
		 device_name(dev), when);
	if (hp->row)
		snprintf(source, sizeof(source), "the %s row '%s': %s", hp_origin_name(hp->row->origin),
			 hp->row->name, hp->row->source);
	else
		snprintf(source, sizeof(source), "given to amp-advise --remember, %s", when);
	m = (struct hp_model){
		.name = (char *)s->o->remember, .kind = hp->kind, .sens = hp->sens,
		.rdc_ohm = { rs.st.z_milliohm[0] / 1000.0, rs.st.z_milliohm[1] / 1000.0 },
		.rdc_source = measured_by, .source = source, .route = route_of(&rs.st),
		.based_on = hp->row ? hp->row->name : NULL, .origin = HP_ORIGIN_USER,
		.status = hp->z_nom > 0 ? NULL : "no nominal impedance given: the measured R_DC stands for it",
	};
	m.z_ohm = hp->z_nom > 0 ? hp->z_nom : fmin(m.rdc_ohm[0], m.rdc_ohm[1]);
	if (userlist_remember(s->user_list, &m, &replaced, err, sizeof(err))) {
		say_error("%s", err);
		return EXIT_RUNTIME;
	}
	render_remembered(stdout, &m, s->user_list, replaced, s->o->json);
	return EXIT_DONE;
}

static int exit_of(enum round r)
{
	switch (r) {
	case ROUND_OK:
		return EXIT_DONE;
	case ROUND_SHORTFALL:
		return EXIT_SHORTFALL;
	default:
		return EXIT_RUNTIME;
	}
}

static int watch(struct amp_device *dev, const struct session *s, const sigset_t *mask)
{
	for (;;) {
		enum round r = one_round(dev, s, mask);
		int ret;

		fflush(stdout);
		if (r == ROUND_FATAL)
			return EXIT_RUNTIME;
		do {
			if (stop_requested)
				return EXIT_DONE;
			ret = device_wait(dev, -1, mask);
		} while (ret == -EINTR);
		if (ret < 0) {
			say_error("lost %s: %s", device_name(dev), strerror(-ret));
			return EXIT_RUNTIME;
		}
	}
}

int session_run(const struct session *s)
{
	const struct cli_opts *o = s->o;
	struct amp_device *dev;
	char err[512];
	sigset_t block, old;
	struct sigaction sa = { .sa_handler = on_signal };
	int ret = device_open(&dev, o->card, o->device, err, sizeof(err));

	if (ret == -ENODEV && !o->card && !o->device) {
		/* No card: offline when the headphone's own impedance is known and nothing needs one. */
		if (!cli_wants_device(o) && s->hp && s->hp->table_load > 0)
			return SESSION_NO_CARD;
		say_error("%s: %s", err,
			  cli_wants_device(o) ? "--apply, --dry-run, --watch, --measure and --remember need one (give -c or -D)"
					      : "give -c or -D, or --impedance or --model to work offline");
		return EXIT_RUNTIME;
	}
	if (ret) {
		say_error("%s", err);
		return EXIT_RUNTIME;
	}
	/* SIGINT/SIGTERM stay blocked except while waiting, so none is lost between waits. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigprocmask(SIG_BLOCK, &block, &old);
	ret = device_subscribe(dev);
	if (ret < 0) {
		say_error("cannot subscribe to events on %s: %s", device_name(dev), strerror(-ret));
		ret = EXIT_RUNTIME;
	} else if (o->measure && measure(dev, &old)) {
		ret = EXIT_RUNTIME;
	} else if (o->remember) {
		ret = remember(dev, s, &old);
	} else if (o->watch) {
		ret = watch(dev, s, &old);
	} else {
		ret = exit_of(one_round(dev, s, &old));
	}
	device_close(dev);
	return ret;
}
