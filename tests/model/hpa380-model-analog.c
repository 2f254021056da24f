// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated HPA380's outputs: what the chip puts on its four stages and
 * across the loads in its jacks, and what a measurement rig finds there.
 * Written from Documentation/sound/codecs/hpa380.rst, section 3 ("Output
 * stages and loads", "Clicks and pops") and the product brief's figures, in
 * fixed point: microvolts, microamps, milliohms, gains in Q30.
 *
 * Time is the model's (ktime), sampled at 48 kHz on a grid that starts when
 * the model is created. The chip half (hpa380-model-chip.c) calls
 * hpa380_analog_advance() before anything changes, so that every sample is
 * rendered with the state of its own time; ramps are functions of time.
 *
 * Per sample, per stage: the input (a tone, or the I2S controller's frames)
 * x the level of its channel (volume and mute, ramped) x the stage's
 * soft-start/-stop x the gain (High +3.5 dB); the minus stages inverted;
 * clipped at the stage's Vmax peak; plus a bias transient, if one runs. A
 * stage that is off drives nothing: 0 V, clamped to ground. Per channel,
 * the network its loads make (a jack's channel, unbalanced from plus to
 * ground or balanced from plus to minus; an empty jack is an open load; both
 * jacks' loads share the stages): the nodes through the output impedance of
 * the stages that drive them (0.5 Ohm each), the drive held back while a
 * stage's current would pass the limit, and the rig's figures per load in
 * 10 ms blocks.
 *
 * Pops are found at the loads: around every instant at which the chip's
 * state changes (each entry point, hpa380_analog_before()/_after()), the
 * output for the inputs -A, 0 and +A (A: the input's peak over the last 10
 * to 20 ms) is computed just before and just after; a step above the
 * datasheet's threshold is a pop. A load that is plugged or unplugged at that
 * instant is not judged (the step is the plug's). Ramps are continuous in
 * time at that scale: they never make a step at an instant.
 */

#include <linux/bitfield.h>
#include <linux/bug.h>
#include <linux/fixp-arith.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hpa380-model-priv.h"

#define HPA_RATE		48000		/* samples per second */
#define HPA_NS_PER_3		62500		/* 3 samples, ns (20833.3 each) */
#define HPA_SAMPLE_NS		20833
#define HPA_BLOCK		480		/* 10 ms */
#define HPA_INPUT_FRAMES	16384		/* the input ring, a power of 2 */

/* Section 3. */
#define HPA_FS_PEAK_UV		2969848		/* INL/INR full scale: 2.1 Vrms */
#define HPA_HIGH_STEPS		7		/* High gain, +3.5 dB in 0.5 dB */
#define HPA_ZOUT_MOHM		500		/* each stage that drives */
#define HPA_T_OC_NS		(10 * NSEC_PER_MSEC)
#define HPA_BIAS_UV		100000		/* a bias transient's step ... */
#define HPA_T_BIAS_NS		(10 * NSEC_PER_MSEC)	/* ... and its decay */
#define HPA_POP_UV		1000		/* audible: above 1 mV, ... */
#define HPA_POP_PER_10K		1087		/* ... and 1 dB of the level */
#define HPA_SQRT2_PPM		1414214

static const u8 hpa380_input_bit[HPA_NUM_CHANNELS] = {
	HPA_POWER_INL_EN, HPA_POWER_INR_EN,
};

/* Vmax rms, open circuit (1 % THD), uV: [Balanced][High]. */
static const u32 hpa380_vmax_uv[2][2] = {
	{ 2000000, 3000000 },	/* Unbalanced: Normal, High */
	{ 4000000, 5600000 },	/* Balanced, bridged: Normal, High */
};

/* Peak current limit by ILIM, uA (3 acts as 2). */
static const u32 hpa380_ilim_ua[] = { 100000, 200000, 400000 };

/* 10^(-k/40), k = 0..39, Q30: the 0.5 dB steps of one 20 dB decade. */
static const u32 hpa380_step_q30[40] = {
	1073741824, 1013677647, 956973408, 903441154, 852903448, 805192776,
	760150998, 717628817, 677485290, 639587356, 603809400, 570032831,
	538145694, 508042296, 479622855, 452793173, 427464319, 403552340,
	380977976, 359666402, 339546978, 320553018, 302621563, 285693178,
	269711752, 254624313, 240380852, 226934158, 214239660, 202255281,
	190941298, 180260209, 170176611, 160657080, 151670064, 143185773,
	135176087, 127614455, 120475814, 113736503,
};

/* A gain of @steps x 0.5 dB (at most +3.5 dB), Q30. */
static u32 hpa380_gain_q30(int steps)
{
	int decades;
	u32 g;

	if (steps > 0)		/* 10^(steps/40) = 10 x 10^(-(40 - steps)/40) */
		return hpa380_step_q30[40 - steps] * 10;
	decades = -steps / 40;
	g = hpa380_step_q30[-steps % 40];
	while (decades-- && g)
		g /= 10;
	return g;
}

static ktime_t hpa380_sample_time(const struct hpa380_analog *an, u64 n)
{
	return ktime_add_ns(an->grid0, div_u64(n * HPA_NS_PER_3, 3));
}

/* The first sample at or after @t. */
static u64 hpa380_sample_at(const struct hpa380_analog *an, ktime_t t)
{
	s64 ns = ktime_to_ns(ktime_sub(t, an->grid0));

	if (ns <= 0)
		return 0;
	return div_u64((u64)ns * 3 + HPA_NS_PER_3 - 1, HPA_NS_PER_3);
}

/* ---- the input ---- */

/* The frame of the run that plays at @t (before t0: none). */
static bool hpa380_input_frame(const struct hpa380_input *in, ktime_t t,
			       u64 *k)
{
	s64 ns = ktime_to_ns(ktime_sub(t, in->t0));

	if (ns < 0 || !in->rate)
		return false;
	*k = div_u64((u64)ns * in->rate, NSEC_PER_SEC);
	return true;
}

/* Something plays at @t or later. */
static bool hpa380_input_ahead(const struct hpa380_analog *an, ktime_t t)
{
	u64 k;

	if (an->tone_peak)
		return true;
	if (an->in.tail == an->in.head)
		return false;
	return !hpa380_input_frame(&an->in, t, &k) || k < an->in.tail;
}

/* What plays into INL and INR at sample @n (time @t), uV. */
static void hpa380_input_at(const struct hpa380_analog *an, ktime_t t, u64 n,
			    s32 uv[HPA_NUM_CHANNELS])
{
	s32 x[HPA_NUM_CHANNELS] = { 0, 0 };
	u32 phase;
	int ch;
	u64 k;

	if (an->tone_peak) {
		div_u64_rem((n - an->tone_n0) * an->tone_hz, HPA_RATE, &phase);
		x[0] = ((s64)fixp_sin32_rad(phase, HPA_RATE) * an->tone_peak) >> 31;
		x[1] = x[0];
	} else if (hpa380_input_frame(&an->in, t, &k) &&
		   k >= an->in.head && k < an->in.tail) {
		x[0] = an->in.frame[k % HPA_INPUT_FRAMES][0];
		x[1] = an->in.frame[k % HPA_INPUT_FRAMES][1];
	}
	for (ch = 0; ch < HPA_NUM_CHANNELS; ch++)
		uv[ch] = ((s64)x[ch] * HPA_FS_PEAK_UV) >> 31;
}

/* ---- the stages and the loads ---- */

/* What the four stages put out at @t for the inputs @in. */
struct hpa380_stages {
	s32 uv[HPA_NUM_STAGES];
	u8 driving;		/* on, soft-stopping or in a transient */
	u8 clipped;
	u32 ilim_ua;
};

static s32 hpa380_bias_at(const struct hpa380_bias *b, ktime_t t)
{
	s64 ns = ktime_to_ns(ktime_sub(t, b->start));

	if (!b->uv || ns < 0 || ns >= HPA_T_BIAS_NS)
		return 0;
	return b->uv - div_s64((s64)b->uv * ns, HPA_T_BIAS_NS);
}

static void hpa380_stages_at(struct hpa380_model *m, ktime_t t,
			     const s32 in[HPA_NUM_CHANNELS],
			     struct hpa380_stages *st)
{
	u8 cfg = hpa380_cfg_effective(m->regs[HPA_OUT_CFG]);
	u8 power = m->regs[HPA_POWER];
	bool bal = cfg & HPA_OUT_CFG_ROUTE, high = cfg & HPA_OUT_CFG_GAIN;
	/* Per stage: Unbalanced its Vmax, Balanced half the bridged one. */
	s64 clip = div_u64((u64)hpa380_vmax_uv[bal][high] * HPA_SQRT2_PPM,
			   bal ? 2000000 : 1000000);
	int s;

	st->driving = 0;
	st->clipped = 0;
	st->ilim_ua = hpa380_ilim_ua[FIELD_GET(HPA_OUT_CFG_ILIM, cfg)];
	for (s = 0; s < HPA_NUM_STAGES; s++) {
		unsigned int ch = s / 2;
		s64 v = 0;
		u8 level, env;

		if (hpa380_stage_powered(m, s, t)) {
			st->driving |= BIT(s);
			level = hpa380_ramp_at(&m->level[ch], t);
			env = hpa380_ramp_at(&m->stage[s], t);
			/* The signal needs the reference and its input buffer. */
			if (level && env && (power & HPA_POWER_REF_EN) &&
			    (power & hpa380_input_bit[ch])) {
				int steps = level + env - 2 * HPA_LEVEL_FULL +
					    (high ? HPA_HIGH_STEPS : 0);

				v = ((s64)in[ch] * hpa380_gain_q30(steps)) >> 30;
				if (s & 1)		/* a minus stage */
					v = -v;
			}
			if (v > clip || v < -clip) {
				v = clamp(v, -clip, clip);
				st->clipped |= BIT(s);
			}
		}
		if (m->analog.bias[s].uv) {
			s32 b = hpa380_bias_at(&m->analog.bias[s], t);

			if (b) {
				v += b;
				st->driving |= BIT(s);
			}
		}
		st->uv[s] = v;
	}
}

/*
 * A load as the rig sees it (jack @p / 2, channel @p % 2): from the plus
 * stage to ground (unbalanced) or to the minus stage (balanced); an empty
 * jack is an open load, the 4.4 mm one balanced.
 */
struct hpa380_load {
	u8 plus, minus;		/* stages; minus only if balanced */
	bool balanced;
	u32 mohm;		/* U32_MAX: open */
};

static void hpa380_load_of(struct hpa380_model *m, unsigned int p,
			   struct hpa380_load *load)
{
	unsigned int j = p / HPA_NUM_CHANNELS, ch = p % HPA_NUM_CHANNELS;
	const struct hpa380_jack *jack = &m->jack[j];

	load->balanced = jack->present ?
			 jack->topology == HPA380_MODEL_LOAD_BALANCED :
			 j == HPA380_MODEL_JACK_BAL;
	load->plus = 2 * ch;
	load->minus = 2 * ch + 1;
	load->mohm = jack->present ? jack->mohm[ch] : U32_MAX;
}

static u8 hpa380_load_stages(const struct hpa380_load *load)
{
	return BIT(load->plus) | (load->balanced ? BIT(load->minus) : 0);
}

/* A load's resistance, a dead short taken as 1 mOhm. */
static u32 hpa380_load_mohm(const struct hpa380_load *load)
{
	return max(load->mohm, 1U);
}

/* A load's conductance, uS, to the nearest; an open load none. */
static u64 hpa380_load_us(const struct hpa380_load *load)
{
	u32 mohm = hpa380_load_mohm(load);

	return load->mohm == U32_MAX ? 0 :
	       div_u64(1000000000ULL + mohm / 2, mohm);
}

/* @v x @num / @den for a fraction of at most 1, @num, @den in uS^2. */
static s64 hpa380_scale(s64 v, u64 num, u64 den)
{
	u64 q30 = mul_u64_u64_div_u64(num, 1ULL << 30, den);

	return (v * (s64)q30) >> 30;
}

/*
 * What one channel puts across its loads (section 3.1): the plus stage
 * drives node P and the minus stage node M, each through 0.5 Ohm while it
 * is on; a stage that is off holds its node at 0 V. Each plugged load of
 * the channel hangs from P to ground (unbalanced) or from P to M
 * (balanced), so with both jacks plugged they share the plus stage. The
 * nodes come from nodal analysis; a stage whose current would pass the limit
 * holds the channel back until it is at the limit. Per jack: @uv across the
 * load (an open one: what it would see), @ua through it; @limited.
 */
static void hpa380_channel_at(struct hpa380_model *m, unsigned int ch,
			      const struct hpa380_stages *st,
			      s32 uv[HPA380_MODEL_JACK_COUNT],
			      s64 ua[HPA380_MODEL_JACK_COUNT], bool *limited)
{
	const u64 gz = 1000000000ULL / HPA_ZOUT_MOHM;	/* a stage, uS */
	bool dp = st->driving & BIT(2 * ch), dm = st->driving & BIT(2 * ch + 1);
	s64 vp = st->uv[2 * ch], vm = st->uv[2 * ch + 1], p = 0, n = 0;
	s64 ip = 0, im = 0, peak;
	struct hpa380_load load[HPA380_MODEL_JACK_COUNT];
	u64 g1 = 0, g2 = 0;	/* uS: P to ground, P to M */
	unsigned int j;

	for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++) {
		hpa380_load_of(m, j * HPA_NUM_CHANNELS + ch, &load[j]);
		if (load[j].balanced)
			g2 += hpa380_load_us(&load[j]);
		else
			g1 += hpa380_load_us(&load[j]);
	}

	if (dp && !dm) {		/* M at 0 V: every load from P to it */
		p = hpa380_scale(vp, gz, gz + g1 + g2);
	} else if (!dp && dm) {		/* P at 0 V */
		n = hpa380_scale(vm, gz, gz + g2);
	} else if (dp && dm) {
		/*
		 * (gz + g1 + g2) P - g2 M = gz Vp
		 * -g2 P + (gz + g2) M = gz Vm
		 */
		u64 det = (gz + g1 + g2) * (gz + g2) - g2 * g2;

		p = hpa380_scale(vp, gz * (gz + g2), det) +
		    hpa380_scale(vm, gz * g2, det);
		n = hpa380_scale(vm, gz * (gz + g1 + g2), det) +
		    hpa380_scale(vp, gz * g2, det);
	}

	for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++) {
		uv[j] = load[j].balanced ? p - n : p;
		ua[j] = load[j].mohm == U32_MAX ? 0 :
			div_s64((s64)uv[j] * 1000, hpa380_load_mohm(&load[j]));
		ip += ua[j];
		if (load[j].balanced)
			im -= ua[j];
	}

	/* The stage nearest its limit sets how far the channel is held back. */
	peak = max(dp ? abs(ip) : 0, dm ? abs(im) : 0);
	*limited = peak > st->ilim_ua;
	if (!*limited)
		return;
	for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++) {
		uv[j] = div_s64((s64)uv[j] * st->ilim_ua, peak);
		ua[j] = div_s64(ua[j] * st->ilim_ua, peak);
	}
}

/* ---- the rig ---- */

static void hpa380_block_end(struct hpa380_analog *an)
{
	int p, ch;

	for (p = 0; p < HPA_NUM_POINTS; p++) {
		struct hpa380_point *pt = &an->point[p];
		struct hpa380_model_level *l = &pt->level;
		u32 rms = int_sqrt64(div_u64(pt->sum_sq, HPA_BLOCK));

		l->rms_uv = rms;
		if (!l->blocks++ || rms < l->min_rms_uv)
			l->min_rms_uv = rms;
		l->max_rms_uv = max(l->max_rms_uv, rms);
		if (!pt->clipped && !pt->limited)
			l->max_clean_rms_uv = max(l->max_clean_rms_uv, rms);
		pt->sum_sq = 0;
		pt->clipped = false;
		pt->limited = false;
	}
	for (ch = 0; ch < HPA_NUM_CHANNELS; ch++) {
		an->in_peak_prev[ch] = an->in_peak[ch];
		an->in_peak[ch] = 0;
	}
	an->block_n = 0;
}

/*
 * The over-current detector of one load (section 3): the current at the
 * limit for more than t_OC in all, with no pause below it longer than t_OC.
 */
static bool hpa380_oc_trips(struct hpa380_point *pt, bool limited, u64 ns)
{
	if (!limited) {
		pt->below_ns += ns;
		if (pt->below_ns > HPA_T_OC_NS)
			pt->limit_ns = 0;
		return false;
	}
	pt->below_ns = 0;
	pt->limit_ns += ns;
	if (pt->limit_ns <= HPA_T_OC_NS)
		return false;
	pt->limit_ns = 0;
	return true;
}

static void hpa380_load_charge(struct hpa380_model *m, u64 fc)
{
	struct hpa380_analog *an = &m->analog;
	u32 rest;
	u64 nc;

	an->load_fc += fc;
	nc = div_u64_rem(an->load_fc, 1000000, &rest);
	an->load_fc = rest;
	m->supply.nc += nc;
	m->supply.load_nc += nc;
}

/* Render sample @n, at @t. */
static void hpa380_render(struct hpa380_model *m, u64 n, ktime_t t)
{
	struct hpa380_analog *an = &m->analog;
	s32 in[HPA_NUM_CHANNELS], uv[HPA380_MODEL_JACK_COUNT];
	s64 ua[HPA380_MODEL_JACK_COUNT];
	struct hpa380_stages st;
	bool limited, trip = false;
	unsigned int ch, j;
	u64 fc = 0;

	hpa380_input_at(an, t, n, in);
	for (ch = 0; ch < HPA_NUM_CHANNELS; ch++)
		an->in_peak[ch] = max_t(u32, an->in_peak[ch], abs(in[ch]));
	hpa380_stages_at(m, t, in, &st);

	for (ch = 0; ch < HPA_NUM_CHANNELS; ch++) {
		hpa380_channel_at(m, ch, &st, uv, ua, &limited);
		for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++) {
			struct hpa380_point *pt = &an->point[j * HPA_NUM_CHANNELS + ch];
			struct hpa380_load load;
			u32 mag = abs(uv[j]);

			hpa380_load_of(m, j * HPA_NUM_CHANNELS + ch, &load);
			pt->sum_sq += (u64)mag * mag;
			pt->level.peak_uv = max(pt->level.peak_uv, mag);
			if (st.clipped & hpa380_load_stages(&load)) {
				pt->clipped = true;
				pt->level.clipped++;
			}
			if (load.mohm == U32_MAX)
				continue;
			if (limited) {
				pt->limited = true;
				pt->level.limit_ns += HPA_SAMPLE_NS;
			}
			fc += (u64)abs(ua[j]) * HPA_SAMPLE_NS;
			trip |= hpa380_oc_trips(pt, limited, HPA_SAMPLE_NS);
		}
	}
	if (fc)
		hpa380_load_charge(m, fc);
	if (++an->block_n == HPA_BLOCK)
		hpa380_block_end(an);
	if (trip && m->active && !(m->regs[HPA_FAULT] & HPA_FAULT_OC))
		hpa380_fault_latch(m, HPA_FAULT_OC, t);
}

/* @count samples in which nothing drives a load: all zero. */
static void hpa380_render_silence(struct hpa380_analog *an, u64 count)
{
	u32 rest;
	u64 blocks;
	int p;

	for (p = 0; p < HPA_NUM_POINTS; p++)
		hpa380_oc_trips(&an->point[p], false, count * HPA_SAMPLE_NS);
	if (an->block_n + count < HPA_BLOCK) {
		an->block_n += count;
		return;
	}
	count -= HPA_BLOCK - an->block_n;
	hpa380_block_end(an);
	/* Whole silent blocks alike: the first counts, the rest add up. */
	blocks = div_u64_rem(count, HPA_BLOCK, &rest);
	if (blocks) {
		hpa380_block_end(an);
		for (p = 0; p < HPA_NUM_POINTS; p++)
			an->point[p].level.blocks += blocks - 1;
	}
	an->block_n = rest;
}

/* Nothing reaches a load from @t until the state changes. */
static bool hpa380_silent_from(struct hpa380_model *m, ktime_t t)
{
	int s;

	for (s = 0; s < HPA_NUM_STAGES; s++)
		if (hpa380_bias_at(&m->analog.bias[s], t))
			return false;
	if (!hpa380_input_ahead(&m->analog, t))
		return true;
	for (s = 0; s < HPA_NUM_STAGES; s++)
		if (hpa380_stage_powered(m, s, t))
			return false;
	return true;
}

/* Frames the model has rendered past are not needed again. */
static void hpa380_input_drop(struct hpa380_input *in, ktime_t t)
{
	u64 k;

	if (hpa380_input_frame(in, t, &k))
		in->head = clamp(k, in->head, in->tail);
}

void hpa380_analog_advance(struct hpa380_model *m, ktime_t t)
{
	struct hpa380_analog *an = &m->analog;
	u64 end = hpa380_sample_at(an, t);

	bool check = true;

	while (an->n < end) {
		ktime_t ts = hpa380_sample_time(an, an->n);

		/* Silence lasts until the state changes: look once a block. */
		if (check && hpa380_silent_from(m, ts)) {
			hpa380_render_silence(an, end - an->n);
			an->n = end;
			break;
		}
		hpa380_render(m, an->n, ts);
		an->n++;
		check = !an->block_n;
	}
	hpa380_input_drop(&an->in, t);
}

bool hpa380_analog_busy(struct hpa380_model *m, ktime_t now)
{
	return !hpa380_silent_from(m, now);
}

void hpa380_analog_bias(struct hpa380_model *m, u8 stages, ktime_t t)
{
	int s;

	for (s = 0; s < HPA_NUM_STAGES; s++) {
		if (!(stages & BIT(s)))
			continue;
		m->analog.bias[s].uv = HPA_BIAS_UV;
		m->analog.bias[s].start = t;
	}
}

/* ---- pops: the step an instant makes at each load ---- */

/* The output at each load for the inputs -A, 0 and +A. */
static void hpa380_probe(struct hpa380_model *m, ktime_t t,
			 s32 v[HPA_NUM_POINTS][3])
{
	struct hpa380_analog *an = &m->analog;
	s32 in[HPA_NUM_CHANNELS], uv[HPA380_MODEL_JACK_COUNT];
	s64 ua[HPA380_MODEL_JACK_COUNT];
	struct hpa380_stages st;
	unsigned int ch, j;
	bool limited;
	int k;

	for (k = 0; k < 3; k++) {
		for (ch = 0; ch < HPA_NUM_CHANNELS; ch++)
			in[ch] = (k - 1) * (s32)an->probe_uv[ch];
		hpa380_stages_at(m, t, in, &st);
		for (ch = 0; ch < HPA_NUM_CHANNELS; ch++) {
			hpa380_channel_at(m, ch, &st, uv, ua, &limited);
			for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++)
				v[j * HPA_NUM_CHANNELS + ch][k] = uv[j];
		}
	}
}

/*
 * The input's peak around @now (A): over the last 10 to 20 ms and the next
 * 10 ms of frames the model has; nothing if nothing plays at @now (a gain
 * step in silence is no step).
 */
static void hpa380_probe_amplitude(struct hpa380_analog *an, ktime_t now)
{
	u32 tone = mul_u64_u32_shr(an->tone_peak, HPA_FS_PEAK_UV, 31);
	const struct hpa380_input *in = &an->in;
	u32 ahead[HPA_NUM_CHANNELS] = { 0, 0 };
	bool playing = an->tone_peak;
	u64 k, end;
	int ch;

	if (!playing && hpa380_input_frame(in, now, &k) && k >= in->head &&
	    k < in->tail) {
		playing = true;
		end = min(in->tail, k + div_u64(in->rate, 100));
		for (; k < end; k++)
			for (ch = 0; ch < HPA_NUM_CHANNELS; ch++)
				ahead[ch] = max_t(u32, ahead[ch],
						  abs((s64)in->frame[k % HPA_INPUT_FRAMES][ch]));
	}
	for (ch = 0; ch < HPA_NUM_CHANNELS; ch++) {
		/* One minmax macro per statement: sparse on 6.6 chokes on more. */
		u32 past = max3(an->in_peak[ch], an->in_peak_prev[ch], tone);

		ahead[ch] = ((u64)ahead[ch] * HPA_FS_PEAK_UV) >> 31;
		an->probe_uv[ch] = playing ? max(past, ahead[ch]) : 0;
	}
}

void hpa380_analog_before(struct hpa380_model *m, ktime_t now)
{
	struct hpa380_analog *an = &m->analog;
	s32 v[HPA_NUM_POINTS][3];
	int p;

	hpa380_probe_amplitude(an, now);
	hpa380_probe(m, now, v);
	for (p = 0; p < HPA_NUM_POINTS; p++)
		memcpy(an->point[p].before, v[p], sizeof(v[p]));
	memcpy(an->jack_before, m->jack, sizeof(m->jack));
}

static bool hpa380_same_load(const struct hpa380_jack *a,
			     const struct hpa380_jack *b)
{
	return a->present == b->present && a->topology == b->topology &&
	       a->mohm[0] == b->mohm[0] && a->mohm[1] == b->mohm[1];
}

/*
 * Section 3, "Clicks and pops": a step at a load is audible when it is
 * above 1 mV and, with a signal there, above 1 dB of the level.
 */
void hpa380_analog_after(struct hpa380_model *m, ktime_t now)
{
	struct hpa380_analog *an = &m->analog;
	s32 after[HPA_NUM_POINTS][3];
	bool popped = false;
	int p, k;

	hpa380_probe(m, now, after);
	for (p = 0; p < HPA_NUM_POINTS; p++) {
		struct hpa380_point *pt = &an->point[p];
		unsigned int j = p / HPA_NUM_CHANNELS;
		u32 dc, sig = 0, level = 0, step;

		if (!hpa380_same_load(&an->jack_before[j], &m->jack[j]))
			continue;
		dc = abs(after[p][1] - pt->before[1]);
		for (k = 0; k < 3; k += 2) {
			u32 was = abs(pt->before[k]), is = abs(after[p][k]);

			sig = max_t(u32, sig, abs(after[p][k] - pt->before[k]));
			level = max3(level, was, is);
		}
		step = max(dc, sig);
		pt->level.max_step_uv = max(pt->level.max_step_uv, step);
		if (dc > HPA_POP_UV ||
		    (sig > HPA_POP_UV &&
		     (u64)sig * 10000 > (u64)level * HPA_POP_PER_10K)) {
			pt->level.pops++;
			popped = true;
		}
	}
	if (popped)
		m->pops++;
}

/* ---- set up ---- */

int hpa380_analog_init(struct hpa380_model *m, ktime_t now)
{
	struct hpa380_analog *an = &m->analog;

	an->grid0 = now;
	an->in.frame = kvcalloc(HPA_INPUT_FRAMES, sizeof(*an->in.frame),
				GFP_KERNEL);
	return an->in.frame ? 0 : -ENOMEM;
}

void hpa380_analog_free(struct hpa380_model *m)
{
	kvfree(m->analog.in.frame);
}

void hpa380_analog_clear_charge(struct hpa380_model *m)
{
	m->analog.load_fc = 0;
}

/* ---- API ---- */

void hpa380_model_set_tone(struct hpa380_model *m, u32 freq_hz, u32 peak_q31)
{
	struct hpa380_analog *an = &m->analog;
	unsigned long flags;
	ktime_t now;

	now = hpa380_begin(m, &flags);
	an->tone_hz = min_t(u32, freq_hz, HPA_RATE / 2);
	an->tone_peak = min_t(u32, peak_q31, S32_MAX);
	an->tone_n0 = hpa380_sample_at(an, now);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_set_tone);

void hpa380_model_input_push(struct hpa380_model *m, ktime_t t, u32 rate,
			     const s32 *samples, unsigned int n)
{
	struct hpa380_input *in = &m->analog.in;
	unsigned long flags;
	unsigned int i;
	u64 k;

	if (!rate || !n)
		return;
	hpa380_begin(m, &flags);
	/* A run goes on where the last push ended (within half a frame). */
	if (rate != in->rate || in->head == in->tail ||
	    abs(ktime_to_ns(ktime_sub(t, in->t0)) -
		(s64)div_u64(in->tail * NSEC_PER_SEC, rate)) >
	    NSEC_PER_SEC / 2 / rate) {
		in->t0 = t;
		in->rate = rate;
		in->head = 0;
		in->tail = 0;
	}
	for (i = 0; i < n; i++) {
		k = in->tail++;
		memcpy(in->frame[k % HPA_INPUT_FRAMES], &samples[2 * i],
		       sizeof(in->frame[0]));
	}
	in->head = max(in->head, in->tail > HPA_INPUT_FRAMES ?
				 in->tail - HPA_INPUT_FRAMES : 0);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_input_push);

void hpa380_model_input_end(struct hpa380_model *m, ktime_t t)
{
	struct hpa380_input *in = &m->analog.in;
	unsigned long flags;
	u64 k;

	hpa380_begin(m, &flags);
	if (!hpa380_input_frame(in, t, &k))
		k = 0;
	in->tail = clamp(k, in->head, in->tail);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_input_end);

void hpa380_model_get_level(struct hpa380_model *m,
			    enum hpa380_model_jack jack, unsigned int channel,
			    struct hpa380_model_level *level)
{
	unsigned long flags;

	memset(level, 0, sizeof(*level));
	if (jack >= HPA380_MODEL_JACK_COUNT || channel >= HPA_NUM_CHANNELS)
		return;
	hpa380_begin(m, &flags);
	*level = m->analog.point[jack * HPA_NUM_CHANNELS + channel].level;
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_get_level);

/* A new measurement, its first block from now. */
void hpa380_model_clear_levels(struct hpa380_model *m)
{
	struct hpa380_analog *an = &m->analog;
	unsigned long flags;
	int p;

	hpa380_begin(m, &flags);
	for (p = 0; p < HPA_NUM_POINTS; p++) {
		memset(&an->point[p].level, 0, sizeof(an->point[p].level));
		an->point[p].sum_sq = 0;
		an->point[p].clipped = false;
		an->point[p].limited = false;
	}
	an->block_n = 0;
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_clear_levels);
