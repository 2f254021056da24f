// SPDX-License-Identifier: GPL-2.0-only
/*
 * cli: argument parsing. Options follow amixer's habits (-c, -D); values are checked with the
 * strict parsers of units.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "errmsg.h"
#include "units.h"

const char cli_usage[] =
	"Usage: amp-advise [OPTION]...\n"
	"Recommend (and apply) HPA380 gain mode, output route and current limit for a headphone.\n"
	"\n"
	"Device (default: the first card with the HPA380 controls):\n"
	"  -c, --card N|ID          sound card number or id\n"
	"  -D, --device NAME        ALSA control device name\n"
	"      --measure            start a load measurement first and wait for it\n"
	"Headphone:\n"
	"  -s, --sensitivity VALUE  97dB/mW, 102dB/V or 90dB@0.037V\n"
	"  -z, --impedance OHMS     override the measured load; alone, work offline\n"
	"  -m, --model NAME         a headphone from the table (see --list-models)\n"
	"      --data FILE          headphone table to use instead of the installed one\n"
	"      --list-models        print the headphone table's models and exit\n"
	"  -t, --target-spl DB      peak level to reach in dB SPL (default 110)\n"
	"Output and actions:\n"
	"  -j, --json               print one JSON object instead of text\n"
	"  -a, --apply              set the recommendation on the device (never louder)\n"
	"  -n, --dry-run            show the writes --apply would make, make none\n"
	"  -w, --watch              advise again on every plug or measurement, until SIGINT/SIGTERM\n"
	"  -h, --help               this text\n"
	"  -V, --version            the version\n"
	"\n"
	"Exit status: 0 done, 1 runtime error, 2 usage error, 3 no mode reaches the target.\n";

enum opt_id {
	OPT_CARD, OPT_DEVICE, OPT_MEASURE, OPT_SENS, OPT_Z, OPT_MODEL, OPT_DATA, OPT_LIST,
	OPT_TARGET, OPT_JSON, OPT_APPLY, OPT_DRY, OPT_WATCH, OPT_HELP, OPT_VERSION,
};

static const struct opt {
	char short_name;
	const char *long_name;
	bool has_arg;
	enum opt_id id;
} opts[] = {
	{ 'c', "card", true, OPT_CARD },
	{ 'D', "device", true, OPT_DEVICE },
	{ 0, "measure", false, OPT_MEASURE },
	{ 's', "sensitivity", true, OPT_SENS },
	{ 'z', "impedance", true, OPT_Z },
	{ 'm', "model", true, OPT_MODEL },
	{ 0, "data", true, OPT_DATA },
	{ 0, "list-models", false, OPT_LIST },
	{ 't', "target-spl", true, OPT_TARGET },
	{ 'j', "json", false, OPT_JSON },
	{ 'a', "apply", false, OPT_APPLY },
	{ 'n', "dry-run", false, OPT_DRY },
	{ 'w', "watch", false, OPT_WATCH },
	{ 'h', "help", false, OPT_HELP },
	{ 'V', "version", false, OPT_VERSION },
};

#define N_OPTS (sizeof(opts) / sizeof(opts[0]))

/* errmsg() returns -1, which is CLI_USAGE_ERROR. */
#define usage_error(err, errlen, ...) ((enum cli_result)errmsg(err, errlen, __VA_ARGS__))

static const struct opt *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (strlen(opts[i].long_name) == len && !strncmp(opts[i].long_name, name, len))
			return &opts[i];
	return NULL;
}

static const struct opt *find_short(char c)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].short_name && opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

/* Applies one option with its value (NULL for flags). */
static enum cli_result take(struct cli_opts *o, const struct opt *op, const char *arg,
			    char *err, size_t errlen)
{
	char why[160];

	switch (op->id) {
	case OPT_CARD:
		if (!*arg)
			return usage_error(err, errlen, "empty --card: expected a card number or id");
		o->card = arg;
		break;
	case OPT_DEVICE:
		if (!*arg)
			return usage_error(err, errlen, "empty --device: expected an ALSA control name");
		o->device = arg;
		break;
	case OPT_MEASURE:
		o->measure = true;
		break;
	case OPT_SENS:
		if (units_parse_sensitivity(arg, &o->sens, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --sensitivity '%s': %s", arg, why);
		o->have_sens = true;
		break;
	case OPT_Z:
		if (units_parse_impedance(arg, &o->impedance_ohm, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --impedance '%s': %s", arg, why);
		break;
	case OPT_MODEL:
		if (!*arg)
			return usage_error(err, errlen, "empty --model: expected a model name (see --list-models)");
		o->model = arg;
		break;
	case OPT_DATA:
		if (!*arg)
			return usage_error(err, errlen, "empty --data: expected a CSV file");
		o->data = arg;
		break;
	case OPT_LIST:
		o->list_models = true;
		break;
	case OPT_TARGET:
		if (units_parse_spl(arg, &o->target_spl_db, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --target-spl '%s': %s", arg, why);
		break;
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_APPLY:
		o->apply = true;
		break;
	case OPT_DRY:
		o->dry_run = true;
		break;
	case OPT_WATCH:
		o->watch = true;
		break;
	case OPT_HELP:
		return CLI_HELP;
	case OPT_VERSION:
		return CLI_VERSION;
	}
	return CLI_RUN;
}

/* One "--name[=value]" argument; *i advances past a separate value. */
static enum cli_result parse_long(int argc, char *const argv[], int *i, struct cli_opts *o,
				  char *err, size_t errlen)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	const struct opt *op = find_long(a, len);

	if (!op)
		return usage_error(err, errlen, "unknown option '--%.*s' (see --help)", (int)len, a);
	if (!op->has_arg) {
		if (eq)
			return usage_error(err, errlen, "option '--%s' takes no value", op->long_name);
		return take(o, op, NULL, err, errlen);
	}
	if (eq)
		return take(o, op, eq + 1, err, errlen);
	if (*i + 1 >= argc)
		return usage_error(err, errlen, "option '--%s' needs a value", op->long_name);
	return take(o, op, argv[++*i], err, errlen);
}

/* One "-x", "-xVALUE" or bundle of flags "-jn". */
static enum cli_result parse_short(int argc, char *const argv[], int *i, struct cli_opts *o,
				   char *err, size_t errlen)
{
	const char *a = argv[*i] + 1;

	for (; *a; a++) {
		const struct opt *op = find_short(*a);
		enum cli_result r;

		if (!op)
			return usage_error(err, errlen, "unknown option '-%c' (see --help)", *a);
		if (!op->has_arg) {
			r = take(o, op, NULL, err, errlen);
			if (r != CLI_RUN)
				return r;
			continue;
		}
		if (a[1])
			return take(o, op, a + 1, err, errlen);
		if (*i + 1 >= argc)
			return usage_error(err, errlen, "option '-%c' needs a value", *a);
		return take(o, op, argv[++*i], err, errlen);
	}
	return CLI_RUN;
}

static enum cli_result check(const struct cli_opts *o, char *err, size_t errlen)
{
	if (o->list_models)
		return CLI_RUN;
	if (o->card && o->device)
		return usage_error(err, errlen, "give either --card or --device, not both");
	if (!o->have_sens && !o->model)
		return usage_error(err, errlen,
				   "no headphone data: give --sensitivity (e.g. 97dB/mW) or --model NAME");
	return CLI_RUN;
}

enum cli_result cli_parse(int argc, char *const argv[], struct cli_opts *o, char *err, size_t errlen)
{
	*o = (struct cli_opts){ .target_spl_db = AMP_DEFAULT_TARGET_SPL };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		enum cli_result r;

		if (!strcmp(a, "--")) {
			if (i + 1 < argc)
				return usage_error(err, errlen, "unexpected argument '%s'", argv[i + 1]);
			break;
		}
		if (a[0] == '-' && a[1] == '-')
			r = parse_long(argc, argv, &i, o, err, errlen);
		else if (a[0] == '-' && a[1])
			r = parse_short(argc, argv, &i, o, err, errlen);
		else
			return usage_error(err, errlen, "unexpected argument '%s' (see --help)", a);
		if (r != CLI_RUN)
			return r;
	}
	return check(o, err, errlen);
}

bool cli_offline(const struct cli_opts *o)
{
	return o->impedance_ohm > 0 && !o->card && !o->device && !o->apply && !o->dry_run &&
	       !o->watch && !o->measure;
}
