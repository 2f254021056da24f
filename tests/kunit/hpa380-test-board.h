/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The board the HPA380 KUnit tests run on: the chip model on its fake I2C
 * adapter, two test regulators that power it, the real driver bound through
 * the I2C core, and a sound card that has the amplifier as auxiliary device.
 */
#ifndef HPA380_TEST_BOARD_H
#define HPA380_TEST_BOARD_H

#include <kunit/test.h>
#include <linux/i2c.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <sound/soc.h>

#include "../model/hpa380-model.h"
#include "hpa380-test-wiring.h"
#include "hpa380-test-compat.h"

/* Register addresses as the datasheet gives them (not the driver's header). */
enum {
	CHIP_ID = 0x00, REV_ID, SW_RESET, POWER, OUT_EN, OUT_CFG, VOL_L, VOL_R,
	MUTE, DET_CTRL, DET_STATUS, IRQ_MASK = 0x12, LAST_REG = 0x13,
};

struct hpa380_board {
	struct kunit *test;
	struct hpa380_model *model;
	struct i2c_client *client;
	struct device *supply_dev;		/* holds the wiring */
	struct hpa380_model_wiring *wiring;	/* supplies, IRQN */
	struct snd_soc_card *card;
	struct platform_device *dac;		/* the PCM5102A */
	struct snd_soc_pcm_runtime *rtd;	/* the card's one link */
	bool streaming;
	unsigned int cards;			/* added so far */
	const char *prefix;
	char devname[24];		/* the client's, e.g. "3-0060" */
	char component[40];		/* the amplifier component's name */
	char supply_name[48];
	char card_name[48];
};

struct hpa380_board_opts {
	bool no_dvdd;				/* leave DVDD unregistered */
	u8 chip_id;				/* 0: the real one */
	unsigned int fail_xfer;			/* fail this probe transfer */
	const struct property_entry *props;	/* firmware properties */
	bool irq;				/* wire IRQN to an interrupt */
	bool reset;				/* wire RESETN to a GPIO */
	const char *prefix;			/* the amp's sound-name-prefix */
};

/* The card's pmdown_time on the board (5 s by default in ASoC). */
#define HPA380_BOARD_PMDOWN_MS	100
/* Datasheet t_RAMP maximum, the test's own reading. */
#define HPA380_T_RAMP_MAX_US	5000

/* Model, supplies and client; the driver probes (or fails to). */
struct hpa380_board *hpa380_board_create(struct kunit *test,
					 const struct hpa380_board_opts *opts);
bool hpa380_board_bound(struct hpa380_board *b);
bool hpa380_board_supplies_on(struct hpa380_board *b);
bool hpa380_board_supply_on(struct hpa380_board *b,
			    enum hpa380_model_supply supply);
/* The shipped card around the bound amplifier (@err: report, not assert). */
void hpa380_board_add_card(struct hpa380_board *b);
void hpa380_board_add_card_err(struct hpa380_board *b, int *err);
/* Remove the card now (the driver's component goes with it). */
void hpa380_board_remove_card(struct hpa380_board *b);
/*
 * A playback stream on the card's link, as soc-pcm drives DAPM: start is
 * open and prepare, then the DAC plays a tone (start_silent: it plays
 * nothing); hw_free silences the DAC and sends the stop after the pmdown
 * time; release is the close; close is both; stop is close with the pmdown
 * time over at once.
 */
#define HPA380_BOARD_TONE_HZ	1000
#define HPA380_BOARD_TONE_PEAK	679093956	/* -10 dBFS */
void hpa380_board_stream_start(struct hpa380_board *b);
void hpa380_board_stream_start_silent(struct hpa380_board *b);
void hpa380_board_stream_hw_free(struct hpa380_board *b);
void hpa380_board_stream_release(struct hpa380_board *b);
void hpa380_board_stream_close(struct hpa380_board *b);
void hpa380_board_stream_stop(struct hpa380_board *b);
/*
 * Headphones into the "Headphone Jack" (32 Ohm) or the "Balanced Headphone
 * Jack" (300 Ohm, balanced), measured by the driver.
 */
void hpa380_board_plug(struct hpa380_board *b, const char *jack);
/* ... or any load, @mohm on both channels. */
void hpa380_board_plug_load(struct hpa380_board *b, const char *jack,
			    u32 mohm, enum hpa380_model_topology topology);
/*
 * System sleep in the PM core's order (the card, a consumer of the
 * amplifier through a device link, first; see the .c file).
 */
bool hpa380_board_card_after_amp(struct hpa380_board *b);
void hpa380_board_system_suspend(struct hpa380_board *b);
void hpa380_board_system_resume(struct hpa380_board *b);
/* Headphones in @jack, -20 dB, unmuted, a stream started; log cleared. */
void hpa380_board_start_playing(struct hpa380_board *b, const char *jack);

struct snd_kcontrol *hpa380_board_kcontrol(struct hpa380_board *b,
					   const char *name);
int hpa380_board_put(struct hpa380_board *b, const char *name, long left,
		     long right);
long hpa380_board_get(struct hpa380_board *b, const char *name,
		      unsigned int index);

/* Registers as the chip holds them must match the driver's cache. */
void hpa380_board_expect_cache_matches_chip(struct hpa380_board *b);
/* Expect transfer @i of the log to write @len bytes from @reg on. */
void hpa380_board_expect_burst(struct hpa380_board *b, unsigned int i, u8 reg,
			       const u8 *data, unsigned int len);
/* Expect transfer @i of the log to be a write of @val to @reg. */
void hpa380_board_expect_write(struct hpa380_board *b, unsigned int i, u8 reg,
			       u8 val);

/*
 * A bound amplifier in a card, the chip awake and idle, logs cleared; the
 * board is test->priv. The exit expects no pop and no illegal access.
 */
struct hpa380_board *hpa380_board_fixture(struct kunit *test,
					  const struct hpa380_board_opts *opts);
int hpa380_board_fixture_init(struct kunit *test);	/* with IRQN wired */
void hpa380_board_fixture_exit(struct kunit *test);

/* Print the transfer log, to explain a failure. */
void hpa380_board_dump_log(struct hpa380_board *b);

#endif /* HPA380_TEST_BOARD_H */
