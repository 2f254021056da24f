/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * advise: the physics of the HPA380 and the recommendation rule.
 * Pure functions over plain data: no I/O, no ALSA, no allocation.
 * Figures and formulas: shared/hpa380-product-brief.md.
 */
#ifndef AMP_ADVISE_H
#define AMP_ADVISE_H

#include <stdbool.h>
#include <stddef.h>

enum amp_route { AMP_ROUTE_UNBALANCED, AMP_ROUTE_BALANCED, AMP_ROUTE_COUNT };
enum amp_gain { AMP_GAIN_NORMAL, AMP_GAIN_HIGH, AMP_GAIN_COUNT };

/* The candidates, in the order the rule tries them. */
#define AMP_MODE_COUNT 4
/* Peak current limits the chip offers, smallest first. */
#define AMP_LIMIT_COUNT 3
/* The limit the candidates' figures are given at (the rule's). */
#define AMP_CANDIDATE_LIMIT_MA 400
extern const unsigned amp_limits_ma[AMP_LIMIT_COUNT];

enum sens_unit { SENS_DB_MW, SENS_DB_V, SENS_DB_AT_V };

/* A sensitivity as the source states it: dB SPL for 1 mW, for 1 Vrms, or for ref_v Vrms. */
struct sensitivity {
	enum sens_unit unit;
	double db;
	double ref_v; /* only for SENS_DB_AT_V */
};

enum amp_warning_code {
	AMP_WARN_SHORTFALL,        /* value: dB below the target */
	AMP_WARN_HISS_AUDIBLE,     /* value: noise dB SPL (> 10) */
	AMP_WARN_HISS_POSSIBLE,    /* value: noise dB SPL (> 0) */
	AMP_WARN_LOW_DAMPING,      /* value: Z / Zout (< 8) */
	AMP_WARN_BATTERY_BALANCED, /* value: quiescent mA of the balanced route */
	AMP_WARN_BATTERY_LIMIT,    /* value: recommended limit in mA (> 100) */
	AMP_WARN_CHANNEL_MISMATCH, /* value: L/R difference in percent */
	AMP_WARN_FAULT,            /* value: fault number (enum amp_fault) */
	AMP_WARN_IMPEDANCE_MISMATCH, /* value: the load in ohms, outside z_fit_lo..hi */
	AMP_WARN_COUNT
};

/* Per-candidate warning bits (1 << code) for hiss and damping. */
#define AMP_WARN_BIT(code) (1u << (code))

enum amp_fault { AMP_FAULT_NONE, AMP_FAULT_OVERCURRENT, AMP_FAULT_OVERTEMP, AMP_FAULT_SHORT };

/*
 * The chip measures the DC resistance R_DC; sensitivities in dB/mW refer to the nominal impedance
 * (the brief's "Which impedance"). z_ohm is the load for current, V_avail and damping; dB/mW is
 * converted at z_nom_ohm when known, else at z_ohm.
 */
struct amp_input {
	double z_ohm;                       /* the load: measured R_DC (the lower channel) or given */
	double z_left_ohm, z_right_ohm;     /* measured channels, 0 when not measured */
	double z_nom_ohm;                   /* nominal impedance, 0 when unknown */
	double z_fit_lo_ohm, z_fit_hi_ohm;  /* the R_DC the named headphone can have; 0: no check */
	struct sensitivity sens;
	double target_spl_db;
	bool route_allowed[AMP_ROUTE_COUNT];
	enum amp_fault fault;
};

struct amp_candidate {
	enum amp_route route;
	enum amp_gain gain;
	double v_avail_rms;   /* with the 400 mA limit (AMP_CANDIDATE_LIMIT_MA), as the rule compares */
	double max_spl_db;    /* with the 400 mA limit */
	double headroom_db;   /* with the 400 mA limit */
	double noise_spl_db;
	double damping;       /* Z / Zout */
	unsigned limit_ma;    /* smallest limit that carries the current this mode will draw */
	unsigned warn_bits;   /* AMP_WARN_BIT() of hiss and damping warnings */
};

struct amp_warning {
	enum amp_warning_code code;
	double value;
};

struct amp_advice {
	double s_db_v, s_db_mw;
	double z_sens_ohm;          /* the impedance dB/mW and dB/V were converted at */
	double v_need_rms, i_need_rms_a, i_need_peak_a, p_need_w;
	size_t n_candidates;
	struct amp_candidate cand[AMP_MODE_COUNT];
	size_t rec;                 /* index into cand[] */
	bool meets_target;
	double rec_headroom_db;     /* with the recommended limit */
	double rec_max_spl_db;      /* with the recommended limit */
	double shortfall_db;        /* > 0 when no candidate meets the target */
	size_t n_warnings;
	struct amp_warning warnings[AMP_WARN_COUNT];
};

/* The chip's fixed figures. */
double amp_vmax(enum amp_route r, enum amp_gain g);
double amp_zout(enum amp_route r);
double amp_noise_v(enum amp_route r, enum amp_gain g);
double amp_quiescent_ma(enum amp_route r);

/* S_V and S_mW of a sensitivity for a load of z ohms. */
double sens_db_v(const struct sensitivity *s, double z_ohm);
double sens_db_mw(const struct sensitivity *s, double z_ohm);

/* Voltage a mode delivers into z ohms with a peak current limit. */
double amp_v_avail(enum amp_route r, enum amp_gain g, double z_ohm, unsigned limit_ma);

/*
 * How the load is wired (the detected load type): from the plus stage to ground (a TRS plug in
 * the 3.5 mm jack) or from plus to minus (the 4.4 mm jack). The Balanced route bridges only a
 * balanced load; an unbalanced one hears its plus stage, through 0.5 Ohm, in either route
 * (datasheet 3.1). Unknown: either.
 */
enum amp_wiring { AMP_WIRING_UNKNOWN, AMP_WIRING_UNBALANCED, AMP_WIRING_BALANCED };

/*
 * Level at a load of z ohms at the same volume setting, relative to Unbalanced/Normal unloaded:
 * the gain (High +3.5 dB), the bridge (Balanced x2, +6.02 dB, for a balanced load) and the divider
 * z/(z + Zout) (1.0 Ohm for a bridged load, else 0.5 Ohm). It follows the gain, not Vmax:
 * Balanced/High is rail-limited, it clips earlier but is not quieter. An unknown wiring gives the
 * louder of the two.
 */
double amp_level_db(enum amp_route r, enum amp_gain g, double z_ohm, enum amp_wiring w);

/* The DAC's full scale at the amplifier's input (the PCM5102A of the brief's board). */
#define AMP_DAC_FULL_SCALE_V 2.1

/*
 * A very sensitive IEM, for the hearing-safe volume of a load nobody named: 120 dB SPL for 1 mW
 * at the measured load (more than the most sensitive IEMs are rated).
 */
#define AMP_SAFE_SENS_DB_MW 120.0

/*
 * The highest volume setting in dB (<= 0) at which digital full scale stays at or under
 * level_db dB SPL with a headphone of s_db_v dB/V in a mode, into z ohms with a current limit:
 * the unclipped AMP_DAC_FULL_SCALE_V x gain x bridge x divider, attenuated by the volume. 0 when
 * the mode cannot reach the level at all (it clips or hits the limit below it).
 */
double amp_volume_for_level_db(enum amp_route r, enum amp_gain g, double z_ohm, unsigned limit_ma,
			       enum amp_wiring w, double s_db_v, double level_db);

/*
 * Level a mode change adds at a load of z ohms wired as w (the brief's "loudness of a mode
 * change"); an unknown wiring, the larger of the two.
 */
double amp_mode_change_db(enum amp_route r0, enum amp_gain g0, enum amp_route r1, enum amp_gain g1,
			  double z_ohm, enum amp_wiring w);

/* Runs the rule. Returns 0, or -1 when the input is unusable (no route, bad numbers). */
int amp_advise(const struct amp_input *in, struct amp_advice *out);

const char *amp_route_name(enum amp_route r);   /* "Unbalanced", "Balanced" */
const char *amp_gain_name(enum amp_gain g);     /* "Normal", "High" */
const char *amp_warning_code_name(enum amp_warning_code c); /* "hiss_audible", ... */

#endif
