// SPDX-License-Identifier: GPL-2.0-only
/*
 * render: text for people, JSON (schema 1, see the man page) for programs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "headphones.h"
#include "render.h"
#include "units.h"

/* "+1.76" style, never "-0.00". */
static double tidy(double v, int decimals)
{
	double scale = pow(10.0, decimals);
	double r = round(v * scale) / scale;

	return r == 0.0 ? 0.0 : r;
}

static void lower(const char *s, char *buf, size_t n)
{
	size_t i = 0;

	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	buf[i] = '\0';
}

static const struct amp_candidate *recommended(const struct amp_report *r)
{
	return &r->adv->cand[r->adv->rec];
}

void render_warning(const struct amp_report *r, const struct amp_warning *w, char *buf, size_t n)
{
	const struct amp_candidate *c = recommended(r);
	const char *route = amp_route_name(c->route), *gain = amp_gain_name(c->gain);

	switch (w->code) {
	case AMP_WARN_SHORTFALL:
		snprintf(buf, n,
			 "no mode reaches %.1f dB SPL: the loudest, %s/%s, falls short by %.2f dB (maximum %.2f dB SPL)",
			 r->in->target_spl_db, route, gain, w->value, c->max_spl_db);
		break;
	case AMP_WARN_HISS_AUDIBLE:
		snprintf(buf, n, "audible hiss: the amplifier's noise reaches %.1f dB SPL at the ear in %s/%s (above 10 dB SPL)",
			 w->value, route, gain);
		break;
	case AMP_WARN_HISS_POSSIBLE:
		snprintf(buf, n, "hiss possibly audible: the amplifier's noise reaches %.1f dB SPL at the ear in %s/%s (above 0 dB SPL)",
			 w->value, route, gain);
		break;
	case AMP_WARN_LOW_DAMPING:
		snprintf(buf, n, "damping factor %.1f is below 8 (%.1f Ohm load, %.1f Ohm output impedance): the amplifier may colour the response",
			 w->value, r->in->z_ohm, amp_zout(c->route));
		break;
	case AMP_WARN_BATTERY_BALANCED:
		snprintf(buf, n, "battery: Balanced draws %.0f mA quiescent current instead of %.0f mA for Unbalanced",
			 w->value, amp_quiescent_ma(AMP_ROUTE_UNBALANCED));
		break;
	case AMP_WARN_BATTERY_LIMIT:
		snprintf(buf, n, "battery: a %.0f mA current limit instead of the 100 mA battery saver costs battery and heat at high levels",
			 w->value);
		break;
	case AMP_WARN_CHANNEL_MISMATCH:
		snprintf(buf, n, "left and right loads differ by %.1f %% (%.1f and %.1f Ohm): check the plug and cable",
			 w->value, r->in->z_left_ohm, r->in->z_right_ohm);
		break;
	case AMP_WARN_IMPEDANCE_MISMATCH:
		snprintf(buf, n, "the load's %.1f Ohm does not fit %s%s%s (%.1f Ohm nominal, so %.1f to %.1f Ohm DC): another headphone is plugged in, or the model is wrong",
			 w->value, r->model ? "'" : "the headphone", r->model ? r->model : "", r->model ? "'" : "",
			 r->in->z_nom_ohm, r->in->z_fit_lo_ohm, r->in->z_fit_hi_ohm);
		break;
	case AMP_WARN_FAULT:
	default:
		snprintf(buf, n, "the amplifier reports a fault: %s",
			 amp_ctls[AMP_CTL_FAULT].items[(size_t)w->value % amp_ctls[AMP_CTL_FAULT].n_items]);
		break;
	}
}

static const char *ctl_name(const struct amp_report *r, enum amp_ctl id)
{
	return r->ctl_names ? r->ctl_names[id] : amp_ctls[id].name;
}

void render_plan_text(FILE *out, const struct amp_report *r)
{
	const struct amp_plan *p = r->plan;
	const char *verb = r->dry_run ? "would set" : "set";

	if (p->n == 0) {
		fprintf(out, "Apply: the device is already set as recommended.\n");
		return;
	}
	if (p->volume_lowered && p->ceiling_applied)
		fprintf(out, "Apply: %s '%s' %ld,%ld -> %ld,%ld first: to the volume ceiling of %.1f dB (the new mode is %.2f dB %s).\n",
			r->dry_run ? "would lower" : "lowered", ctl_name(r, AMP_CTL_VOLUME),
			p->vol_from[0], p->vol_from[1], p->vol_to[0], p->vol_to[1], p->ceiling_db,
			fabs(p->mode_change_db), p->mode_change_db > 0 ? "louder" : "quieter or the same");
	else if (p->volume_lowered)
		fprintf(out, "Apply: %s '%s' %ld,%ld -> %ld,%ld first: lowered by %.1f dB because the new mode is %.2f dB louder.\n",
			r->dry_run ? "would lower" : "lowered", ctl_name(r, AMP_CTL_VOLUME),
			p->vol_from[0], p->vol_from[1], p->vol_to[0], p->vol_to[1], p->lowered_db,
			p->mode_change_db);
	else if (p->mode_change_db > 0)
		fprintf(out, "Apply: the new mode is %.2f dB louder but '%s' is already at its minimum.\n",
			p->mode_change_db, ctl_name(r, AMP_CTL_VOLUME));
	for (size_t i = p->volume_lowered ? 1 : 0; i < p->n; i++) {
		const struct amp_write *w = &p->w[i];

		fprintf(out, "Apply: %s '%s' = %s%s\n", verb, ctl_name(r, w->ctl),
			amp_ctls[w->ctl].items[w->val[0]],
			!r->dry_run && i >= p->done ? " (not done)" : "");
	}
}

void render_text(FILE *out, const struct amp_report *r)
{
	const struct amp_advice *a = r->adv;
	const struct amp_input *in = r->in;
	const struct amp_candidate *rc = recommended(r);
	char msg[320];

	if (!strcmp(r->load_source, "measured"))
		fprintf(out, "Load       %.1f / %.1f Ohm measured on %s, %s\n", r->load_z_ohm[0],
			r->load_z_ohm[1], r->device, r->load_type);
	else if (r->device)
		fprintf(out, "Load       %.1f Ohm given (%s reports a %s load)\n", in->z_ohm, r->device,
			r->load_type);
	else
		fprintf(out, "Load       %.1f Ohm %s (offline: both routes considered)\n", in->z_ohm,
			!strcmp(r->load_source, "table") ? "from the headphone list" : "given");
	if (r->recognised)
		fprintf(out, "Recognised '%s' from the %s list (remembered at %.1f / %.1f Ohm)\n",
			r->recognised->name, hp_origin_name(r->recognised->origin),
			r->recognised->rdc_ohm[0], r->recognised->rdc_ohm[1]);
	fprintf(out, "Headphone  %s%s%.2f dB/mW = %.2f dB/V at %.1f Ohm, %s\n", r->model ? r->model : "",
		r->model ? ": " : "", a->s_db_mw, a->s_db_v, a->z_sens_ohm,
		in->z_nom_ohm > 0 ? (r->nominal_source && !strcmp(r->nominal_source, "given")
					     ? "the nominal impedance given"
					     : "its nominal impedance")
				  : "the load (no nominal impedance known: --nominal-impedance gives it)");
	fprintf(out, "Impedance  current, V avail and damping at the load's %.1f Ohm%s\n", in->z_ohm,
		!strcmp(r->load_source, "measured") ? " (DC resistance, the lower channel)" : "");
	fprintf(out, "Target     %.1f dB SPL needs %.3f Vrms, %.2f mA rms (%.2f mA peak), %.2f mW\n\n",
		in->target_spl_db, a->v_need_rms, a->i_need_rms_a * 1e3, a->i_need_peak_a * 1e3,
		a->p_need_w * 1e3);
	fprintf(out, "%-11s %-7s %9s %9s %9s %10s %7s\n", "route", "gain", "V avail", "max SPL",
		"headroom", "noise SPL", "needs");
	for (size_t i = 0; i < a->n_candidates; i++) {
		const struct amp_candidate *c = &a->cand[i];

		fprintf(out, "%-11s %-7s %7.3f V %6.2f dB %+6.2f dB %7.2f dB %4u mA%s\n",
			amp_route_name(c->route), amp_gain_name(c->gain), c->v_avail_rms,
			tidy(c->max_spl_db, 2), tidy(c->headroom_db, 2), tidy(c->noise_spl_db, 2),
			c->limit_ma, i == a->rec ? "  <- recommended" : "");
	}
	fprintf(out, "(V avail, max SPL and headroom with the %u mA limit, as the rule compares them; needs: the\n"
		     " smallest current limit that carries the current the mode draws)\n\n",
		AMP_CANDIDATE_LIMIT_MA);
	fprintf(out, "Recommended: %s route, %s gain, %u mA current limit: %s %.2f dB SPL, headroom %+.2f dB with %u mA\n",
		amp_route_name(rc->route), amp_gain_name(rc->gain), rc->limit_ma,
		a->meets_target ? "up to" : "only", tidy(a->rec_max_spl_db, 2),
		tidy(a->rec_headroom_db, 2), rc->limit_ma);
	for (size_t i = 0; i < a->n_warnings; i++) {
		render_warning(r, &a->warnings[i], msg, sizeof(msg));
		fprintf(out, "Warning: %s\n", msg);
	}
	if (r->plan)
		render_plan_text(out, r);
}

/*
 * A number with six significant digits ("v_rms":0.000630957, not 0.0006); within 1e-9 of zero it
 * is 0 (the rule's tie), never -0.
 */
static json_object *num(double v)
{
	char buf[32];

	if (fabs(v) < 1e-9)
		v = 0.0;
	snprintf(buf, sizeof(buf), "%.6g", v);
	return json_object_new_double_s(v, buf);
}

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *lower_str(const char *s)
{
	char buf[32];

	lower(s, buf, sizeof(buf));
	return json_object_new_string(buf);
}

static json_object *candidate_json(const struct amp_candidate *c)
{
	json_object *o = json_object_new_object(), *w = json_object_new_array();

	json_object_object_add(o, "route", lower_str(amp_route_name(c->route)));
	json_object_object_add(o, "gain", lower_str(amp_gain_name(c->gain)));
	json_object_object_add(o, "v_avail_rms", num(c->v_avail_rms));
	json_object_object_add(o, "max_spl_db", num(c->max_spl_db));
	json_object_object_add(o, "headroom_db", num(c->headroom_db));
	json_object_object_add(o, "noise_spl_db", num(c->noise_spl_db));
	json_object_object_add(o, "needs_current_limit_ma", json_object_new_int((int)c->limit_ma));
	json_object_object_add(o, "damping", num(c->damping));
	for (int code = 0; code < AMP_WARN_COUNT; code++)
		if (c->warn_bits & AMP_WARN_BIT(code))
			json_object_array_add(w, json_object_new_string(amp_warning_code_name(code)));
	json_object_object_add(o, "warnings", w);
	return o;
}

/* "schema", "device" and "load" of an answer about a device's load. */
static void head_json(json_object *root, const char *device, const double z[2], const char *type,
		      const char *source, double rdc)
{
	json_object *load = json_object_new_object(), *zs = json_object_new_array();

	json_object_object_add(root, "schema", json_object_new_int(AMP_JSON_SCHEMA));
	json_object_object_add(root, "device", str(device));
	json_object_array_add(zs, num(z[0]));
	json_object_array_add(zs, num(z[1]));
	json_object_object_add(load, "impedance_ohm", zs);
	json_object_object_add(load, "type", str(type));
	json_object_object_add(load, "source", str(source));
	json_object_object_add(load, "rdc_ohm", num(rdc));
	json_object_object_add(root, "load", load);
}

/* {"model":..,"list":..,"rdc_ohm":[L,R]} of the row a load was recognised as, or NULL. */
static json_object *recognised_json(const struct hp_model *m)
{
	json_object *o, *lr;

	if (!m)
		return NULL;
	o = json_object_new_object();
	lr = json_object_new_array();
	json_object_object_add(o, "model", str(m->name));
	json_object_object_add(o, "list", str(hp_origin_name(m->origin)));
	json_object_array_add(lr, num(m->rdc_ohm[0]));
	json_object_array_add(lr, num(m->rdc_ohm[1]));
	json_object_object_add(o, "rdc_ohm", lr);
	return o;
}

static json_object *plan_json(const struct amp_report *r)
{
	const struct amp_plan *p = r->plan;
	json_object *o = json_object_new_object(), *writes = json_object_new_array();

	json_object_object_add(o, "dry_run", json_object_new_boolean(r->dry_run));
	json_object_object_add(o, "mode_change_db", num(p->mode_change_db));
	json_object_object_add(o, "volume_lowered_db", num(p->lowered_db));
	json_object_object_add(o, "volume_ceiling_db", p->has_ceiling ? num(p->ceiling_db) : NULL);
	for (size_t i = 0; i < p->n; i++) {
		const struct amp_write *w = &p->w[i];
		json_object *jw = json_object_new_object();

		json_object_object_add(jw, "control", str(ctl_name(r, w->ctl)));
		if (w->ctl == AMP_CTL_VOLUME) {
			json_object *v = json_object_new_array();

			json_object_array_add(v, json_object_new_int64(w->val[0]));
			json_object_array_add(v, json_object_new_int64(w->val[1]));
			json_object_object_add(jw, "value", v);
		} else {
			json_object_object_add(jw, "value", str(amp_ctls[w->ctl].items[w->val[0]]));
		}
		json_object_object_add(jw, "done", json_object_new_boolean(!r->dry_run && i < p->done));
		json_object_array_add(writes, jw);
	}
	json_object_object_add(o, "writes", writes);
	return o;
}

json_object *render_json_object(const struct amp_report *r)
{
	const struct amp_advice *a = r->adv;
	const struct amp_input *in = r->in;
	const struct amp_candidate *rc = recommended(r);
	json_object *root = json_object_new_object();
	json_object *hp = json_object_new_object();
	json_object *cands = json_object_new_array();
	json_object *rec = json_object_new_object(), *warns = json_object_new_array();
	json_object *need = json_object_new_object();
	char msg[320];

	head_json(root, r->device, r->load_z_ohm, r->load_type, r->load_source, in->z_ohm);

	json_object_object_add(hp, "model", str(r->model));
	json_object_object_add(hp, "nominal_impedance_ohm", in->z_nom_ohm > 0 ? num(in->z_nom_ohm) : NULL);
	json_object_object_add(hp, "nominal_impedance_source", in->z_nom_ohm > 0 ? str(r->nominal_source) : NULL);
	json_object_object_add(hp, "sensitivity_db_mw", num(a->s_db_mw));
	json_object_object_add(hp, "sensitivity_db_v", num(a->s_db_v));
	json_object_object_add(hp, "sensitivity_impedance_ohm", num(a->z_sens_ohm));
	json_object_object_add(hp, "sensitivity_impedance", str(in->z_nom_ohm > 0 ? "nominal" : "load"));
	json_object_object_add(root, "headphone", hp);
	json_object_object_add(root, "recognised", recognised_json(r->recognised));

	json_object_object_add(root, "target_spl_db", num(in->target_spl_db));
	json_object_object_add(need, "v_rms", num(a->v_need_rms));
	json_object_object_add(need, "i_rms_ma", num(a->i_need_rms_a * 1e3));
	json_object_object_add(need, "i_peak_ma", num(a->i_need_peak_a * 1e3));
	json_object_object_add(need, "p_mw", num(a->p_need_w * 1e3));
	json_object_object_add(root, "need", need);

	for (size_t i = 0; i < a->n_candidates; i++)
		json_object_array_add(cands, candidate_json(&a->cand[i]));
	json_object_object_add(root, "candidates_current_limit_ma", json_object_new_int(AMP_CANDIDATE_LIMIT_MA));
	json_object_object_add(root, "candidates", cands);

	json_object_object_add(rec, "route", lower_str(amp_route_name(rc->route)));
	json_object_object_add(rec, "gain", lower_str(amp_gain_name(rc->gain)));
	json_object_object_add(rec, "current_limit_ma", json_object_new_int((int)rc->limit_ma));
	json_object_object_add(rec, "meets_target", json_object_new_boolean(a->meets_target));
	json_object_object_add(rec, "headroom_db", num(a->rec_headroom_db));
	json_object_object_add(rec, "max_spl_db", num(a->rec_max_spl_db));
	json_object_object_add(rec, "shortfall_db", num(a->shortfall_db));
	json_object_object_add(root, "recommended", rec);

	for (size_t i = 0; i < a->n_warnings; i++) {
		json_object *w = json_object_new_object();

		render_warning(r, &a->warnings[i], msg, sizeof(msg));
		json_object_object_add(w, "code", str(amp_warning_code_name(a->warnings[i].code)));
		json_object_object_add(w, "message", str(msg));
		json_object_array_add(warns, w);
	}
	json_object_object_add(root, "warnings", warns);
	if (r->plan)
		json_object_object_add(root, "apply", plan_json(r));
	return root;
}

int render_json_print(FILE *out, json_object *o)
{
	int ret;

	if (!o)
		return -1;
	ret = fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return ret < 0 ? -1 : 0;
}

int render_json(FILE *out, const struct amp_report *r)
{
	return render_json_print(out, render_json_object(r));
}

/* The advice's plan renderers, for the plan of an unknown load. */
static struct amp_report plan_report(const struct amp_unknown *u)
{
	return (struct amp_report){ .plan = u->plan, .dry_run = u->dry_run, .ctl_names = u->ctl_names };
}

void render_unknown_text(FILE *out, const struct amp_unknown *u)
{
	struct amp_report r = plan_report(u);

	fprintf(out, "Load       %.1f / %.1f Ohm measured on %s, %s\n", u->load_z_ohm[0], u->load_z_ohm[1],
		u->device, u->load_type);
	fprintf(out, "Unknown    no remembered headphone measures this on this jack (lists: %s, %s)\n",
		u->user_list, u->system_list);
	fprintf(out, "Safe       volume at most %.1f dB: then even an IEM of %.0f dB SPL/mW on %.1f Ohm stays under %.1f dB SPL at full scale\n",
		u->safe_volume_db, AMP_SAFE_SENS_DB_MW, fmin(u->load_z_ohm[0], u->load_z_ohm[1]),
		u->target_spl_db);
	fprintf(out, "Remember   it, while it is plugged in: amp-advise --remember NAME -m MODEL (or -s SENSITIVITY --nominal-impedance OHMS)\n");
	if (u->plan)
		render_plan_text(out, &r);
}

int render_unknown_json(FILE *out, const struct amp_unknown *u)
{
	struct amp_report r = plan_report(u);
	json_object *root = json_object_new_object(), *unk = json_object_new_object();

	head_json(root, u->device, u->load_z_ohm, u->load_type, "measured",
		  fmin(u->load_z_ohm[0], u->load_z_ohm[1]));
	json_object_object_add(root, "headphone", NULL);
	json_object_object_add(root, "recognised", NULL);
	json_object_object_add(unk, "assumed_sensitivity_db_mw", num(AMP_SAFE_SENS_DB_MW));
	json_object_object_add(unk, "target_spl_db", num(u->target_spl_db));
	json_object_object_add(unk, "safe_volume_db", num(u->safe_volume_db));
	json_object_object_add(unk, "user_list", str(u->user_list));
	json_object_object_add(unk, "system_list", str(u->system_list));
	json_object_object_add(unk, "hint", str("amp-advise --remember NAME -m MODEL (or -s SENSITIVITY --nominal-impedance OHMS)"));
	json_object_object_add(root, "unknown_headphone", unk);
	if (u->plan)
		json_object_object_add(root, "apply", plan_json(&r));
	return render_json_print(out, root);
}

void render_remembered(FILE *out, const struct hp_model *m, const char *list, bool replaced, bool json)
{
	json_object *o;

	if (!json) {
		fprintf(out, "Remembered '%s': %.1f / %.1f Ohm on the %s jack, with the figures of %s, in %s%s\n",
			m->name, m->rdc_ohm[0], m->rdc_ohm[1], m->route == AMP_ROUTE_BALANCED ? "4.4 mm" : "3.5 mm",
			m->based_on ? m->based_on : "the options", list,
			replaced ? " (in place of the earlier one)" : "");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "schema", json_object_new_int(AMP_JSON_SCHEMA));
	json_object_object_add(o, "remembered", hp_model_json(m));
	json_object_object_add(o, "list", str(list));
	json_object_object_add(o, "replaced", json_object_new_boolean(replaced));
	render_json_print(out, o);
}

void render_models_text(FILE *out, const struct hp_table *t)
{
	fprintf(out, "%-30s %-8s %9s %15s %-13s %-6s %s\n", "model", "kind", "nominal", "R_DC (L/R)",
		"sensitivity", "list", "source");
	for (size_t i = 0; i < t->n; i++) {
		const struct hp_model *m = &t->rows[i];
		char sens[64], rdc[32] = "-";

		units_format_sensitivity(&m->sens, sens, sizeof(sens));
		if (m->rdc_ohm[0] > 0)
			snprintf(rdc, sizeof(rdc), "%.1f/%.1f Ohm", m->rdc_ohm[0], m->rdc_ohm[1]);
		fprintf(out, "%-30s %-8s %5.1f Ohm %15s %-13s %-6s %s%s%s%s\n", m->name,
			m->kind ? hp_kind_name(m->kind) : "-", m->z_ohm, rdc, sens,
			hp_origin_name(m->origin), m->source, m->status ? " [" : "",
			m->status ? m->status : "", m->status ? "]" : "");
	}
}

int render_models_json(FILE *out, const struct hp_table *t)
{
	json_object *root = json_object_new_object(), *rows = json_object_new_array();

	json_object_object_add(root, "schema", json_object_new_int(AMP_JSON_SCHEMA));
	for (size_t i = 0; i < t->n; i++) {
		json_object *row = hp_model_json(&t->rows[i]);

		json_object_object_add(row, "list", json_object_new_string(hp_origin_name(t->rows[i].origin)));
		json_object_array_add(rows, row);
	}
	json_object_object_add(root, "headphones", rows);
	return render_json_print(out, root);
}

int render_error_json(FILE *out, const char *message)
{
	json_object *o = json_object_new_object(), *e = json_object_new_object();

	json_object_object_add(o, "schema", json_object_new_int(AMP_JSON_SCHEMA));
	json_object_object_add(e, "message", json_object_new_string(message));
	json_object_object_add(o, "error", e);
	return render_json_print(out, o);
}
