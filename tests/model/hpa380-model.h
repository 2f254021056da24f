/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated HPA380: a fake I2C adapter whose transfers are served by a model
 * of the chip written from Documentation/sound/codecs/hpa380.rst. The model
 * keeps its own register definitions (it is the independent witness of the
 * driver), logs every bus transfer and can inject bus errors, loads, jack
 * events and faults.
 */
#ifndef HPA380_MODEL_H
#define HPA380_MODEL_H

#include <linux/ktime.h>
#include <linux/types.h>

struct device;
struct i2c_adapter;
struct hpa380_model;

/* One i2c_transfer() call seen by the adapter. */
struct hpa380_model_xfer {
	bool read;		/* a register read (address write + data read) */
	u8 addr;		/* 7-bit target address */
	u8 reg;			/* first register of the access */
	u8 len;			/* data bytes moved (up to 8 are kept in data) */
	u8 data[8];
	int result;		/* 0, or the error that was injected */
	ktime_t time;		/* when the chip saw it */
};

enum hpa380_model_jack {
	HPA380_MODEL_JACK_SE,	/* 3.5 mm, SENSE_SE */
	HPA380_MODEL_JACK_BAL,	/* 4.4 mm, SENSE_BAL */
	HPA380_MODEL_JACK_COUNT,
};

enum hpa380_model_topology {
	HPA380_MODEL_LOAD_UNBALANCED,	/* plus stage to ground */
	HPA380_MODEL_LOAD_BALANCED,	/* plus stage to minus stage */
};

/* Datasheet timing the model follows; tests may shorten or stretch it. */
struct hpa380_model_timing {
	u32 rst_us;		/* t_RST, the shortest RESETN pulse */
	u32 boot_us;		/* t_BOOT */
	u32 ref_us;		/* t_REF */
	u32 ramp_us;		/* t_RAMP */
	u32 det_us;		/* t_DET; 0: a measurement never completes */
	u32 deb_in_us;		/* t_DEB_IN */
	u32 deb_out_us;		/* t_DEB_OUT */
};

/* Create the model and register its adapter; NULL on failure. */
struct hpa380_model *hpa380_model_create(u8 addr);
/*
 * The same in two steps, so that a board can wire the chip's pins before
 * its clients probe: the model alone, then its adapter, a child of @parent
 * (if any) with @parent's firmware node, so that the I2C core creates the
 * clients that firmware describes on it.
 */
struct hpa380_model *hpa380_model_new(u8 addr);
int hpa380_model_add_adapter(struct hpa380_model *m, struct device *parent);
void hpa380_model_destroy(struct hpa380_model *m);
struct i2c_adapter *hpa380_model_adapter(struct hpa380_model *m);

/* Register state, read without a bus transfer and without side effects. */
u8 hpa380_model_peek(struct hpa380_model *m, u8 reg);
/* Make CHIP_ID read @id, for probe tests. */
void hpa380_model_set_chip_id(struct hpa380_model *m, u8 id);
void hpa380_model_set_timing(struct hpa380_model *m,
			     const struct hpa380_model_timing *t);
void hpa380_model_get_timing(struct hpa380_model *m,
			     struct hpa380_model_timing *t);

/* Power as the board drives it: supplies and the RESETN line. */
void hpa380_model_set_powered(struct hpa380_model *m, bool on);
void hpa380_model_set_resetn(struct hpa380_model *m, bool high);
/* RESETN pulses the chip saw while powered. */
unsigned int hpa380_model_resets(struct hpa380_model *m);

/* Transfer log. */
unsigned int hpa380_model_xfer_count(struct hpa380_model *m);
/* Entry @i (0-based, since the last clear); NULL past the kept window. */
const struct hpa380_model_xfer *hpa380_model_xfer(struct hpa380_model *m,
						  unsigned int i);
void hpa380_model_log_clear(struct hpa380_model *m);
/* Fail the @n-th transfer from now (1-based) with @err; n = 0 disarms. */
void hpa380_model_fail_xfer(struct hpa380_model *m, unsigned int n, int err);

/*
 * Counted since the last clear:
 * pops: instants at which a step appeared at a load (either jack, either
 *       channel) that the datasheet calls audible (section 3, "Clicks and
 *       pops"), found in the output the model computes, not in the order
 *       of the writes: a gain switched while sound passes, a bias transient
 *       (a stage enabled before REF_READY, REF_EN cleared or the chip reset
 *       or unpowered while a stage is on), a stage stopped without its ramp;
 * illegal: writes to read-only registers, reserved bits or addresses > 0x13,
 *       any access before t_BOOT, and a RESETN pulse shorter than t_RST.
 */
unsigned int hpa380_model_pops(struct hpa380_model *m);
unsigned int hpa380_model_illegal(struct hpa380_model *m);
void hpa380_model_clear_counters(struct hpa380_model *m);

/* Loads and jacks: resistances in milliohms (U32_MAX: open). */
void hpa380_model_plug(struct hpa380_model *m, enum hpa380_model_jack jack,
		       u32 left_mohm, u32 right_mohm,
		       enum hpa380_model_topology topology);
void hpa380_model_unplug(struct hpa380_model *m, enum hpa380_model_jack jack);

/* Faults: FAULT register bits; @persistent keeps the cause after a clear. */
void hpa380_model_inject_fault(struct hpa380_model *m, u8 bits,
			       bool persistent);
void hpa380_model_remove_fault_cause(struct hpa380_model *m);

/*
 * Supply current, integrated since the model was created or the last clear
 * (datasheet section 3): time spent in each state of the chip and the charge
 * drawn. The states, by falling current: outputs on in Balanced (a minus
 * stage on), outputs on (plus stages only), reference and inputs only,
 * standby (POWER = 0, jack sense), reset, off.
 */
enum hpa380_model_supply_state {
	HPA380_SUPPLY_BRIDGED,
	HPA380_SUPPLY_OUTPUTS,
	HPA380_SUPPLY_REFERENCE,
	HPA380_SUPPLY_STANDBY,
	HPA380_SUPPLY_RESET,
	HPA380_SUPPLY_OFF,
	HPA380_SUPPLY_STATES,
};

struct hpa380_model_charge {
	u64 ns[HPA380_SUPPLY_STATES];	/* time in each state */
	u64 nc;				/* charge, nanocoulombs, with the load's */
	u64 load_nc;			/* of which the loads drew */
};

void hpa380_model_get_charge(struct hpa380_model *m, struct hpa380_model_charge *c);
void hpa380_model_clear_charge(struct hpa380_model *m);
/* The quiescent current of a state, microamps (datasheet section 3). */
u32 hpa380_model_supply_ua(enum hpa380_model_supply_state state);

/*
 * The analog side (datasheet section 3): the model computes, sample by sample
 * at 48 kHz of its own time, the voltage at each output stage and across the
 * load in each jack (an empty jack is measured as an open load, by a probe),
 * from what the DAC plays into INL/INR (2.1 Vrms full scale).
 *
 * What the DAC plays: a sine on both channels at @freq_hz with its peak at
 * @peak_q31 of full scale (0x7fffffff: 0 dBFS; 0: silence) ...
 */
void hpa380_model_set_tone(struct hpa380_model *m, u32 freq_hz, u32 peak_q31);
/*
 * ... or the frames the I2S controller sends: @n frames at @rate, the first
 * playing at @t, @samples interleaved left, right (full scale S32_MAX). A
 * run continues while each push starts where the last ended; frames ahead
 * of the model's time wait for it. Then input_end: nothing plays from @t on.
 */
void hpa380_model_input_push(struct hpa380_model *m, ktime_t t, u32 rate,
			     const s32 *samples, unsigned int n);
void hpa380_model_input_end(struct hpa380_model *m, ktime_t t);

/*
 * What a measurement rig finds at the load of one jack's channel since the
 * last clear, in 10 ms blocks (at 48 kHz: 480 samples, whole cycles of a
 * 1 kHz tone). Levels are rms over a block, microvolts.
 */
struct hpa380_model_level {
	u64 blocks;		/* blocks measured */
	u32 rms_uv;		/* the last block */
	u32 min_rms_uv;		/* the quietest block */
	u32 max_rms_uv;		/* the loudest block */
	u32 max_clean_rms_uv;	/* the loudest with no sample clipped or limited */
	u32 peak_uv;		/* the largest sample, either polarity */
	u64 clipped;		/* samples a stage clipped (at its Vmax) */
	u64 limit_ns;		/* time the load current was at the limit */
	u32 pops;		/* audible steps */
	u32 max_step_uv;	/* the largest step at an instant, audible or not */
};

void hpa380_model_get_level(struct hpa380_model *m,
			    enum hpa380_model_jack jack, unsigned int channel,
			    struct hpa380_model_level *level);
void hpa380_model_clear_levels(struct hpa380_model *m);

/*
 * A register write as the chip takes it from the bus, without a transfer in
 * the log: the tester's hand on the chip (a debug path), for misuse on
 * purpose.
 */
void hpa380_model_poke(struct hpa380_model *m, u8 reg, u8 val);

/* IRQN level changes are reported through this callback (any context). */
void hpa380_model_set_irq_callback(struct hpa380_model *m,
				   void (*fn)(void *data, bool asserted),
				   void *data);
bool hpa380_model_irq_asserted(struct hpa380_model *m);

#endif /* HPA380_MODEL_H */
