/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HPA380 headphone amplifier: register map (Documentation/sound/codecs/hpa380.rst
 * section 6) and the state shared by the driver's files.
 */
#ifndef HPA380_H
#define HPA380_H

#include <linux/bits.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/regmap.h>
#include <linux/regulator/consumer.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <sound/asound.h>
#include <sound/soc-component.h>
#include <sound/soc-jack.h>

#include "hpa380-compat.h"

struct device;
struct device_link;
struct gpio_desc;

#define HPA380_CHIP_ID		0x00
#define HPA380_REV_ID		0x01
#define HPA380_SW_RESET		0x02
#define HPA380_POWER		0x03
#define HPA380_OUT_EN		0x04
#define HPA380_OUT_CFG		0x05
#define HPA380_VOL_L		0x06
#define HPA380_VOL_R		0x07
#define HPA380_MUTE		0x08
#define HPA380_DET_CTRL		0x09
#define HPA380_DET_STATUS	0x0a
#define HPA380_DET_ZL_MSB	0x0b
#define HPA380_DET_ZL_LSB	0x0c
#define HPA380_DET_ZR_MSB	0x0d
#define HPA380_DET_ZR_LSB	0x0e
#define HPA380_JACK_STATUS	0x0f
#define HPA380_FAULT		0x10
#define HPA380_IRQ_STATUS	0x11
#define HPA380_IRQ_MASK		0x12
#define HPA380_STATUS		0x13
#define HPA380_MAX_REGISTER	HPA380_STATUS

#define HPA380_CHIP_ID_VALUE	0x38
#define HPA380_REV_MAJOR(rev)	((rev) >> 4)
#define HPA380_REV_MINOR(rev)	((rev) & 0xf)

/* SW_RESET */
#define HPA380_SW_RESET_RESET	BIT(0)

/* POWER */
#define HPA380_REF_EN_SHIFT	0
#define HPA380_INL_EN_SHIFT	1
#define HPA380_INR_EN_SHIFT	2

/* OUT_EN */
#define HPA380_HPLP_EN_SHIFT	0
#define HPA380_HPLN_EN_SHIFT	1
#define HPA380_HPRP_EN_SHIFT	2
#define HPA380_HPRN_EN_SHIFT	3

/* OUT_CFG */
#define HPA380_ROUTE_SHIFT	0
#define HPA380_ROUTE_MASK	BIT(0)
#define HPA380_GAIN_SHIFT	1
#define HPA380_GAIN_MASK	BIT(1)
#define HPA380_ILIM_SHIFT	2
#define HPA380_ILIM_MASK	GENMASK(3, 2)

/* VOL_L, VOL_R: 0 mutes, 1..200 is -99.5 dB..0 dB */
#define HPA380_VOL_MAX		200

/* MUTE */
#define HPA380_MUTE_L_SHIFT	0
#define HPA380_MUTE_R_SHIFT	1
#define HPA380_MUTE_BOTH	(BIT(0) | BIT(1))

/* DET_CTRL */
#define HPA380_DET_START	BIT(0)
#define HPA380_DET_JACK_SHIFT	1
#define HPA380_DET_ABORT	BIT(2)

/* DET_STATUS */
#define HPA380_DET_BUSY		BIT(0)
#define HPA380_DET_DONE		BIT(1)
#define HPA380_DET_ERR_UNMUTED	BIT(2)
#define HPA380_DET_ABORTED	BIT(3)
#define HPA380_DET_TYPE_MASK	GENMASK(6, 4)

/* DET_ZL/ZR: 0.1 Ohm units; 0x0000 short, 0xffff open */
#define HPA380_DET_Z_SHORT	0x0000
#define HPA380_DET_Z_OPEN	0xffff

/* JACK_STATUS, and the DET_JACK values */
#define HPA380_JACK_SE		0
#define HPA380_JACK_BAL		1
#define HPA380_NUM_JACKS	2

/* FAULT */
#define HPA380_FAULT_OC		BIT(0)
#define HPA380_FAULT_OT		BIT(1)
#define HPA380_FAULT_SHORT	BIT(2)

/* IRQ_STATUS, IRQ_MASK */
#define HPA380_IRQ_JACK		BIT(0)
#define HPA380_IRQ_DET		BIT(1)
#define HPA380_IRQ_FAULT	BIT(2)
#define HPA380_IRQ_ALL		GENMASK(2, 0)

/* Datasheet timing (section 4): t_RST is a minimum, the others maxima */
#define HPA380_T_RST_US		10
#define HPA380_T_BOOT_US	1000
#define HPA380_T_REF_US		10000
#define HPA380_T_RAMP_US	5000
#define HPA380_T_DET_MS		100
#define HPA380_T_COOL_MS	100

#define HPA380_NUM_SUPPLIES	2

/* Values of the read-only detection controls (their items are ABI). */
enum hpa380_det_status {
	HPA380_STATUS_IDLE,
	HPA380_STATUS_MEASURING,
	HPA380_STATUS_DONE,
	HPA380_STATUS_ERROR,
};

/* Same order as DET_STATUS.LOAD_TYPE. */
enum hpa380_load_type {
	HPA380_LOAD_UNKNOWN,
	HPA380_LOAD_NONE,
	HPA380_LOAD_UNBALANCED,
	HPA380_LOAD_BALANCED,
	HPA380_LOAD_SHORT,
};

enum hpa380_fault {
	HPA380_FAULT_NONE,
	HPA380_FAULT_OVER_CURRENT,
	HPA380_FAULT_OVER_TEMPERATURE,
	HPA380_FAULT_SHORTED,
};

enum hpa380_det_ctl {
	HPA380_CTL_IMPEDANCE,
	HPA380_CTL_TYPE,
	HPA380_CTL_STATUS,
	HPA380_CTL_TRIGGER,
	HPA380_CTL_FAULT,
	HPA380_NUM_DET_CTLS,
};

/* Why the driver holds the outputs muted, whatever the user's switch says. */
#define HPA380_HOLD_MODE	BIT(0)	/* a gain, route or limit change */
#define HPA380_HOLD_MEASURE	BIT(1)	/* a load measurement */
#define HPA380_HOLD_FAULT	BIT(2)	/* a fault, until it is cleared */

/* Load detection, jack sense and faults: live while the amp is in a card. */
struct hpa380_detect {
	struct snd_soc_component *component;
	struct snd_soc_jack jack[HPA380_NUM_JACKS];
	struct snd_soc_jack_pin pin[HPA380_NUM_JACKS];
	char jack_name[HPA380_NUM_JACKS][SNDRV_CTL_ELEM_ID_NAME_MAXLEN];
	struct snd_kcontrol *kctl[HPA380_NUM_DET_CTLS];
	struct delayed_work event_work;		/* IRQ_STATUS poll, resync */
	struct work_struct measure_work;
	struct delayed_work fault_work;
	struct completion measured;
	int irq;				/* 0: poll */
	bool irq_enabled;
	unsigned int irq_errors;		/* bus errors in a row */
	/* The fields below are under @lock. */
	struct mutex lock;
	bool stopping;				/* unbind or suspend under way */
	bool resync;				/* re-read jacks, results stale */
	u8 jacks;				/* JACK_STATUS as reported */
	u8 last_inserted;			/* jack to measure */
	u8 measured_jack;
	bool on_demand;				/* the last request's */
	unsigned int generation;		/* of the last request */
	enum hpa380_det_status status;
	u32 mohm[2];
	enum hpa380_load_type type;
	enum hpa380_fault fault;
	unsigned int fault_backoff_ms;
};

struct hpa380_priv {
	struct device *dev;
	struct regmap *regmap;
	struct gpio_desc *reset_gpio;
	struct regulator_bulk_data supplies[HPA380_NUM_SUPPLIES];
	/*
	 * Serialises what reaches MUTE and OUT_CFG. The chip's MUTE is the
	 * user's switch OR'd with the driver's holds: the switch control
	 * reads and writes @user_mute only, so no hold ever changes it.
	 */
	struct mutex lock;
	/* Serialises gain, route and limit changes; taken before DAPM's. */
	struct mutex mode_lock;
	u8 user_mute;				/* MUTE bits the user set */
	unsigned int holds;			/* HPA380_HOLD_* */
	bool playing;				/* a playback stream in the card */
	/* End of the last output ramp the driver started (stage soft-stop) */
	ktime_t ramp_end;
	struct device_link *card_link;
	struct hpa380_detect det;
};

extern const struct regmap_config hpa380_regmap_config;
extern const struct snd_soc_component_driver hpa380_component_driver;

/* hpa380-mute.c: the outputs' mute, the user's and the driver's */
void hpa380_resync(struct hpa380_priv *hpa, unsigned int reg);
int hpa380_hold_locked(struct hpa380_priv *hpa, unsigned int hold);
int hpa380_release_locked(struct hpa380_priv *hpa, unsigned int hold);
int hpa380_hold(struct hpa380_priv *hpa, unsigned int hold);
int hpa380_release(struct hpa380_priv *hpa, unsigned int hold);
void hpa380_forget_holds(struct hpa380_priv *hpa);
void hpa380_start_ramp(struct hpa380_priv *hpa);
void hpa380_wait_ramp(struct hpa380_priv *hpa);
int hpa380_switch_get(struct snd_kcontrol *kcontrol,
		      struct snd_ctl_elem_value *ucontrol);
int hpa380_switch_put(struct snd_kcontrol *kcontrol,
		      struct snd_ctl_elem_value *ucontrol);

/* hpa380-component.c */
bool hpa380_card_stream_open(struct snd_soc_card *card);

/* hpa380-detect.c */
int hpa380_detect_request_irq(struct hpa380_priv *hpa, int irq);
int hpa380_detect_init(struct hpa380_priv *hpa,
		       struct snd_soc_component *component);
void hpa380_detect_exit(struct hpa380_priv *hpa);
void hpa380_detect_suspend(struct hpa380_priv *hpa);
void hpa380_detect_resume(struct hpa380_priv *hpa);

#endif /* HPA380_H */
