// SPDX-License-Identifier: GPL-2.0-only
/*
 * cli: argument parsing with glibc's getopt_long (unambiguous abbreviations of long options, as
 * amixer and friends take them). Options follow amixer's habits (-c, -D); values are checked
 * with the strict parsers of units.c.
 */
#include <getopt.h>
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
	"  -s, --sensitivity VALUE  97dB/mW, 102dB/V, 90dB@0.037V (also 97dB@1mW, 102dB/1Vrms)\n"
	"  -z, --impedance OHMS     override the measured load; alone, work offline\n"
	"      --nominal-impedance OHMS  the impedance a dB/mW sensitivity refers to\n"
	"  -m, --model NAME         a headphone from the table (see --list-models)\n"
	"      --data FILE          headphone table to use instead of the installed one\n"
	"      --list-models        print the known headphones with their figures and exit\n"
	"      --remember NAME      store what is plugged now (measured) as NAME with the figures\n"
	"                           of --model or --sensitivity, to be recognised on plug\n"
	"      --user-list FILE     personal headphone list instead of ~/.config/amp-advise/headphones.json\n"
	"  -t, --target-spl DB      peak level to reach in dB SPL (default 110)\n"
	"Output and actions:\n"
	"  -j, --json               print one JSON object instead of text\n"
	"  -a, --apply              set the recommendation on the device (never louder)\n"
	"  -n, --dry-run            show the writes --apply would make, make none\n"
	"  -w, --watch              advise again on every plug or measurement, until SIGINT/SIGTERM\n"
	"      --limit-level        with --apply: at most the volume at which full scale gives the\n"
	"                           target level (never raised)\n"
	"  -h, --help               this text\n"
	"  -V, --version            the version\n"
	"\n"
	"Without --sensitivity or --model, the plugged headphone is recognised from the personal lists\n"
	"by its measured resistance and jack; with --apply, an unknown one gets a hearing-safe volume.\n"
	"Long options may be abbreviated while unambiguous (--imp 32).\n"
	"Exit status: 0 done, 1 runtime error, 2 usage error, 3 no mode reaches the target.\n";

/* Values of the options without a short form; above any character. */
enum { OPT_MEASURE = 256, OPT_DATA, OPT_LIST, OPT_NOMINAL, OPT_COMPLETE, OPT_REMEMBER, OPT_USER_LIST,
       OPT_LIMIT_LEVEL };

static const char shortopts[] = "+:c:D:s:z:m:t:janwhV";

static const struct option longopts[] = {
	{ "card", required_argument, NULL, 'c' },
	{ "device", required_argument, NULL, 'D' },
	{ "measure", no_argument, NULL, OPT_MEASURE },
	{ "sensitivity", required_argument, NULL, 's' },
	{ "impedance", required_argument, NULL, 'z' },
	{ "nominal-impedance", required_argument, NULL, OPT_NOMINAL },
	{ "model", required_argument, NULL, 'm' },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "list-models", no_argument, NULL, OPT_LIST },
	{ "complete-model", required_argument, NULL, OPT_COMPLETE },
	{ "remember", required_argument, NULL, OPT_REMEMBER },
	{ "user-list", required_argument, NULL, OPT_USER_LIST },
	{ "limit-level", no_argument, NULL, OPT_LIMIT_LEVEL },
	{ "target-spl", required_argument, NULL, 't' },
	{ "json", no_argument, NULL, 'j' },
	{ "apply", no_argument, NULL, 'a' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "watch", no_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* errmsg() returns -1, which is CLI_USAGE_ERROR. */
#define usage_error(err, errlen, ...) ((enum cli_result)errmsg(err, errlen, __VA_ARGS__))

/* The long name of an option value, for messages. */
static const char *long_name(int val)
{
	for (const struct option *lo = longopts; lo->name; lo++)
		if (lo->val == val)
			return lo->name;
	return "?";
}

/* Applies one option with its value (NULL for flags). */
static enum cli_result take(struct cli_opts *o, int opt, const char *arg, char *err, size_t errlen)
{
	char why[160];

	switch (opt) {
	case 'c':
		if (!*arg)
			return usage_error(err, errlen, "empty --card: expected a card number or id");
		o->card = arg;
		break;
	case 'D':
		if (!*arg)
			return usage_error(err, errlen, "empty --device: expected an ALSA control name");
		o->device = arg;
		break;
	case OPT_MEASURE:
		o->measure = true;
		break;
	case 's':
		if (units_parse_sensitivity(arg, &o->sens, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --sensitivity '%s': %s", arg, why);
		o->have_sens = true;
		break;
	case 'z':
		if (units_parse_impedance(arg, &o->impedance_ohm, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --impedance '%s': %s", arg, why);
		break;
	case OPT_NOMINAL:
		if (units_parse_impedance(arg, &o->nominal_ohm, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --nominal-impedance '%s': %s", arg, why);
		break;
	case 'm':
		if (!*arg)
			return usage_error(err, errlen, "empty --model: expected a model name (see --list-models)");
		o->model = arg;
		break;
	case OPT_DATA:
		if (!*arg)
			return usage_error(err, errlen, "empty --data: expected a headphone table file");
		o->data = arg;
		break;
	case OPT_LIST:
		o->list_models = true;
		break;
	case OPT_COMPLETE:
		o->complete_model = arg;
		break;
	case OPT_REMEMBER:
		if (!*arg || strlen(arg) > 200)
			return usage_error(err, errlen, "--remember '%s': expected a name of 1 to 200 bytes", arg);
		o->remember = arg;
		break;
	case OPT_USER_LIST:
		if (!*arg)
			return usage_error(err, errlen, "empty --user-list: expected a file");
		o->user_list = arg;
		break;
	case OPT_LIMIT_LEVEL:
		o->limit_level = true;
		break;
	case 't':
		if (units_parse_spl(arg, &o->target_spl_db, why, sizeof(why)))
			return usage_error(err, errlen, "invalid --target-spl '%s': %s", arg, why);
		break;
	case 'j':
		o->json = true;
		break;
	case 'a':
		o->apply = true;
		break;
	case 'n':
		o->dry_run = true;
		break;
	case 'w':
		o->watch = true;
		break;
	case 'h':
		return CLI_HELP;
	case 'V':
		return CLI_VERSION;
	}
	return CLI_RUN;
}

/* The long options that "--name" (up to '=') abbreviates, as "--a, --b" in buf; their count. */
static int matches(const char *arg, char *buf, size_t n)
{
	size_t len = strcspn(arg, "=");
	int hits = 0;

	buf[0] = '\0';
	for (const struct option *lo = longopts; lo->name; lo++) {
		if (strncmp(lo->name, arg, len))
			continue;
		if (strlen(lo->name) == len)
			return snprintf(buf, n, "--%s", lo->name), 1;
		snprintf(buf + strlen(buf), n - strlen(buf), "%s--%s", hits ? ", " : "", lo->name);
		hits++;
	}
	return hits;
}

/* What getopt_long refused ('?'): an unknown or ambiguous option, or a value given to a flag. */
static enum cli_result refused(char *const argv[], char *err, size_t errlen)
{
	const char *a = argv[optind - 1];
	char names[256];

	if (optopt && (optopt > 255 || strchr(shortopts, optopt)) && !strncmp(a, "--", 2))
		return usage_error(err, errlen, "option '--%s' takes no value", long_name(optopt));
	if (optopt)
		return usage_error(err, errlen, "unknown option '-%c' (see --help)", optopt);
	if (matches(a + 2, names, sizeof(names)) > 1)
		return usage_error(err, errlen, "ambiguous option '%.*s': %s", (int)strcspn(a, "="), a,
				   names);
	return usage_error(err, errlen, "unknown option '%.*s' (see --help)", (int)strcspn(a, "="), a);
}

static enum cli_result check(const struct cli_opts *o, char *err, size_t errlen)
{
	if (o->list_models || o->complete_model)
		return CLI_RUN;
	if (o->data && !o->model)
		return usage_error(err, errlen,
				   "--data '%s' is a headphone table for --model, --list-models or --complete-model: give one of them",
				   o->data);
	if (o->card && o->device)
		return usage_error(err, errlen, "give either --card or --device, not both");
	if (o->remember && !cli_has_figures(o))
		return usage_error(err, errlen,
				   "--remember '%s' needs the headphone's figures: --model MODEL, or --sensitivity (and --nominal-impedance)",
				   o->remember);
	if (o->remember && (o->apply || o->dry_run || o->watch || o->impedance_ohm > 0))
		return usage_error(err, errlen,
				   "--remember stores the load measured now: give it without --apply, --dry-run, --watch and --impedance");
	if (o->user_list && o->have_sens && !o->model && !o->remember)
		return usage_error(err, errlen,
				   "--user-list '%s' is read to recognise the headphone, for --model or --remember; --sensitivity names it already",
				   o->user_list);
	if (o->limit_level && !o->apply && !o->dry_run)
		return usage_error(err, errlen, "--limit-level sets the volume: give it with --apply or --dry-run");
	if (!cli_has_figures(o) && o->impedance_ohm > 0)
		return usage_error(err, errlen,
				   "no headphone data: give --sensitivity (e.g. 97dB/mW) or --model NAME (a plugged headphone is recognised by its measured load, without --impedance)");
	return CLI_RUN;
}

/*
 * Every argument is read even after an error, so that --json (which asks for the error as JSON
 * too) counts wherever it stands; the first error is the one reported.
 */
enum cli_result cli_parse(int argc, char *const argv[], struct cli_opts *o, char *err, size_t errlen)
{
	enum cli_result res = CLI_RUN;
	char first[512];
	int c;

	*o = (struct cli_opts){ .target_spl_db = AMP_DEFAULT_TARGET_SPL };
	optind = 0; /* glibc: start afresh */
	opterr = 0;
	first[0] = '\0';
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		enum cli_result r;

		if (c == '?')
			r = refused(argv, first, sizeof(first));
		else if (c == ':')
			r = optopt > 255 || !strncmp(argv[optind - 1], "--", 2)
				    ? usage_error(first, sizeof(first), "option '--%s' needs a value",
						  long_name(optopt))
				    : usage_error(first, sizeof(first), "option '-%c' needs a value", optopt);
		else
			r = take(o, c, optarg, first, sizeof(first));
		if (r != CLI_RUN && res == CLI_RUN) {
			res = r;
			if (r == CLI_USAGE_ERROR)
				errmsg(err, errlen, "%s", first);
		}
	}
	if (res == CLI_RUN && optind < argc)
		res = usage_error(err, errlen, "unexpected argument '%s' (see --help)", argv[optind]);
	if (res != CLI_RUN)
		return res;
	return check(o, err, errlen);
}

bool cli_has_figures(const struct cli_opts *o)
{
	return o->have_sens || o->model;
}

bool cli_wants_device(const struct cli_opts *o)
{
	return o->card || o->device || o->apply || o->dry_run || o->watch || o->measure || o->remember;
}

bool cli_offline(const struct cli_opts *o)
{
	return o->impedance_ohm > 0 && !cli_wants_device(o);
}
