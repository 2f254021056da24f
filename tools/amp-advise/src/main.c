// SPDX-License-Identifier: GPL-2.0-only
/*
 * amp-advise: parse -> read the device (or not, offline) -> advise -> render -> apply.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "advise.h"
#include "apply.h"
#include "cli.h"
#include "ctl.h"
#include "device.h"
#include "errmsg.h"
#include "headphones.h"
#include "render.h"

#ifndef AMP_VERSION
#define AMP_VERSION "0.1"
#endif
#ifndef AMP_DATADIR
#define AMP_DATADIR "/usr/local/share/amp-advise"
#endif

enum exit_code { EXIT_DONE = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_SHORTFALL = 3 };

/* Outcome of one round of advice on a device. */
enum round { ROUND_OK, ROUND_SHORTFALL, ROUND_NO_LOAD, ROUND_FATAL };

/* Measurement time-out: the datasheet maximum is 100 ms; allow for scheduling. */
#define MEASURE_TIMEOUT_MS 1000

/* What is known of the headphone, from the options and the lists. */
struct headphone {
	struct sensitivity sens;
	const char *model, *model_source;
	double z_nom;                /* nominal impedance, 0 when unknown */
	const char *nominal_source;  /* "table", "user", "system", "given" */
	double z_fit_lo, z_fit_hi;   /* the R_DC it can measure, 0: no check */
	double table_load;           /* the load offline: its R_DC if published, else z_nom */
};

static volatile sig_atomic_t stop_requested;

/* --json: errors go to stdout as a JSON object too. */
static bool json_errors;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* One line on stderr, whatever a name or value held; under --json also an object on stdout. */
#define error_line(...)                                            \
	do {                                                       \
		char line_[1024];                                  \
		errmsg(line_, sizeof(line_), __VA_ARGS__);         \
		fprintf(stderr, "amp-advise: %s\n", line_);        \
		if (json_errors)                                   \
			render_error_json(stdout, line_);          \
	} while (0)

/* --data, else data/ beside the executable (a build tree), else the installed table. */
static const char *table_path(const struct cli_opts *o, char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len;

	if (o->data)
		return o->data;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, n, "%s/data/headphones.json", exe);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, n, "%s/headphones.json", AMP_DATADIR);
	return buf;
}

/* --complete-model WORD: the names the lookup would take WORD for, one a line. */
static void complete_models(const struct hp_table *t, const char *word)
{
	size_t n = hp_table_matches(t, word, NULL, 0);
	const struct hp_model **m = calloc(n ? n : 1, sizeof(*m));

	if (!m)
		return;
	hp_table_matches(t, word, m, n);
	for (size_t i = 0; i < n; i++)
		printf("%s\n", m[i]->name);
	free(m);
}

static void render(const struct amp_report *r, bool json)
{
	if (json)
		render_json(stdout, r);
	else
		render_text(stdout, r);
}

/* The headphone's impedances into the input of the maths. */
static void headphone_input(const struct headphone *hp, struct amp_input *in)
{
	in->sens = hp->sens;
	in->z_nom_ohm = hp->z_nom;
	in->z_fit_lo_ohm = hp->z_fit_lo;
	in->z_fit_hi_ohm = hp->z_fit_hi;
}

/* --impedance, else (-m or --nominal-impedance, no card) the table's load. */
static int run_offline(const struct cli_opts *o, const struct headphone *hp)
{
	struct amp_input in = {
		.z_ohm = o->impedance_ohm > 0 ? o->impedance_ohm : hp->table_load,
		.target_spl_db = o->target_spl_db,
		.route_allowed = { true, true },
	};
	struct amp_advice adv;
	struct amp_report r = {
		.in = &in, .adv = &adv, .load_z_ohm = { in.z_ohm, in.z_ohm }, .load_type = "unknown",
		.load_source = o->impedance_ohm > 0 ? "given" : "table", .model = hp->model,
		.model_source = hp->model_source, .nominal_source = hp->nominal_source,
	};

	headphone_input(hp, &in);

	if (amp_advise(&in, &adv)) {
		error_line("cannot compute advice for these figures");
		return EXIT_RUNTIME;
	}
	render(&r, o->json);
	return adv.meets_target ? EXIT_DONE : EXIT_SHORTFALL;
}

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
		error_line("cannot start a load measurement: the amplifier is busy (audio playing?)");
		return ret;
	}
	if (ret) {
		error_line("cannot write '%s': %s", device_ctl_name(dev, AMP_CTL_DETECT_TRIGGER),
			   strerror(-ret));
		return ret;
	}
	ret = wait_measured(dev, mask);
	if (ret)
		error_line("load measurement did not finish: %s", strerror(-ret));
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

/* The load for the maths: --impedance, else the measured channels (the lower one). */
static enum round load_input(const struct amp_device *dev, const struct cli_opts *o,
			     const struct amp_dev_state *st, struct amp_input *in,
			     struct amp_report *r)
{
	bool typed = st->load_type == AMP_LOAD_UNBALANCED || st->load_type == AMP_LOAD_BALANCED;

	in->fault = st->fault;
	pick_routes(st, in->route_allowed);
	if (o->impedance_ohm > 0) {
		in->z_ohm = o->impedance_ohm;
		r->load_z_ohm[0] = r->load_z_ohm[1] = in->z_ohm;
		r->load_source = "given";
		return ROUND_OK;
	}
	if (st->detect == AMP_DETECT_ERROR) {
		error_line("load detection on %s ended in an error; replug, or try --measure",
			   device_name(dev));
		return ROUND_NO_LOAD;
	}
	if (!typed || st->z_milliohm[0] <= 0 || st->z_milliohm[1] <= 0) {
		error_line("no usable load on %s: Load Type is %s, impedance %ld/%ld mOhm (%s); give --impedance to override",
			   device_name(dev), amp_ctls[AMP_CTL_LOAD_TYPE].items[st->load_type],
			   st->z_milliohm[0], st->z_milliohm[1], no_load_hint(st));
		return ROUND_NO_LOAD;
	}
	r->load_source = "measured";
	in->z_left_ohm = r->load_z_ohm[0] = st->z_milliohm[0] / 1000.0;
	in->z_right_ohm = r->load_z_ohm[1] = st->z_milliohm[1] / 1000.0;
	in->z_ohm = fmin(in->z_left_ohm, in->z_right_ohm);
	return ROUND_OK;
}

static enum round apply_advice(struct amp_device *dev, const struct cli_opts *o,
			       const struct amp_dev_state *st, struct amp_report *r,
			       struct amp_plan *plan)
{
	const struct amp_candidate *c = &r->adv->cand[r->adv->rec];
	struct amp_target t = { c->route, c->gain, c->limit_ma, r->in->z_ohm };
	enum amp_ctl bad = AMP_CTL_VOLUME;
	int ret = apply(&device_ops, dev, st, &t, o->dry_run, plan, &bad);

	r->plan = plan;
	r->dry_run = o->dry_run;
	if (ret) {
		r->plan = plan->n ? plan : NULL;
		if (ret == -ENOENT)
			error_line("%s has no '%s' control, needed to apply", device_name(dev),
				   device_ctl_name(dev, bad));
		else
			error_line("%s '%s' failed: %s", plan->n ? "writing" : "reading",
				   device_ctl_name(dev, bad), strerror(-ret));
		return ROUND_FATAL;
	}
	return ROUND_OK;
}

static enum round advise_device(struct amp_device *dev, const struct cli_opts *o,
				const struct headphone *hp, const sigset_t *mask)
{
	struct amp_dev_state st;
	struct amp_input in = { .target_spl_db = o->target_spl_db };
	struct amp_advice adv;
	struct amp_plan plan;
	const char *names[AMP_CTL_COUNT];
	char type[32];
	enum amp_ctl bad;
	enum round res = ROUND_OK;
	struct amp_report r = {
		.in = &in, .adv = &adv, .device = device_name(dev), .model = hp->model,
		.model_source = hp->model_source, .nominal_source = hp->nominal_source, .ctl_names = names,
	};
	int ret = wait_measured(dev, mask);

	headphone_input(hp, &in);
	if (ret) {
		error_line("waiting for the load measurement on %s: %s", device_name(dev),
			   strerror(-ret));
		return ROUND_FATAL;
	}
	ret = amp_state_read(&device_ops, dev, &st, &bad);
	if (ret) {
		error_line("cannot read '%s' on %s: %s", device_ctl_name(dev, bad), device_name(dev),
			   ret == -ERANGE ? "unknown value" : strerror(-ret));
		return ROUND_FATAL;
	}
	for (int id = 0; id < AMP_CTL_COUNT; id++)
		names[id] = device_ctl_name(dev, id);
	r.load_type = amp_item_lower(AMP_CTL_LOAD_TYPE, st.load_type, type, sizeof(type));
	res = load_input(dev, o, &st, &in, &r);
	if (res != ROUND_OK)
		return res;
	if (amp_advise(&in, &adv)) {
		error_line("cannot compute advice for these figures");
		return ROUND_FATAL;
	}
	if (o->apply || o->dry_run)
		res = apply_advice(dev, o, &st, &r, &plan);
	render(&r, o->json);
	if (res != ROUND_OK)
		return res;
	return adv.meets_target ? ROUND_OK : ROUND_SHORTFALL;
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

static int watch(struct amp_device *dev, const struct cli_opts *o, const struct headphone *hp,
		 const sigset_t *mask)
{
	for (;;) {
		enum round r = advise_device(dev, o, hp, mask);
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
			error_line("lost %s: %s", device_name(dev), strerror(-ret));
			return EXIT_RUNTIME;
		}
	}
}

static int run_device(const struct cli_opts *o, const struct headphone *hp)
{
	struct amp_device *dev;
	char err[512];
	sigset_t block, old;
	struct sigaction sa = { .sa_handler = on_signal };
	int ret = device_open(&dev, o->card, o->device, err, sizeof(err));

	if (ret == -ENODEV && !o->card && !o->device) {
		/* No card: offline when the headphone's own impedance is known and nothing needs one. */
		if (!cli_wants_device(o) && hp->table_load > 0)
			return run_offline(o, hp);
		error_line("%s: %s", err,
			   cli_wants_device(o) ? "--apply, --dry-run, --watch and --measure need one (give -c or -D)"
					       : "give -c or -D, or --impedance or --model to work offline");
		return EXIT_RUNTIME;
	}
	if (ret) {
		error_line("%s", err);
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
		error_line("cannot subscribe to events on %s: %s", device_name(dev), strerror(-ret));
		ret = EXIT_RUNTIME;
	} else if (o->measure && measure(dev, &old)) {
		ret = EXIT_RUNTIME;
	} else if (o->watch) {
		ret = watch(dev, o, hp, &old);
	} else {
		ret = exit_of(advise_device(dev, o, hp, &old));
	}
	device_close(dev);
	return ret;
}

int main(int argc, char **argv)
{
	struct cli_opts o;
	struct hp_table table = { 0 };
	struct headphone hp = { 0 };
	char err[512], path[PATH_MAX + 32];
	int ret;

	enum cli_result parsed = cli_parse(argc, argv, &o, err, sizeof(err));

	json_errors = o.json;
	switch (parsed) {
	case CLI_HELP:
		fputs(cli_usage, stdout);
		return EXIT_DONE;
	case CLI_VERSION:
		printf("amp-advise %s\n", AMP_VERSION);
		return EXIT_DONE;
	case CLI_USAGE_ERROR:
		error_line("%s", err);
		return EXIT_USAGE;
	case CLI_RUN:
		break;
	}
	if (o.list_models || o.model || o.complete_model) {
		if (hp_table_load(table_path(&o, path, sizeof(path)), HP_ORIGIN_TABLE, false, &table, err,
				  sizeof(err))) {
			error_line("%s", err);
			return EXIT_RUNTIME;
		}
	}
	if (o.list_models || o.complete_model) {
		if (o.complete_model)
			complete_models(&table, o.complete_model);
		else if (o.json)
			render_models_json(stdout, &table);
		else
			render_models_text(stdout, &table);
		hp_table_free(&table);
		return EXIT_DONE;
	}
	if (o.model) {
		const struct hp_model *m = hp_table_find(&table, o.model, err, sizeof(err));

		if (!m) {
			error_line("%s", err);
			hp_table_free(&table);
			return EXIT_USAGE;
		}
		hp.sens = m->sens;
		hp.model = m->name;
		hp.model_source = m->source;
		hp.z_nom = m->z_ohm;
		hp.nominal_source = hp_origin_name(m->origin);
		hp_rdc_range(m->kind, m->z_ohm, m->rdc_ohm, &hp.z_fit_lo, &hp.z_fit_hi);
		hp.table_load = m->rdc_ohm[0] > 0 ? fmin(m->rdc_ohm[0], m->rdc_ohm[1]) : m->z_ohm;
		if (o.nominal_ohm > 0)
			hp_rdc_range(m->kind, o.nominal_ohm, NULL, &hp.z_fit_lo, &hp.z_fit_hi);
	} else if (o.nominal_ohm > 0) {
		hp_rdc_range(HP_KIND_UNKNOWN, o.nominal_ohm, NULL, &hp.z_fit_lo, &hp.z_fit_hi);
	}
	if (o.nominal_ohm > 0) {
		hp.z_nom = hp.table_load = o.nominal_ohm;
		hp.nominal_source = "given";
	}
	if (o.have_sens)
		hp.sens = o.sens;
	ret = cli_offline(&o) ? run_offline(&o, &hp) : run_device(&o, &hp);
	hp_table_free(&table);
	return ret;
}
