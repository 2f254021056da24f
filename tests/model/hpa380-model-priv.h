/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated HPA380's insides, shared by its two halves: the chip
 * (hpa380-model-chip.c: registers, timing, I2C) and its outputs
 * (hpa380-model-analog.c: the voltages at the stages and the loads, and what
 * a measurement rig finds there). Not for the model's users: they have
 * hpa380-model.h.
 */
#ifndef HPA380_MODEL_PRIV_H
#define HPA380_MODEL_PRIV_H

#include <linux/bits.h>
#include <linux/hrtimer.h>
#include <linux/i2c.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "hpa380-model.h"

/* Register map (datasheet section 6) */
#define HPA_CHIP_ID		0x00
#define HPA_REV_ID		0x01
#define HPA_SW_RESET		0x02
#define HPA_POWER		0x03
#define HPA_OUT_EN		0x04
#define HPA_OUT_CFG		0x05
#define HPA_VOL_L		0x06
#define HPA_VOL_R		0x07
#define HPA_MUTE		0x08
#define HPA_DET_CTRL		0x09
#define HPA_DET_STATUS		0x0a
#define HPA_DET_ZL_MSB		0x0b
#define HPA_DET_ZL_LSB		0x0c
#define HPA_DET_ZR_MSB		0x0d
#define HPA_DET_ZR_LSB		0x0e
#define HPA_JACK_STATUS		0x0f
#define HPA_FAULT		0x10
#define HPA_IRQ_STATUS		0x11
#define HPA_IRQ_MASK		0x12
#define HPA_STATUS		0x13
#define HPA_NUM_REGS		0x14

#define HPA_POWER_REF_EN	BIT(0)
#define HPA_POWER_INL_EN	BIT(1)
#define HPA_POWER_INR_EN	BIT(2)
#define HPA_POWER_INPUTS	(HPA_POWER_INL_EN | HPA_POWER_INR_EN)

#define HPA_OUT_EN_HPLP		BIT(0)
#define HPA_OUT_EN_HPLN		BIT(1)
#define HPA_OUT_EN_HPRP		BIT(2)
#define HPA_OUT_EN_HPRN		BIT(3)
#define HPA_OUT_EN_PLUS		(HPA_OUT_EN_HPLP | HPA_OUT_EN_HPRP)
#define HPA_OUT_EN_MINUS	(HPA_OUT_EN_HPLN | HPA_OUT_EN_HPRN)
#define HPA_NUM_STAGES		4	/* in OUT_EN order: HPLP, HPLN, HPRP, HPRN */

#define HPA_OUT_CFG_ROUTE	BIT(0)	/* 1: Balanced */
#define HPA_OUT_CFG_GAIN	BIT(1)	/* 1: High */
#define HPA_OUT_CFG_ILIM	GENMASK(3, 2)
#define HPA_OUT_CFG_ILIM_400MA	2	/* 3 is reserved and acts as 2 */

#define HPA_VOL_MAX		200	/* 201..255 act as 200 */

#define HPA_FAULT_OC		BIT(0)

#define HPA_NUM_CHANNELS	2
#define HPA_LOG_SIZE		512	/* transfers kept */
#define HPA_NUM_POINTS		(HPA380_MODEL_JACK_COUNT * HPA_NUM_CHANNELS)

/*
 * A level that moves in 0.5 dB steps (datasheet 6.7, 6.5): 0 is silent
 * (mute, or a stage that is off), 1..200 are -99.5 dB..0 dB. It moves from
 * @from at @start to @to at @end at a constant rate; a new move starts from
 * where the level is.
 */
struct hpa380_ramp {
	u8 from;
	u8 to;
	ktime_t start;
	ktime_t end;
};

#define HPA_LEVEL_FULL		200	/* 0 dB: a stage fully on */

/* What is physically in a jack: the board, not the chip. */
struct hpa380_jack {
	bool present;
	u32 mohm[HPA_NUM_CHANNELS];
	enum hpa380_model_topology topology;
	bool deb_pending;		/* debounce of a sense edge running */
	ktime_t deb_end;
};

/* The samples the I2S controller sends, as the model keeps them. */
struct hpa380_input {
	s32 (*frame)[HPA_NUM_CHANNELS];	/* a ring of HPA_INPUT_FRAMES */
	ktime_t t0;			/* when frame 0 of the run plays */
	u32 rate;
	u64 head;			/* frames kept: head..tail - 1 */
	u64 tail;
};

/* A measurement rig's probe at one load: a jack's channel. */
struct hpa380_point {
	struct hpa380_model_level level;	/* what is reported */
	/* The 10 ms block being measured. */
	u64 sum_sq;			/* uV^2 */
	bool clipped;
	bool limited;
	/* The over-current detector (datasheet section 3). */
	u64 limit_ns;			/* at the limit in this episode */
	u64 below_ns;			/* below it since */
	/* The output for inputs -A, 0 and +A just before an instant. */
	s32 before[3];
};

/* A stage's bias transient: @uv at @start, falling to 0 over t_BIAS. */
struct hpa380_bias {
	s32 uv;
	ktime_t start;
};

struct hpa380_analog {
	ktime_t grid0;			/* when sample 0 was */
	u64 n;				/* the next sample to render */
	unsigned int block_n;		/* samples in the current block */
	/* The DAC: a tone (the KUnit tests), or the I2S controller's frames. */
	u32 tone_hz;
	u32 tone_peak;			/* of full scale, Q31; 0: none */
	u64 tone_n0;
	struct hpa380_input in;
	u32 in_peak[HPA_NUM_CHANNELS];	/* uV at INL/INR, this block */
	u32 in_peak_prev[HPA_NUM_CHANNELS];	/* ... and the one before */
	u32 probe_uv[HPA_NUM_CHANNELS];	/* the A of the last instant */
	struct hpa380_bias bias[HPA_NUM_STAGES];
	struct hpa380_point point[HPA_NUM_POINTS];
	struct hpa380_jack jack_before[HPA380_MODEL_JACK_COUNT];
	u64 load_fc;			/* load charge not yet a whole nC, fC */
};

struct hpa380_model {
	struct i2c_adapter adap;
	bool adapter_added;
	struct hrtimer timer;
	spinlock_t lock;		/* everything below */
	u8 addr;
	u8 chip_id;
	struct hpa380_model_timing timing;
	ktime_t now;			/* the instant being processed */
	ktime_t timer_at;		/* the timer's next expiry */

	bool powered;			/* both supplies on */
	bool in_reset;			/* RESETN low */
	bool active;			/* powered and out of reset */
	ktime_t reset_from;		/* start of the RESETN pulse */
	unsigned int resets;		/* RESETN pulses seen while powered */
	ktime_t boot_end;		/* accesses before it are NAKed */
	u8 regs[HPA_NUM_REGS];		/* stored values of RW, W1C, RO regs */
	u8 ptr;				/* register pointer */

	ktime_t ref_ready_at;
	struct hpa380_ramp level[HPA_NUM_CHANNELS];	/* volume and mute */
	struct hpa380_ramp stage[HPA_NUM_STAGES];	/* soft-start/-stop */

	bool det_running;
	bool det_timed;			/* completes at det_end */
	ktime_t det_end;
	unsigned int det_jack;

	struct hpa380_jack jack[HPA380_MODEL_JACK_COUNT];
	u8 jack_status;			/* debounced sense state */
	u8 fault_cause;			/* persistent fault causes */

	bool irq_level;			/* IRQN asserted */
	bool irq_notified;		/* level last reported */
	bool irq_notifying;		/* a context is calling irq_fn */
	void (*irq_fn)(void *data, bool asserted);
	void *irq_data;

	ktime_t supply_since;		/* accounted up to here */
	struct hpa380_model_charge supply;

	struct hpa380_analog analog;

	unsigned int pops;		/* instants with a pop at a load */
	unsigned int illegal;
	unsigned int fail_n;
	int fail_err;
	unsigned int xfer_count;
	struct hpa380_model_xfer log[HPA_LOG_SIZE];
};

/*
 * hpa380-model-chip.c, for the analog side. Every entry point locks, catches
 * up with time (events, outputs, supply) and returns the instant; the end
 * judges the instant's changes at the loads and unlocks.
 */
ktime_t hpa380_begin(struct hpa380_model *m, unsigned long *flags)
	__acquires(&m->lock);
void hpa380_end(struct hpa380_model *m, unsigned long flags)
	__releases(&m->lock);
/* Under m->lock: */
u8 hpa380_ramp_at(const struct hpa380_ramp *r, ktime_t t);
bool hpa380_stage_powered(struct hpa380_model *m, unsigned int stage,
			  ktime_t t);
u8 hpa380_cfg_effective(u8 out_cfg);
void hpa380_fault_latch(struct hpa380_model *m, u8 bits, ktime_t t);

/* hpa380-model-analog.c, for the chip (all under m->lock). */
int hpa380_analog_init(struct hpa380_model *m, ktime_t now);
void hpa380_analog_free(struct hpa380_model *m);
/* Render the outputs up to @t with the state as it is. */
void hpa380_analog_advance(struct hpa380_model *m, ktime_t t);
/* Around the changes of one instant: a step at a load is a pop. */
void hpa380_analog_before(struct hpa380_model *m, ktime_t now);
void hpa380_analog_after(struct hpa380_model *m, ktime_t now);
/* A bias transient on @stages at @t (datasheet sections 6.4 and 7). */
void hpa380_analog_bias(struct hpa380_model *m, u8 stages, ktime_t t);
/* The outputs need rendering as time passes (a stage or a transient on). */
bool hpa380_analog_busy(struct hpa380_model *m, ktime_t now);
void hpa380_analog_clear_charge(struct hpa380_model *m);

#endif /* HPA380_MODEL_PRIV_H */
