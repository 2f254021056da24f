// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulated HPA380 headphone amplifier on a fake I2C adapter.
 *
 * Written from Documentation/sound/codecs/hpa380.rst alone: the register
 * definitions below are typed from the datasheet, not taken from the driver,
 * so that the model stays an independent witness of the driver.
 *
 * Time is ktime_get(). Timed state (boot, reference settling, ramps) is a
 * function of the time and is evaluated on every access; timed events that
 * change registers or IRQN (end of a measurement, end of a jack debounce)
 * are processed in time order on every access and by an hrtimer, so that
 * IRQN asserts without bus traffic. All state is under one spinlock; the
 * IRQN callback runs outside it.
 *
 * Where the datasheet leaves room, the model reads it as follows:
 * - A stage is on while enabled (minus stages only in Balanced) and while it
 *   soft-stops. A channel is silent when MUTE, volume code 0, auto-mute or a
 *   running measurement silences it. The outputs are audible when a stage is
 *   on and either channel is not silent or any ramp runs (RAMP_BUSY): this
 *   refuses DET_START (ERR_UNMUTED).
 * - Every change of a channel's level ramps for t_RAMP, every stage turning
 *   on or off for t_RAMP, whether or not a stage is on, in 0.5 dB steps at
 *   a constant rate from where the level is (struct hpa380_ramp).
 * - What that does at the outputs and the loads, and what is a pop there,
 *   is hpa380-model-analog.c's: this file tells it of the bias transients
 *   of section 6.4 and 7 (hpa380_analog_bias()) and brackets every entry
 *   point with hpa380_analog_before()/_after().
 * - Unpowered, in reset or within t_BOOT the chip NAKs its address (-ENXIO,
 *   counted as illegal); bytes that follow SW_RESET in its own burst are
 *   NAKed (-EIO). A RESETN pulse shorter than t_RST while powered (counted
 *   from power-up if RESETN was already low) is counted as illegal.
 * - DET_START while a measurement runs is ignored; DET_ABORT wins over
 *   DET_START in the same write. SW_RESET during a measurement leaves
 *   ABORTED and IRQ_STATUS.DET set after the reset (IRQ_MASK masks it).
 * - The measured jack's removal aborts once debounced. A jack with no plug
 *   reads open. Codes: < 2 Ohm short, > 2 kOhm open, else milliohms / 100
 *   rounded to nearest; any short makes LOAD_TYPE short, both open none.
 * - After power-up or SW_RESET, JACK_STATUS shows the plugs at once,
 *   without IRQ_STATUS.JACK. Power loss and SW_RESET forget fault causes.
 */

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/hrtimer.h>
#include <linux/i2c.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "hpa380-model-priv.h"

#define HPA_CHIP_ID_VALUE	0x38
#define HPA_REV_ID_VALUE	0x10

#define HPA_SW_RESET_RESET	BIT(0)

#define HPA_MUTE_L		BIT(0)
#define HPA_MUTE_R		BIT(1)

#define HPA_DET_CTRL_START	BIT(0)
#define HPA_DET_CTRL_JACK	BIT(1)
#define HPA_DET_CTRL_ABORT	BIT(2)

#define HPA_DET_STATUS_BUSY	BIT(0)
#define HPA_DET_STATUS_DONE	BIT(1)
#define HPA_DET_STATUS_ERR_UNMUTED BIT(2)
#define HPA_DET_STATUS_ABORTED	BIT(3)
#define HPA_DET_STATUS_TYPE_SHIFT 4
#define HPA_LOAD_TYPE_NONE	1
#define HPA_LOAD_TYPE_UNBALANCED 2
#define HPA_LOAD_TYPE_BALANCED	3
#define HPA_LOAD_TYPE_SHORT	4

#define HPA_DET_Z_SHORT		0x0000	/* below 2 Ohm */
#define HPA_DET_Z_OPEN		0xffff	/* above 2 kOhm */
#define HPA_DET_MIN_MOHM	2000
#define HPA_DET_MAX_MOHM	2000000
#define HPA_DET_MOHM_PER_LSB	100

#define HPA_JACK_SE_PRESENT	BIT(0)
#define HPA_JACK_BAL_PRESENT	BIT(1)

#define HPA_FAULT_BITS		GENMASK(2, 0)	/* OC, OT, SHORT */

#define HPA_IRQ_JACK		BIT(0)
#define HPA_IRQ_DET		BIT(1)
#define HPA_IRQ_FAULT		BIT(2)
#define HPA_IRQ_BITS		(HPA_IRQ_JACK | HPA_IRQ_DET | HPA_IRQ_FAULT)

#define HPA_STATUS_REF_READY	BIT(0)
#define HPA_STATUS_RAMP_BUSY	BIT(1)
#define HPA_STATUS_AUTO_MUTE	BIT(2)

enum hpa380_access {
	HPA_RO,
	HPA_RW,
	HPA_WO,
	HPA_W1C,
};

/* The table of section 6: reset value, implemented bits, access type. */
static const struct hpa380_reg_desc {
	u8 reset;
	u8 bits;
	u8 access;
} hpa380_regs[HPA_NUM_REGS] = {
	[HPA_CHIP_ID]		= { HPA_CHIP_ID_VALUE, 0xff, HPA_RO },
	[HPA_REV_ID]		= { HPA_REV_ID_VALUE, 0xff, HPA_RO },
	[HPA_SW_RESET]		= { 0x00, 0x01, HPA_WO },
	[HPA_POWER]		= { 0x00, 0x07, HPA_RW },
	[HPA_OUT_EN]		= { 0x00, 0x0f, HPA_RW },
	[HPA_OUT_CFG]		= { 0x00, 0x0f, HPA_RW },
	[HPA_VOL_L]		= { 0x00, 0xff, HPA_RW },
	[HPA_VOL_R]		= { 0x00, 0xff, HPA_RW },
	[HPA_MUTE]		= { 0x03, 0x03, HPA_RW },
	[HPA_DET_CTRL]		= { 0x00, 0x07, HPA_RW },
	[HPA_DET_STATUS]	= { 0x00, 0x7f, HPA_RO },
	[HPA_DET_ZL_MSB]	= { 0x00, 0xff, HPA_RO },
	[HPA_DET_ZL_LSB]	= { 0x00, 0xff, HPA_RO },
	[HPA_DET_ZR_MSB]	= { 0x00, 0xff, HPA_RO },
	[HPA_DET_ZR_LSB]	= { 0x00, 0xff, HPA_RO },
	[HPA_JACK_STATUS]	= { 0x00, 0x03, HPA_RO },
	[HPA_FAULT]		= { 0x00, 0x07, HPA_W1C },
	[HPA_IRQ_STATUS]	= { 0x00, 0x07, HPA_W1C },
	[HPA_IRQ_MASK]		= { 0x07, 0x07, HPA_RW },
	[HPA_STATUS]		= { 0x00, 0x07, HPA_RO },
};

/* Volume register and mute bit of each channel, left then right. */
static const struct hpa380_channel {
	u8 vol_reg;
	u8 mute_bit;
} hpa380_channels[HPA_NUM_CHANNELS] = {
	{ HPA_VOL_L, HPA_MUTE_L },
	{ HPA_VOL_R, HPA_MUTE_R },
};

/* JACK_STATUS bit of each jack. */
static const u8 hpa380_jack_bit[HPA380_MODEL_JACK_COUNT] = {
	[HPA380_MODEL_JACK_SE] = HPA_JACK_SE_PRESENT,
	[HPA380_MODEL_JACK_BAL] = HPA_JACK_BAL_PRESENT,
};

/* Datasheet section 4, typical values. */
static const struct hpa380_model_timing hpa380_typical_timing = {
	.rst_us = 10,		/* the minimum: shorter pulses are misuse */
	.boot_us = 500,
	.ref_us = 5000,
	.ramp_us = 4000,
	.det_us = 50000,
	.deb_in_us = 50000,
	.deb_out_us = 5000,
};

enum hpa380_event {
	HPA_EVENT_NONE = -1,
	HPA_EVENT_DEB_SE = HPA380_MODEL_JACK_SE,
	HPA_EVENT_DEB_BAL = HPA380_MODEL_JACK_BAL,
	HPA_EVENT_DET,
};

/* ---- timed state, evaluated at @now ---- */

static bool hpa380_booting(struct hpa380_model *m, ktime_t now)
{
	return ktime_before(now, m->boot_end);
}

static bool hpa380_ref_ready(struct hpa380_model *m, ktime_t now)
{
	return (m->regs[HPA_POWER] & HPA_POWER_REF_EN) &&
	       !ktime_before(now, m->ref_ready_at);
}

/* Where a level is at @t: from @from to @to in whole 0.5 dB steps. */
u8 hpa380_ramp_at(const struct hpa380_ramp *r, ktime_t t)
{
	s64 done, span;

	if (!ktime_before(t, r->end))
		return r->to;
	if (!ktime_after(t, r->start))
		return r->from;
	done = ktime_to_ns(ktime_sub(t, r->start));
	span = ktime_to_ns(ktime_sub(r->end, r->start));
	/* Truncated: the level has not yet taken the step it is heading to. */
	return r->from + (int)div64_s64(((int)r->to - r->from) * done, span);
}

/* Start moving to @to at @t, from where the level is, for @us. */
static void hpa380_ramp_move(struct hpa380_ramp *r, u8 to, ktime_t t, u32 us)
{
	r->from = hpa380_ramp_at(r, t);
	r->to = to;
	r->start = t;
	r->end = ktime_add_us(t, us);
}

static bool hpa380_ramp_busy(struct hpa380_model *m, ktime_t now)
{
	int i;

	for (i = 0; i < HPA_NUM_CHANNELS; i++)
		if (ktime_before(now, m->level[i].end))
			return true;
	for (i = 0; i < HPA_NUM_STAGES; i++)
		if (ktime_before(now, m->stage[i].end))
			return true;
	return false;
}

/* A stage drives its output: on, or still soft-stopping. */
bool hpa380_stage_powered(struct hpa380_model *m, unsigned int stage,
			  ktime_t t)
{
	return m->stage[stage].to || ktime_before(t, m->stage[stage].end);
}

static u8 hpa380_stages_powered(struct hpa380_model *m, ktime_t now)
{
	u8 powered = 0;
	int i;

	for (i = 0; i < HPA_NUM_STAGES; i++)
		if (hpa380_stage_powered(m, i, now))
			powered |= BIT(i);
	return powered;
}

/*
 * An enabled stage is audible unless both channels are silent (muted by
 * MUTE, volume code 0, auto-mute or a measurement) and no ramp runs
 * (sections 6.0, 8 and 9).
 */
static bool hpa380_audible(struct hpa380_model *m, ktime_t now)
{
	if (!hpa380_stages_powered(m, now))
		return false;
	return m->level[0].to || m->level[1].to || hpa380_ramp_busy(m, now);
}

/* Stages that are on for @out_en under @out_cfg (section 6.5). */
static u8 hpa380_stages_on(u8 out_en, u8 out_cfg)
{
	u8 mask = HPA_OUT_EN_PLUS;

	if (out_cfg & HPA_OUT_CFG_ROUTE)
		mask |= HPA_OUT_EN_MINUS;
	return out_en & mask;
}

/* OUT_CFG as the analog side sees it: ILIM 3 acts as 400 mA. */
u8 hpa380_cfg_effective(u8 out_cfg)
{
	u8 ilim = FIELD_GET(HPA_OUT_CFG_ILIM, out_cfg);

	return (out_cfg & (HPA_OUT_CFG_ROUTE | HPA_OUT_CFG_GAIN)) |
	       FIELD_PREP(HPA_OUT_CFG_ILIM, min_t(u8, ilim, HPA_OUT_CFG_ILIM_400MA));
}

/* The level a channel ramps to: 0 when silent, else its volume code. */
static u8 hpa380_channel_target(struct hpa380_model *m, int ch)
{
	const struct hpa380_channel *c = &hpa380_channels[ch];
	u8 vol = m->regs[c->vol_reg];

	if ((m->regs[HPA_MUTE] & c->mute_bit) || m->regs[HPA_FAULT] ||
	    m->det_running || !vol)
		return 0;
	return min_t(u8, vol, HPA_VOL_MAX);
}

/*
 * Follow a change of the programmed state at time @t: a channel whose level
 * changes ramps for t_RAMP, a stage that turns on or off soft-starts or
 * soft-stops for t_RAMP, each from where it is.
 */
static void hpa380_retarget(struct hpa380_model *m, ktime_t t)
{
	u32 us = m->timing.ramp_us;
	u8 stages;
	int i;

	for (i = 0; i < HPA_NUM_CHANNELS; i++) {
		u8 target = hpa380_channel_target(m, i);

		if (target != m->level[i].to)
			hpa380_ramp_move(&m->level[i], target, t, us);
	}

	stages = hpa380_stages_on(m->regs[HPA_OUT_EN], m->regs[HPA_OUT_CFG]);
	for (i = 0; i < HPA_NUM_STAGES; i++) {
		u8 target = stages & BIT(i) ? HPA_LEVEL_FULL : 0;

		if (target != m->stage[i].to)
			hpa380_ramp_move(&m->stage[i], target, t, us);
	}
}

/* ---- load detection (section 9) ---- */

static void hpa380_det_results(struct hpa380_model *m, u8 status, u16 zl,
			       u16 zr)
{
	m->regs[HPA_DET_STATUS] = status;
	m->regs[HPA_DET_ZL_MSB] = zl >> 8;
	m->regs[HPA_DET_ZL_LSB] = zl & 0xff;
	m->regs[HPA_DET_ZR_MSB] = zr >> 8;
	m->regs[HPA_DET_ZR_LSB] = zr & 0xff;
}

/* End the running measurement at @t with @status and its results. */
static void hpa380_det_end(struct hpa380_model *m, ktime_t t, u8 status,
			   u16 zl, u16 zr)
{
	m->det_running = false;
	hpa380_det_results(m, status, zl, zr);
	m->regs[HPA_IRQ_STATUS] |= HPA_IRQ_DET;
	hpa380_retarget(m, t);
}

static void hpa380_det_abort(struct hpa380_model *m, ktime_t t)
{
	hpa380_det_end(m, t, HPA_DET_STATUS_ABORTED, 0, 0);
}

static u16 hpa380_det_code(u32 mohm)
{
	if (mohm < HPA_DET_MIN_MOHM)
		return HPA_DET_Z_SHORT;
	if (mohm > HPA_DET_MAX_MOHM)
		return HPA_DET_Z_OPEN;
	return DIV_ROUND_CLOSEST(mohm, HPA_DET_MOHM_PER_LSB);
}

static void hpa380_det_complete(struct hpa380_model *m, ktime_t t)
{
	const struct hpa380_jack *jack = &m->jack[m->det_jack];
	u16 zl = HPA_DET_Z_OPEN, zr = HPA_DET_Z_OPEN;
	u8 type;

	if (jack->present) {
		zl = hpa380_det_code(jack->mohm[0]);
		zr = hpa380_det_code(jack->mohm[1]);
	}

	if (zl == HPA_DET_Z_SHORT || zr == HPA_DET_Z_SHORT)
		type = HPA_LOAD_TYPE_SHORT;
	else if (zl == HPA_DET_Z_OPEN && zr == HPA_DET_Z_OPEN)
		type = HPA_LOAD_TYPE_NONE;
	else if (jack->topology == HPA380_MODEL_LOAD_BALANCED)
		type = HPA_LOAD_TYPE_BALANCED;
	else
		type = HPA_LOAD_TYPE_UNBALANCED;

	hpa380_det_end(m, t, HPA_DET_STATUS_DONE |
		       type << HPA_DET_STATUS_TYPE_SHIFT, zl, zr);
}

static void hpa380_det_start(struct hpa380_model *m, unsigned int jack,
			     ktime_t now)
{
	if (hpa380_audible(m, now)) {
		hpa380_det_results(m, HPA_DET_STATUS_ERR_UNMUTED, 0, 0);
		m->regs[HPA_IRQ_STATUS] |= HPA_IRQ_DET;
		return;
	}

	hpa380_det_results(m, HPA_DET_STATUS_BUSY, 0, 0);
	m->det_running = true;
	m->det_jack = jack;
	m->det_timed = m->timing.det_us != 0;
	m->det_end = ktime_add_us(now, m->timing.det_us);
}

/* ---- jacks and faults (section 10) ---- */

static void hpa380_sense_edge(struct hpa380_model *m, unsigned int j,
			      ktime_t now)
{
	struct hpa380_jack *jack = &m->jack[j];

	if (!m->active)
		return;
	if (jack->present == !!(m->jack_status & hpa380_jack_bit[j])) {
		jack->deb_pending = false;	/* a bounce: no change */
		return;
	}
	jack->deb_pending = true;
	jack->deb_end = ktime_add_us(now, jack->present ?
				     m->timing.deb_in_us : m->timing.deb_out_us);
}

static void hpa380_jack_settle(struct hpa380_model *m, unsigned int j,
			       ktime_t t)
{
	struct hpa380_jack *jack = &m->jack[j];

	jack->deb_pending = false;
	if (jack->present)
		m->jack_status |= hpa380_jack_bit[j];
	else
		m->jack_status &= ~hpa380_jack_bit[j];
	m->regs[HPA_IRQ_STATUS] |= HPA_IRQ_JACK;

	if (!jack->present && m->det_running && m->det_jack == j)
		hpa380_det_abort(m, t);
}

void hpa380_fault_latch(struct hpa380_model *m, u8 bits, ktime_t t)
{
	m->regs[HPA_FAULT] |= bits;
	m->regs[HPA_IRQ_STATUS] |= HPA_IRQ_FAULT;
	if (m->det_running)
		hpa380_det_abort(m, t);
	hpa380_retarget(m, t);
}

/* ---- supply current (section 3) ---- */

static const u32 hpa380_supply_ua[HPA380_SUPPLY_STATES] = {
	[HPA380_SUPPLY_BRIDGED] = 12000,
	[HPA380_SUPPLY_OUTPUTS] = 6000,
	[HPA380_SUPPLY_REFERENCE] = 1000,
	[HPA380_SUPPLY_STANDBY] = 50,
	[HPA380_SUPPLY_RESET] = 1,
	[HPA380_SUPPLY_OFF] = 0,
};

static enum hpa380_model_supply_state hpa380_supply_state(struct hpa380_model *m,
							  ktime_t now)
{
	u8 stages;

	if (!m->powered)
		return HPA380_SUPPLY_OFF;
	if (m->in_reset)
		return HPA380_SUPPLY_RESET;
	stages = hpa380_stages_powered(m, now);
	if (stages & HPA_OUT_EN_MINUS)
		return HPA380_SUPPLY_BRIDGED;
	if (stages)
		return HPA380_SUPPLY_OUTPUTS;
	if (m->regs[HPA_POWER])
		return HPA380_SUPPLY_REFERENCE;
	return HPA380_SUPPLY_STANDBY;
}

/* Account the time since the last call to the state the chip was in. */
static void hpa380_supply_account(struct hpa380_model *m, ktime_t now)
{
	enum hpa380_model_supply_state state =
		hpa380_supply_state(m, m->supply_since);
	s64 ns = ktime_to_ns(ktime_sub(now, m->supply_since));

	if (ns <= 0)
		return;
	m->supply.ns[state] += ns;
	/* uA x ns = 1e-15 C: to nanocoulombs. */
	m->supply.nc += div_u64((u64)hpa380_supply_ua[state] * ns, 1000000);
	m->supply_since = now;
}

/* ---- timed events ---- */

static enum hpa380_event hpa380_next_event(struct hpa380_model *m,
					   ktime_t *t)
{
	enum hpa380_event ev = HPA_EVENT_NONE;
	unsigned int j;

	if (!m->active)
		return HPA_EVENT_NONE;
	if (m->det_running && m->det_timed) {
		ev = HPA_EVENT_DET;
		*t = m->det_end;
	}
	for (j = 0; j < HPA380_MODEL_JACK_COUNT; j++) {
		if (!m->jack[j].deb_pending)
			continue;
		if (ev == HPA_EVENT_NONE || ktime_before(m->jack[j].deb_end, *t)) {
			ev = j;
			*t = m->jack[j].deb_end;
		}
	}
	return ev;
}

/* The outputs and the supply up to @t, with the state as it was. */
static void hpa380_catch_up(struct hpa380_model *m, ktime_t t)
{
	hpa380_analog_advance(m, t);
	hpa380_supply_account(m, t);
}

/* Process, in time order, every event due at @now. */
static void hpa380_update(struct hpa380_model *m, ktime_t now)
{
	enum hpa380_event ev;
	ktime_t t;

	while ((ev = hpa380_next_event(m, &t)) != HPA_EVENT_NONE &&
	       !ktime_after(t, now)) {
		hpa380_catch_up(m, t);
		if (ev == HPA_EVENT_DET)
			hpa380_det_complete(m, t);
		else
			hpa380_jack_settle(m, ev, t);
	}
	hpa380_catch_up(m, now);
}

/* Every 10 ms while the outputs need rendering (the over-current timer). */
#define HPA_ANALOG_TICK_MS	10

static void hpa380_arm_timer(struct hpa380_model *m, ktime_t now)
{
	bool event = hpa380_next_event(m, &m->timer_at) != HPA_EVENT_NONE;
	ktime_t tick = ktime_add_ms(now, HPA_ANALOG_TICK_MS);

	if (hpa380_analog_busy(m, now) &&
	    (!event || ktime_before(tick, m->timer_at))) {
		m->timer_at = tick;
		event = true;
	}
	if (event)
		hrtimer_start(&m->timer, m->timer_at, HRTIMER_MODE_ABS);
}

/* ---- IRQN ---- */

static void hpa380_irq_eval(struct hpa380_model *m)
{
	m->irq_level = m->active &&
		       (m->regs[HPA_IRQ_STATUS] & ~m->regs[HPA_IRQ_MASK] &
			HPA_IRQ_BITS);
}

/*
 * Report IRQN level changes outside the lock. One context at a time calls
 * the callback, until the reported level matches the pin, so that reports
 * never arrive out of order; a context that finds another one reporting
 * leaves the change to it.
 */
static void hpa380_irq_notify(struct hpa380_model *m)
{
	void (*fn)(void *data, bool asserted);
	unsigned long flags;
	void *data;
	bool level;

	spin_lock_irqsave(&m->lock, flags);
	if (m->irq_notifying) {
		spin_unlock_irqrestore(&m->lock, flags);
		return;
	}
	m->irq_notifying = true;
	while (m->irq_notified != m->irq_level) {
		level = m->irq_level;
		m->irq_notified = level;
		fn = m->irq_fn;
		data = m->irq_data;
		spin_unlock_irqrestore(&m->lock, flags);
		if (fn)
			fn(data, level);
		spin_lock_irqsave(&m->lock, flags);
	}
	m->irq_notifying = false;
	spin_unlock_irqrestore(&m->lock, flags);
}

/* Every entry point: lock, catch up with time ... */
ktime_t hpa380_begin(struct hpa380_model *m, unsigned long *flags)
	__acquires(&m->lock)
{
	ktime_t now;

	spin_lock_irqsave(&m->lock, *flags);
	now = ktime_get();
	hpa380_update(m, now);
	m->now = now;
	hpa380_analog_before(m, now);
	return now;
}

/*
 * ... and judge the instant's changes at the loads, settle IRQN and the
 * timer, unlock, report IRQN.
 */
void hpa380_end(struct hpa380_model *m, unsigned long flags)
	__releases(&m->lock)
{
	hpa380_analog_after(m, m->now);
	hpa380_irq_eval(m);
	hpa380_arm_timer(m, m->now);
	spin_unlock_irqrestore(&m->lock, flags);
	hpa380_irq_notify(m);
}

static enum hrtimer_restart hpa380_timer_fn(struct hrtimer *timer)
{
	struct hpa380_model *m = container_of(timer, struct hpa380_model,
					      timer);
	unsigned long flags;

	hpa380_begin(m, &flags);
	hpa380_end(m, flags);
	return HRTIMER_NORESTART;
}

/*
 * Every block off at once (power loss, RESETN, SW_RESET): the stages stop
 * without their ramp and their bias collapses (section 7).
 */
static void hpa380_abrupt_power_down(struct hpa380_model *m, ktime_t now)
{
	hpa380_analog_bias(m, hpa380_stages_powered(m, now), now);
}

/* ---- register file ---- */

/* Reset values, every block down (RESETN, power-on, SW_RESET). */
static void hpa380_reset_state(struct hpa380_model *m)
{
	unsigned int i;

	for (i = 0; i < HPA_NUM_REGS; i++)
		m->regs[i] = hpa380_regs[i].reset;
	m->ref_ready_at = 0;
	memset(m->level, 0, sizeof(m->level));
	memset(m->stage, 0, sizeof(m->stage));
	m->det_running = false;
	m->fault_cause = 0;

	/* JACK_STATUS is the sense pins' state once t_BOOT is over. */
	m->jack_status = 0;
	for (i = 0; i < HPA380_MODEL_JACK_COUNT; i++) {
		m->jack[i].deb_pending = false;
		if (m->jack[i].present)
			m->jack_status |= hpa380_jack_bit[i];
	}
}

static u8 hpa380_read_reg(struct hpa380_model *m, u8 reg, ktime_t now)
{
	u8 val;

	switch (reg) {
	case HPA_CHIP_ID:
		return m->chip_id;
	case HPA_DET_CTRL:
		val = m->regs[reg] & HPA_DET_CTRL_JACK;
		if (m->det_running)
			val |= HPA_DET_CTRL_START;
		return val;
	case HPA_JACK_STATUS:
		return m->jack_status;
	case HPA_STATUS:
		val = 0;
		if (hpa380_ref_ready(m, now))
			val |= HPA_STATUS_REF_READY;
		if (hpa380_ramp_busy(m, now))
			val |= HPA_STATUS_RAMP_BUSY;
		if (m->regs[HPA_FAULT])
			val |= HPA_STATUS_AUTO_MUTE;
		return val;
	default:
		return reg < HPA_NUM_REGS ? m->regs[reg] : 0;
	}
}

static void hpa380_write_sw_reset(struct hpa380_model *m, u8 val, ktime_t now)
{
	bool aborted = m->det_running;

	if (!(val & HPA_SW_RESET_RESET))
		return;
	hpa380_abrupt_power_down(m, now);
	hpa380_reset_state(m);
	m->boot_end = ktime_add_us(now, m->timing.boot_us);
	if (aborted) {
		m->regs[HPA_DET_STATUS] = HPA_DET_STATUS_ABORTED;
		m->regs[HPA_IRQ_STATUS] |= HPA_IRQ_DET;
	}
}

/* The stages of the channels whose input buffer is in @inputs. */
static u8 hpa380_input_stages(u8 inputs)
{
	return (inputs & HPA_POWER_INL_EN ? HPA_OUT_EN_HPLP | HPA_OUT_EN_HPLN : 0) |
	       (inputs & HPA_POWER_INR_EN ? HPA_OUT_EN_HPRP | HPA_OUT_EN_HPRN : 0);
}

/*
 * Section 6.4: an input buffer enabled before REF_READY, or REF_EN cleared
 * while a stage, an input or a ramp is on, disturbs the bias of the stages
 * that are on (with none on, nothing reaches a load).
 */
static void hpa380_write_power(struct hpa380_model *m, u8 val, ktime_t now)
{
	u8 old = m->regs[HPA_POWER];
	u8 powered = hpa380_stages_powered(m, now);
	u8 hit = 0;

	if (!hpa380_ref_ready(m, now))
		hit |= hpa380_input_stages(val & ~old & HPA_POWER_INPUTS);
	if ((old & ~val & HPA_POWER_REF_EN) &&
	    ((val & HPA_POWER_INPUTS) || powered || hpa380_ramp_busy(m, now)))
		hit = HPA_OUT_EN_PLUS | HPA_OUT_EN_MINUS;
	hpa380_analog_bias(m, hit & powered, now);

	if (val & ~old & HPA_POWER_REF_EN)
		m->ref_ready_at = ktime_add_us(now, m->timing.ref_us);
	m->regs[HPA_POWER] = val;
}

/* A stage enabled before REF_READY starts with a bias transient. */
static void hpa380_stages_rise(struct hpa380_model *m, u8 rising, ktime_t now)
{
	if (!hpa380_ref_ready(m, now))
		hpa380_analog_bias(m, rising, now);
}

static void hpa380_write_out_en(struct hpa380_model *m, u8 val, ktime_t now)
{
	u8 cfg = m->regs[HPA_OUT_CFG];

	hpa380_stages_rise(m, hpa380_stages_on(val, cfg) &
			   ~hpa380_stages_on(m->regs[HPA_OUT_EN], cfg), now);
	m->regs[HPA_OUT_EN] = val;
}

/*
 * Gain, route and limit switch at once (section 6.6); what that does at the
 * loads, the analog side computes. A route change that enables the minus
 * stages enables them as OUT_EN would.
 */
static void hpa380_write_out_cfg(struct hpa380_model *m, u8 val, ktime_t now)
{
	u8 en = m->regs[HPA_OUT_EN];

	hpa380_stages_rise(m, hpa380_stages_on(en, val) &
			   ~hpa380_stages_on(en, m->regs[HPA_OUT_CFG]), now);
	m->regs[HPA_OUT_CFG] = val;
}

static void hpa380_write_det_ctrl(struct hpa380_model *m, u8 val, ktime_t now)
{
	m->regs[HPA_DET_CTRL] = val & HPA_DET_CTRL_JACK;

	if (val & HPA_DET_CTRL_ABORT) {
		if (m->det_running)
			hpa380_det_abort(m, now);
		return;
	}
	if ((val & HPA_DET_CTRL_START) && !m->det_running)
		hpa380_det_start(m, val & HPA_DET_CTRL_JACK ? HPA380_MODEL_JACK_BAL :
				 HPA380_MODEL_JACK_SE, now);
}

static void hpa380_write_fault(struct hpa380_model *m, u8 val, ktime_t now)
{
	u8 relatch = val & m->regs[HPA_FAULT] & m->fault_cause;

	m->regs[HPA_FAULT] &= ~val;
	if (relatch)
		hpa380_fault_latch(m, relatch, now);
}

static void hpa380_write_reg(struct hpa380_model *m, u8 reg, u8 val,
			     ktime_t now)
{
	const struct hpa380_reg_desc *desc;

	if (reg >= HPA_NUM_REGS) {
		m->illegal++;
		return;
	}
	desc = &hpa380_regs[reg];
	if (desc->access == HPA_RO) {
		m->illegal++;
		return;
	}
	if (val & ~desc->bits) {
		m->illegal++;
		val &= desc->bits;
	}

	switch (reg) {
	case HPA_SW_RESET:
		hpa380_write_sw_reset(m, val, now);
		break;
	case HPA_POWER:
		hpa380_write_power(m, val, now);
		break;
	case HPA_OUT_EN:
		hpa380_write_out_en(m, val, now);
		break;
	case HPA_OUT_CFG:
		hpa380_write_out_cfg(m, val, now);
		break;
	case HPA_DET_CTRL:
		hpa380_write_det_ctrl(m, val, now);
		break;
	case HPA_FAULT:
		hpa380_write_fault(m, val, now);
		break;
	case HPA_IRQ_STATUS:
		m->regs[reg] &= ~val;
		break;
	default:
		m->regs[reg] = val;
		break;
	}
	hpa380_retarget(m, now);
}

/* ---- I2C ---- */

/* The request part of a log entry: direction, first register, writes. */
static void hpa380_log_request(struct hpa380_model *m,
			       struct hpa380_model_xfer *x,
			       const struct i2c_msg *msgs, int num)
{
	unsigned int len = 0;
	int i, k;

	x->addr = msgs[0].addr;
	x->reg = m->ptr;
	if (!(msgs[0].flags & I2C_M_RD) && msgs[0].len)
		x->reg = msgs[0].buf[0];
	for (i = 0; i < num; i++)
		if (msgs[i].flags & I2C_M_RD)
			x->read = true;

	for (i = 0; i < num; i++) {
		const struct i2c_msg *msg = &msgs[i];

		if (x->read) {
			if (msg->flags & I2C_M_RD)
				len += msg->len;
			continue;
		}
		for (k = 1; k < msg->len; k++, len++)
			if (len < ARRAY_SIZE(x->data))
				x->data[len] = msg->buf[k];
	}
	x->len = min_t(unsigned int, len, U8_MAX);
}

static void hpa380_log_add(struct hpa380_model *m,
			   const struct hpa380_model_xfer *x)
{
	if (m->xfer_count < HPA_LOG_SIZE)
		m->log[m->xfer_count] = *x;
	m->xfer_count++;
}

static int hpa380_serve_msg(struct hpa380_model *m, struct i2c_msg *msg,
			    struct hpa380_model_xfer *x, unsigned int *nread,
			    ktime_t now)
{
	int k;

	if (msg->flags & I2C_M_RD) {
		for (k = 0; k < msg->len; k++, (*nread)++) {
			msg->buf[k] = hpa380_read_reg(m, m->ptr++, now);
			if (*nread < ARRAY_SIZE(x->data))
				x->data[*nread] = msg->buf[k];
		}
		return 0;
	}

	if (!msg->len)
		return 0;
	m->ptr = msg->buf[0];
	for (k = 1; k < msg->len; k++) {
		/* After SW_RESET the chip NAKs the rest of the burst. */
		if (hpa380_booting(m, now)) {
			m->illegal++;
			return -EIO;
		}
		hpa380_write_reg(m, m->ptr++, msg->buf[k], now);
	}
	return 0;
}

static int hpa380_serve(struct hpa380_model *m, struct i2c_msg *msgs, int num,
			struct hpa380_model_xfer *x, ktime_t now)
{
	unsigned int nread = 0;
	int i, ret;

	for (i = 0; i < num; i++) {
		if (msgs[i].addr != m->addr || (msgs[i].flags & I2C_M_TEN))
			return -ENXIO;
		/* Unpowered, in reset or booting, the chip NAKs its address. */
		if (!m->active || hpa380_booting(m, now)) {
			m->illegal++;
			return -ENXIO;
		}
		ret = hpa380_serve_msg(m, &msgs[i], x, &nread, now);
		if (ret)
			return ret;
	}
	return num;
}

static int hpa380_xfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num)
{
	struct hpa380_model *m = i2c_get_adapdata(adap);
	struct hpa380_model_xfer x = {};
	unsigned long flags;
	ktime_t now;
	int ret;

	if (num < 1)
		return -EINVAL;

	now = hpa380_begin(m, &flags);
	hpa380_log_request(m, &x, msgs, num);
	if (m->fail_n && !--m->fail_n)
		ret = m->fail_err;
	else
		ret = hpa380_serve(m, msgs, num, &x, now);
	x.result = ret < 0 ? ret : 0;
	x.time = now;
	hpa380_log_add(m, &x);
	hpa380_end(m, flags);
	return ret;
}

static u32 hpa380_functionality(struct i2c_adapter *adap)
{
	return I2C_FUNC_I2C;
}

static const struct i2c_algorithm hpa380_algo = {
	.master_xfer = hpa380_xfer,
	.functionality = hpa380_functionality,
};

/* ---- API ---- */

struct hpa380_model *hpa380_model_new(u8 addr)
{
	struct hpa380_model *m;

	if (addr > 0x7f)
		return NULL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;

	spin_lock_init(&m->lock);
#ifdef HPA380_MODEL_HRTIMER_SETUP	/* see Makefile */
	hrtimer_setup(&m->timer, hpa380_timer_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS);
#else
	hrtimer_init(&m->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	m->timer.function = hpa380_timer_fn;
#endif
	m->addr = addr;
	m->chip_id = HPA_CHIP_ID_VALUE;
	m->timing = hpa380_typical_timing;
	m->powered = true;
	m->active = true;
	hpa380_reset_state(m);
	m->boot_end = ktime_get();	/* created with t_BOOT elapsed */
	m->supply_since = m->boot_end;
	if (hpa380_analog_init(m, m->boot_end)) {
		kfree(m);
		return NULL;
	}
	return m;
}
EXPORT_SYMBOL_GPL(hpa380_model_new);

int hpa380_model_add_adapter(struct hpa380_model *m, struct device *parent)
{
	int ret;

	m->adap.owner = THIS_MODULE;
	m->adap.algo = &hpa380_algo;
	if (parent) {
		/* Firmware's child nodes become the bus's clients. */
		m->adap.dev.parent = parent;
		device_set_node(&m->adap.dev, dev_fwnode(parent));
	}
	snprintf(m->adap.name, sizeof(m->adap.name), "hpa380-model-0x%02x",
		 m->addr);
	i2c_set_adapdata(&m->adap, m);
	ret = i2c_add_adapter(&m->adap);
	if (!ret)
		m->adapter_added = true;
	return ret;
}
EXPORT_SYMBOL_GPL(hpa380_model_add_adapter);

struct hpa380_model *hpa380_model_create(u8 addr)
{
	struct hpa380_model *m = hpa380_model_new(addr);

	if (m && hpa380_model_add_adapter(m, NULL)) {
		hpa380_model_destroy(m);
		return NULL;
	}
	return m;
}
EXPORT_SYMBOL_GPL(hpa380_model_create);

void hpa380_model_destroy(struct hpa380_model *m)
{
	unsigned long flags;

	if (!m)
		return;
	if (m->adapter_added)
		i2c_del_adapter(&m->adap);

	/* Nothing left to time: the timer cannot re-arm itself. */
	spin_lock_irqsave(&m->lock, flags);
	m->powered = false;
	m->active = false;
	m->irq_fn = NULL;
	spin_unlock_irqrestore(&m->lock, flags);
	hrtimer_cancel(&m->timer);
	hpa380_analog_free(m);
	kfree(m);
}
EXPORT_SYMBOL_GPL(hpa380_model_destroy);

struct i2c_adapter *hpa380_model_adapter(struct hpa380_model *m)
{
	return &m->adap;
}
EXPORT_SYMBOL_GPL(hpa380_model_adapter);

u8 hpa380_model_peek(struct hpa380_model *m, u8 reg)
{
	unsigned long flags;
	ktime_t now;
	u8 val = 0;

	now = hpa380_begin(m, &flags);
	if (m->active)
		val = hpa380_read_reg(m, reg, now);
	hpa380_end(m, flags);
	return val;
}
EXPORT_SYMBOL_GPL(hpa380_model_peek);

void hpa380_model_poke(struct hpa380_model *m, u8 reg, u8 val)
{
	unsigned long flags;
	ktime_t now;

	now = hpa380_begin(m, &flags);
	if (m->active && !hpa380_booting(m, now))
		hpa380_write_reg(m, reg, val, now);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_poke);

void hpa380_model_set_chip_id(struct hpa380_model *m, u8 id)
{
	unsigned long flags;

	hpa380_begin(m, &flags);
	m->chip_id = id;
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_set_chip_id);

void hpa380_model_set_timing(struct hpa380_model *m,
			     const struct hpa380_model_timing *t)
{
	unsigned long flags;

	hpa380_begin(m, &flags);
	m->timing = *t;
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_set_timing);

void hpa380_model_get_timing(struct hpa380_model *m,
			     struct hpa380_model_timing *t)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	*t = m->timing;
	spin_unlock_irqrestore(&m->lock, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_get_timing);

/*
 * Supplies and RESETN changed at @now: the chip starts (reset values, t_BOOT)
 * when it becomes powered and out of reset, and loses every register and
 * timed event when it stops; the plugs stay.
 */
static void hpa380_set_supply_reset(struct hpa380_model *m, bool powered,
				    bool in_reset, ktime_t now)
{
	bool was_active = m->active;

	if (was_active && !(powered && !in_reset))
		hpa380_abrupt_power_down(m, now);

	/* A pulse counts from when both the supplies are on and RESETN low. */
	if (powered && in_reset && !(m->powered && m->in_reset))
		m->reset_from = now;
	if (m->powered && m->in_reset && powered && !in_reset) {
		m->resets++;
		if (ktime_us_delta(now, m->reset_from) < m->timing.rst_us)
			m->illegal++;
	}
	m->powered = powered;
	m->in_reset = in_reset;
	m->active = powered && !in_reset;

	if (m->active && !was_active) {
		hpa380_reset_state(m);
		m->ptr = 0;
		m->boot_end = ktime_add_us(now, m->timing.boot_us);
	} else if (!m->active && was_active) {
		hpa380_reset_state(m);
	}
}

void hpa380_model_set_powered(struct hpa380_model *m, bool on)
{
	unsigned long flags;
	ktime_t now;

	now = hpa380_begin(m, &flags);
	hpa380_set_supply_reset(m, on, m->in_reset, now);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_set_powered);

void hpa380_model_set_resetn(struct hpa380_model *m, bool high)
{
	unsigned long flags;
	ktime_t now;

	now = hpa380_begin(m, &flags);
	hpa380_set_supply_reset(m, m->powered, !high, now);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_set_resetn);

/* One of the model's counters, read under its lock. */
static unsigned int hpa380_counter(struct hpa380_model *m,
				   const unsigned int *counter)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&m->lock, flags);
	n = *counter;
	spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

unsigned int hpa380_model_resets(struct hpa380_model *m)
{
	return hpa380_counter(m, &m->resets);
}
EXPORT_SYMBOL_GPL(hpa380_model_resets);

unsigned int hpa380_model_xfer_count(struct hpa380_model *m)
{
	return hpa380_counter(m, &m->xfer_count);
}
EXPORT_SYMBOL_GPL(hpa380_model_xfer_count);

const struct hpa380_model_xfer *hpa380_model_xfer(struct hpa380_model *m,
						  unsigned int i)
{
	unsigned long flags;
	bool kept;

	spin_lock_irqsave(&m->lock, flags);
	kept = i < min_t(unsigned int, m->xfer_count, HPA_LOG_SIZE);
	spin_unlock_irqrestore(&m->lock, flags);
	return kept ? &m->log[i] : NULL;
}
EXPORT_SYMBOL_GPL(hpa380_model_xfer);

void hpa380_model_log_clear(struct hpa380_model *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->xfer_count = 0;
	memset(m->log, 0, sizeof(m->log));
	spin_unlock_irqrestore(&m->lock, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_log_clear);

void hpa380_model_fail_xfer(struct hpa380_model *m, unsigned int n, int err)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->fail_n = n;
	m->fail_err = err < 0 ? err : -EIO;
	spin_unlock_irqrestore(&m->lock, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_fail_xfer);

unsigned int hpa380_model_pops(struct hpa380_model *m)
{
	return hpa380_counter(m, &m->pops);
}
EXPORT_SYMBOL_GPL(hpa380_model_pops);

unsigned int hpa380_model_illegal(struct hpa380_model *m)
{
	return hpa380_counter(m, &m->illegal);
}
EXPORT_SYMBOL_GPL(hpa380_model_illegal);

void hpa380_model_clear_counters(struct hpa380_model *m)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->pops = 0;
	m->illegal = 0;
	spin_unlock_irqrestore(&m->lock, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_clear_counters);

void hpa380_model_plug(struct hpa380_model *m, enum hpa380_model_jack jack,
		       u32 left_mohm, u32 right_mohm,
		       enum hpa380_model_topology topology)
{
	unsigned long flags;
	struct hpa380_jack *j;
	ktime_t now;
	bool edge;

	if (jack >= HPA380_MODEL_JACK_COUNT)
		return;
	j = &m->jack[jack];
	now = hpa380_begin(m, &flags);
	edge = !j->present;
	j->present = true;
	j->mohm[0] = left_mohm;
	j->mohm[1] = right_mohm;
	j->topology = topology;
	if (edge) {
		hpa380_sense_edge(m, jack, now);
		hpa380_update(m, now);	/* a zero debounce settles now */
	}
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_plug);

void hpa380_model_unplug(struct hpa380_model *m, enum hpa380_model_jack jack)
{
	unsigned long flags;
	struct hpa380_jack *j;
	ktime_t now;

	if (jack >= HPA380_MODEL_JACK_COUNT)
		return;
	j = &m->jack[jack];
	now = hpa380_begin(m, &flags);
	if (j->present) {
		j->present = false;
		hpa380_sense_edge(m, jack, now);
		hpa380_update(m, now);
	}
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_unplug);

void hpa380_model_inject_fault(struct hpa380_model *m, u8 bits,
			       bool persistent)
{
	unsigned long flags;
	ktime_t now;

	now = hpa380_begin(m, &flags);
	bits &= HPA_FAULT_BITS;
	if (m->active && bits) {
		if (persistent)
			m->fault_cause |= bits;
		hpa380_fault_latch(m, bits, now);
	}
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_inject_fault);

void hpa380_model_remove_fault_cause(struct hpa380_model *m)
{
	unsigned long flags;

	hpa380_begin(m, &flags);
	m->fault_cause = 0;
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_remove_fault_cause);

void hpa380_model_set_irq_callback(struct hpa380_model *m,
				   void (*fn)(void *data, bool asserted),
				   void *data)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->irq_fn = fn;
	m->irq_data = data;
	spin_unlock_irqrestore(&m->lock, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_set_irq_callback);

bool hpa380_model_irq_asserted(struct hpa380_model *m)
{
	unsigned long flags;
	bool level;

	hpa380_begin(m, &flags);
	hpa380_irq_eval(m);
	level = m->irq_level;
	hpa380_end(m, flags);
	return level;
}
EXPORT_SYMBOL_GPL(hpa380_model_irq_asserted);

void hpa380_model_get_charge(struct hpa380_model *m,
			     struct hpa380_model_charge *c)
{
	unsigned long flags;

	hpa380_begin(m, &flags);
	*c = m->supply;
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_get_charge);

void hpa380_model_clear_charge(struct hpa380_model *m)
{
	unsigned long flags;

	hpa380_begin(m, &flags);
	memset(&m->supply, 0, sizeof(m->supply));
	hpa380_analog_clear_charge(m);
	hpa380_end(m, flags);
}
EXPORT_SYMBOL_GPL(hpa380_model_clear_charge);

u32 hpa380_model_supply_ua(enum hpa380_model_supply_state state)
{
	return state < HPA380_SUPPLY_STATES ? hpa380_supply_ua[state] : 0;
}
EXPORT_SYMBOL_GPL(hpa380_model_supply_ua);

MODULE_DESCRIPTION("Emulated HPA380 headphone amplifier on a fake I2C adapter");
MODULE_LICENSE("GPL");
