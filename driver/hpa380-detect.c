// SPDX-License-Identifier: GPL-2.0-only
/*
 * HPA380 load detection, jack sense and fault handling (datasheet sections 9
 * and 10). Events come from the IRQN line when the board wires it, otherwise
 * from a poll of IRQ_STATUS; measurements and fault recovery run in work
 * items, so that no control put ever waits for them.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/minmax.h>
#include <linux/regmap.h>
#include <sound/control.h>
#include <sound/jack.h>
#include <sound/soc.h>

#include "hpa380.h"

#define HPA380_POLL_MS			200	/* IRQ_STATUS poll without IRQN */
#define HPA380_DET_POLL_MS		10	/* DET_STATUS poll, >= 5 ms */
#define HPA380_DET_TIMEOUT_MS		(2 * HPA380_T_DET_MS)
#define HPA380_FAULT_BACKOFF_MAX_MS	6400
#define HPA380_IRQ_ERRORS_MAX		10	/* bus errors in a row */
#define HPA380_Z_MAX_MOHM		2000000

static void hpa380_notify(struct hpa380_detect *det, enum hpa380_det_ctl ctl)
{
	struct snd_kcontrol *kctl = det->kctl[ctl];

	if (kctl)
		snd_ctl_notify_one(det->component->card->snd_card,
				   SNDRV_CTL_EVENT_MASK_VALUE, kctl, 0);
}

static void hpa380_set_status(struct hpa380_detect *det,
			      enum hpa380_det_status status)
{
	det->status = status;
	hpa380_notify(det, HPA380_CTL_STATUS);
}

/* Forget the last result (the headphones it described are gone). */
static void hpa380_clear_result(struct hpa380_detect *det)
{
	det->mohm[0] = 0;
	det->mohm[1] = 0;
	det->type = HPA380_LOAD_UNKNOWN;
	hpa380_notify(det, HPA380_CTL_IMPEDANCE);
	hpa380_notify(det, HPA380_CTL_TYPE);
	hpa380_set_status(det, HPA380_STATUS_IDLE);
}

/* 0.1 Ohm units to milliohms; open, short and unknown read 0. */
static u32 hpa380_z_to_mohm(u16 z)
{
	if (z == HPA380_DET_Z_SHORT || z == HPA380_DET_Z_OPEN)
		return 0;
	return min_t(u32, z * 100, HPA380_Z_MAX_MOHM);
}

/* The jack to measure: the one plugged last, or the only one plugged. */
static u8 hpa380_pick_jack(struct hpa380_detect *det)
{
	if (det->jacks & BIT(det->last_inserted))
		return det->last_inserted;
	if (det->jacks & BIT(HPA380_JACK_BAL))
		return HPA380_JACK_BAL;
	return HPA380_JACK_SE;
}

/* A playback stream is open in the card: a request would interrupt it. */
static bool hpa380_stream_open(struct hpa380_detect *det)
{
	return hpa380_card_stream_open(det->component->card);
}

/*
 * Queue a measurement. A request while a playback stream is open is -EBUSY:
 * measuring would interrupt it. Otherwise the driver mutes the outputs
 * itself for the measurement, whatever the user's switch. Each request is a
 * new generation: a measurement running when a newer one is queued (a plug
 * meanwhile) does not report.
 */
static int hpa380_request_measure(struct hpa380_priv *hpa, bool on_demand)
{
	struct hpa380_detect *det = &hpa->det;

	lockdep_assert_held(&det->lock);
	if (det->status == HPA380_STATUS_MEASURING)
		return 0;
	if (on_demand && hpa380_stream_open(det))
		return -EBUSY;
	det->measured_jack = hpa380_pick_jack(det);
	det->on_demand = on_demand;
	det->generation++;
	hpa380_set_status(det, HPA380_STATUS_MEASURING);
	queue_work(system_long_wq, &det->measure_work);
	return 1;
}

/* Wait for the end of a measurement: IRQ completion, or DET_STATUS poll. */
static int hpa380_wait_measured(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;
	unsigned long timeout = msecs_to_jiffies(HPA380_DET_TIMEOUT_MS);
	unsigned int status, waited;
	int ret;

	if (det->irq) {
		if (!wait_for_completion_timeout(&det->measured, timeout))
			return -ETIMEDOUT;
		return READ_ONCE(det->stopping) ? -ESHUTDOWN : 0;
	}

	for (waited = 0; waited < HPA380_DET_TIMEOUT_MS;
	     waited += HPA380_DET_POLL_MS) {
		msleep(HPA380_DET_POLL_MS);
		if (READ_ONCE(det->stopping))
			return -ESHUTDOWN;
		ret = regmap_read(hpa->regmap, HPA380_DET_STATUS, &status);
		if (ret)
			return ret;
		if (!(status & HPA380_DET_BUSY))
			return 0;
	}
	return -ETIMEDOUT;
}

/*
 * Start, wait, read DET_STATUS and both results in one burst. Once stop has
 * begun (hpa380_detect_stop()) no measurement starts: the check and the
 * re-arming of the completion are under the lock stop takes first.
 */
static int hpa380_measure_once(struct hpa380_priv *hpa, u8 jack, u8 *result)
{
	struct hpa380_detect *det = &hpa->det;
	int ret;

	scoped_guard(mutex, &det->lock) {
		if (det->stopping)
			return -ESHUTDOWN;
		reinit_completion(&det->measured);
	}
	ret = regmap_write(hpa->regmap, HPA380_DET_CTRL,
			   HPA380_DET_START | jack << HPA380_DET_JACK_SHIFT);
	if (ret)
		return ret;

	ret = hpa380_wait_measured(hpa);
	if (!ret)
		ret = regmap_bulk_read(hpa->regmap, HPA380_DET_STATUS, result, 5);
	if (!ret && (result[0] & HPA380_DET_BUSY))
		ret = -ETIMEDOUT;
	if (ret == -ETIMEDOUT)
		dev_err(hpa->dev, "load measurement did not complete in %d ms\n",
			HPA380_DET_TIMEOUT_MS);
	if (ret == -ETIMEDOUT || ret == -ESHUTDOWN)
		regmap_write(hpa->regmap, HPA380_DET_CTRL, HPA380_DET_ABORT);
	return ret;
}

/*
 * A stage that started its soft-start (a stream's start) just as the
 * outputs were muted makes the chip refuse the start (ERR_UNMUTED): once
 * the ramp is over it accepts it.
 */
static int hpa380_measure(struct hpa380_priv *hpa, u8 jack, u8 *result)
{
	int ret = hpa380_measure_once(hpa, jack, result);

	if (!ret && (result[0] & HPA380_DET_ERR_UNMUTED)) {
		fsleep(HPA380_T_RAMP_US);
		ret = hpa380_measure_once(hpa, jack, result);
	}
	return ret;
}

/*
 * Under det->lock, at the end of a measurement: let go of the mute unless
 * another measurement is queued (a plug meanwhile), which keeps it.
 */
static void hpa380_measure_done(struct hpa380_priv *hpa)
{
	lockdep_assert_held(&hpa->det.lock);
	if (!work_pending(&hpa->det.measure_work))
		hpa380_release(hpa, HPA380_HOLD_MEASURE);
}

static void hpa380_measure_work(struct work_struct *work)
{
	struct hpa380_priv *hpa = container_of(work, struct hpa380_priv,
					       det.measure_work);
	struct hpa380_detect *det = &hpa->det;
	unsigned int generation, now;
	u8 jack, r[5] = { };
	int ret;

	scoped_guard(mutex, &det->lock) {
		/* A stream opened since the request: it goes first. */
		if (det->on_demand && hpa380_stream_open(det)) {
			hpa380_measure_done(hpa);
			hpa380_set_status(det, HPA380_STATUS_IDLE);
			return;
		}
		generation = det->generation;
		jack = det->measured_jack;
	}

	/* Muted for the measurement, as the datasheet asks (section 9). */
	ret = hpa380_hold(hpa, HPA380_HOLD_MEASURE);
	if (!ret)
		ret = hpa380_measure(hpa, jack, r);

	guard(mutex)(&det->lock);
	hpa380_measure_done(hpa);
	if (generation != det->generation)
		return;		/* a newer request reports */
	if (ret) {
		/* Stopped for unbind or suspend: that is no failure. */
		hpa380_set_status(det, ret == -ESHUTDOWN ? HPA380_STATUS_IDLE :
				  HPA380_STATUS_ERROR);
		return;
	}
	if (r[0] & HPA380_DET_ABORTED) {
		/* Unplugged during the measurement: nothing to report. */
		if (!regmap_read(hpa->regmap, HPA380_JACK_STATUS, &now) &&
		    !(now & BIT(jack)))
			hpa380_clear_result(det);
		else
			hpa380_set_status(det, HPA380_STATUS_ERROR);
		return;
	}
	if (!(r[0] & HPA380_DET_DONE)) {
		dev_err(hpa->dev, "load measurement refused: status 0x%02x\n", r[0]);
		hpa380_set_status(det, HPA380_STATUS_ERROR);
		return;
	}
	det->mohm[0] = hpa380_z_to_mohm(r[1] << 8 | r[2]);
	det->mohm[1] = hpa380_z_to_mohm(r[3] << 8 | r[4]);
	det->type = FIELD_GET(HPA380_DET_TYPE_MASK, r[0]);
	hpa380_notify(det, HPA380_CTL_IMPEDANCE);
	hpa380_notify(det, HPA380_CTL_TYPE);
	hpa380_set_status(det, HPA380_STATUS_DONE);
}

/*
 * A debounced jack change: report it, measure a new plug. A new plug is held
 * muted before it is reported, so that the stages DAPM then powers for it
 * stay silent until it is measured.
 */
static void hpa380_jacks_changed(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;
	unsigned int jacks, changed;
	int i;

	guard(mutex)(&det->lock);
	if (det->stopping ||
	    regmap_read(hpa->regmap, HPA380_JACK_STATUS, &jacks))
		return;
	changed = (jacks ^ det->jacks) & GENMASK(HPA380_NUM_JACKS - 1, 0);
	if (det->resync) {
		changed = GENMASK(HPA380_NUM_JACKS - 1, 0);
		det->resync = false;
	}
	det->jacks = jacks;

	for (i = 0; i < HPA380_NUM_JACKS; i++) {
		if (!(changed & BIT(i)))
			continue;
		if (jacks & BIT(i))
			hpa380_hold(hpa, HPA380_HOLD_MEASURE);
		snd_soc_jack_report(&det->jack[i],
				    jacks & BIT(i) ? SND_JACK_HEADPHONE : 0,
				    SND_JACK_HEADPHONE);
		if (jacks & BIT(i)) {
			det->last_inserted = i;
			det->status = HPA380_STATUS_IDLE;	/* measure again */
			hpa380_request_measure(hpa, false);
		} else if (i == det->measured_jack &&
			   det->status != HPA380_STATUS_MEASURING) {
			hpa380_clear_result(det);
		}
	}
}

static enum hpa380_fault hpa380_decode_fault(unsigned int bits)
{
	if (bits & HPA380_FAULT_SHORT)
		return HPA380_FAULT_SHORTED;
	if (bits & HPA380_FAULT_OT)
		return HPA380_FAULT_OVER_TEMPERATURE;
	if (bits & HPA380_FAULT_OC)
		return HPA380_FAULT_OVER_CURRENT;
	return HPA380_FAULT_NONE;
}

static const char * const hpa380_fault_texts[] = {
	"None", "Over-current", "Over-temperature", "Short",
};

/* A fault latched: hold the outputs muted and recover after a cool-down. */
static void hpa380_fault_latched(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;
	enum hpa380_fault fault;
	unsigned int bits;

	if (regmap_read(hpa->regmap, HPA380_FAULT, &bits))
		return;
	fault = hpa380_decode_fault(bits);
	if (fault == HPA380_FAULT_NONE)
		return;

	guard(mutex)(&det->lock);
	if (det->stopping)
		return;
	if (det->fault == HPA380_FAULT_NONE) {
		dev_warn_ratelimited(hpa->dev, "%s fault: outputs muted\n",
				     hpa380_fault_texts[fault]);
		det->fault_backoff_ms = HPA380_T_COOL_MS;
		/* The chip has muted; keep it so when the fault clears. */
		hpa380_hold(hpa, HPA380_HOLD_FAULT);
	}
	if (det->fault != fault) {
		det->fault = fault;
		hpa380_notify(det, HPA380_CTL_FAULT);
	}
	if (!delayed_work_pending(&det->fault_work))
		queue_delayed_work(system_long_wq, &det->fault_work,
				   msecs_to_jiffies(det->fault_backoff_ms));
}

/*
 * Clear the fault after the cool-down. A cause that persists latches again
 * at once: keep the outputs muted and wait twice as long before the next try.
 */
static void hpa380_fault_work(struct work_struct *work)
{
	struct hpa380_priv *hpa = container_of(to_delayed_work(work),
					       struct hpa380_priv, det.fault_work);
	struct hpa380_detect *det = &hpa->det;
	unsigned int bits;
	int ret;

	guard(mutex)(&det->lock);
	ret = regmap_write(hpa->regmap, HPA380_FAULT,
			   HPA380_FAULT_OC | HPA380_FAULT_OT | HPA380_FAULT_SHORT);
	if (!ret)
		ret = regmap_read(hpa->regmap, HPA380_FAULT, &bits);
	if (ret || bits) {
		det->fault_backoff_ms = min(2 * det->fault_backoff_ms,
					    HPA380_FAULT_BACKOFF_MAX_MS);
		dev_dbg(hpa->dev, "fault persists, next try in %u ms\n",
			det->fault_backoff_ms);
		queue_delayed_work(system_long_wq, &det->fault_work,
				   msecs_to_jiffies(det->fault_backoff_ms));
		return;
	}

	dev_info_ratelimited(hpa->dev, "%s fault cleared\n",
			     hpa380_fault_texts[det->fault]);
	det->fault = HPA380_FAULT_NONE;
	hpa380_notify(det, HPA380_CTL_FAULT);
	hpa380_release(hpa, HPA380_HOLD_FAULT);
}

/*
 * Handle what IRQ_STATUS holds until it reads 0, so that an event arriving
 * while we clear the others is not lost on an edge-triggered line. Returns
 * 1 when something was handled, 0 when the chip had nothing, or the error
 * of a read of IRQ_STATUS.
 */
static int hpa380_handle_events(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;
	unsigned int status;
	int i, ret;

	for (i = 0; i < 4; i++) {
		ret = regmap_read(hpa->regmap, HPA380_IRQ_STATUS, &status);
		if (ret)
			return ret;
		/* A first look: the jacks, and a fault latched meanwhile. */
		scoped_guard(mutex, &det->lock)
			if (det->resync)
				status |= HPA380_IRQ_JACK | HPA380_IRQ_FAULT;
		if (!status)
			return i > 0;
		regmap_write(hpa->regmap, HPA380_IRQ_STATUS,
			     status & HPA380_IRQ_ALL);
		if (status & HPA380_IRQ_JACK)
			hpa380_jacks_changed(hpa);
		if (status & HPA380_IRQ_DET)
			complete(&det->measured);
		if (status & HPA380_IRQ_FAULT)
			hpa380_fault_latched(hpa);
	}
	return 1;
}

/*
 * A bus error counts as handled: the chip may well have had something, and
 * the line must not be taken for a stuck one for that. Unless the bus keeps
 * failing: then let the core judge the line.
 */
static irqreturn_t hpa380_irq_thread(int irq, void *data)
{
	struct hpa380_priv *hpa = data;
	int ret = hpa380_handle_events(hpa);

	if (ret >= 0) {
		hpa->det.irq_errors = 0;
		return ret ? IRQ_HANDLED : IRQ_NONE;
	}
	if (++hpa->det.irq_errors < HPA380_IRQ_ERRORS_MAX)
		return IRQ_HANDLED;
	dev_err_ratelimited(hpa->dev, "cannot read the interrupt status: %d\n",
			    ret);
	return IRQ_NONE;
}

static void hpa380_event_work(struct work_struct *work)
{
	struct hpa380_priv *hpa = container_of(to_delayed_work(work),
					       struct hpa380_priv, det.event_work);

	hpa380_handle_events(hpa);
	if (!hpa->det.irq)
		queue_delayed_work(system_wq, &hpa->det.event_work,
				   msecs_to_jiffies(HPA380_POLL_MS));
}

/* ---- controls ---- */

static struct hpa380_priv *hpa380_kctl_priv(struct snd_kcontrol *kcontrol)
{
	return snd_soc_component_get_drvdata(snd_kcontrol_chip(kcontrol));
}

static int hpa380_impedance_info(struct snd_kcontrol *kcontrol,
				 struct snd_ctl_elem_info *uinfo)
{
	uinfo->type = SNDRV_CTL_ELEM_TYPE_INTEGER;
	uinfo->count = 2;
	uinfo->value.integer.min = 0;
	uinfo->value.integer.max = HPA380_Z_MAX_MOHM;
	return 0;
}

static int hpa380_impedance_get(struct snd_kcontrol *kcontrol,
				struct snd_ctl_elem_value *ucontrol)
{
	struct hpa380_detect *det = &hpa380_kctl_priv(kcontrol)->det;

	guard(mutex)(&det->lock);
	ucontrol->value.integer.value[0] = det->mohm[0];
	ucontrol->value.integer.value[1] = det->mohm[1];
	return 0;
}

static const char * const hpa380_type_texts[] = {
	"Unknown", "None", "Unbalanced", "Balanced", "Short",
};

static const char * const hpa380_status_texts[] = {
	"Idle", "Measuring", "Done", "Error",
};

static int hpa380_type_info(struct snd_kcontrol *kcontrol,
			    struct snd_ctl_elem_info *uinfo)
{
	return snd_ctl_enum_info(uinfo, 1, ARRAY_SIZE(hpa380_type_texts),
				 hpa380_type_texts);
}

static int hpa380_status_info(struct snd_kcontrol *kcontrol,
			      struct snd_ctl_elem_info *uinfo)
{
	return snd_ctl_enum_info(uinfo, 1, ARRAY_SIZE(hpa380_status_texts),
				 hpa380_status_texts);
}

static int hpa380_fault_info(struct snd_kcontrol *kcontrol,
			     struct snd_ctl_elem_info *uinfo)
{
	return snd_ctl_enum_info(uinfo, 1, ARRAY_SIZE(hpa380_fault_texts),
				 hpa380_fault_texts);
}

/* The read-only enums: private_value says which one. */
static int hpa380_det_enum_get(struct snd_kcontrol *kcontrol,
			       struct snd_ctl_elem_value *ucontrol)
{
	struct hpa380_detect *det = &hpa380_kctl_priv(kcontrol)->det;
	unsigned int *item = ucontrol->value.enumerated.item;

	guard(mutex)(&det->lock);
	switch (kcontrol->private_value) {
	case HPA380_CTL_TYPE:
		item[0] = det->type;
		break;
	case HPA380_CTL_STATUS:
		item[0] = det->status;
		break;
	default:
		item[0] = det->fault;
		break;
	}
	return 0;
}

static int hpa380_trigger_get(struct snd_kcontrol *kcontrol,
			      struct snd_ctl_elem_value *ucontrol)
{
	struct hpa380_detect *det = &hpa380_kctl_priv(kcontrol)->det;

	guard(mutex)(&det->lock);
	ucontrol->value.integer.value[0] = det->status == HPA380_STATUS_MEASURING;
	return 0;
}

/* Writing 1 starts a measurement; 0, or 1 while one runs, changes nothing. */
static int hpa380_trigger_put(struct snd_kcontrol *kcontrol,
			      struct snd_ctl_elem_value *ucontrol)
{
	struct hpa380_priv *hpa = hpa380_kctl_priv(kcontrol);
	long val = ucontrol->value.integer.value[0];

	if (val < 0 || val > 1)
		return -EINVAL;
	if (!val)
		return 0;
	guard(mutex)(&hpa->det.lock);
	return hpa380_request_measure(hpa, true);
}

/*
 * On the card interface, as the jacks are: results and an action, not mixer
 * settings (mixers such as alsamixer show the mixer interface only).
 * Read-only, and not volatile: every change of their values comes with an
 * event (hpa380_notify()), so a client may trust what it read until then.
 * The trigger is the other way round.
 */
#define HPA380_DET_ENUM(xname, xinfo, ctl) {				\
	.iface = SNDRV_CTL_ELEM_IFACE_CARD, .name = xname,		\
	.access = SNDRV_CTL_ELEM_ACCESS_READ, .info = xinfo,		\
	.get = hpa380_det_enum_get, .private_value = ctl }

static const struct snd_kcontrol_new hpa380_det_controls[HPA380_NUM_DET_CTLS] = {
	[HPA380_CTL_IMPEDANCE] = {
		.iface = SNDRV_CTL_ELEM_IFACE_CARD,
		.name = "Headphone Load Impedance",
		.access = SNDRV_CTL_ELEM_ACCESS_READ,
		.info = hpa380_impedance_info,
		.get = hpa380_impedance_get,
	},
	[HPA380_CTL_TYPE] = HPA380_DET_ENUM("Headphone Load Type",
					    hpa380_type_info, HPA380_CTL_TYPE),
	[HPA380_CTL_STATUS] = HPA380_DET_ENUM("Headphone Load Detect Status",
					      hpa380_status_info,
					      HPA380_CTL_STATUS),
	/*
	 * Volatile: it falls back to 0 by itself at the end of a measurement,
	 * without an event (the status control has those).
	 */
	[HPA380_CTL_TRIGGER] = {
		.iface = SNDRV_CTL_ELEM_IFACE_CARD,
		.name = "Headphone Load Detect Switch",
		.access = SNDRV_CTL_ELEM_ACCESS_READWRITE |
			  SNDRV_CTL_ELEM_ACCESS_VOLATILE,
		.info = snd_ctl_boolean_mono_info,
		.get = hpa380_trigger_get,
		.put = hpa380_trigger_put,
	},
	[HPA380_CTL_FAULT] = HPA380_DET_ENUM("Headphone Fault",
					     hpa380_fault_info, HPA380_CTL_FAULT),
};

static int hpa380_add_controls(struct hpa380_detect *det)
{
	struct snd_soc_component *component = det->component;
	struct snd_kcontrol *kctl;
	int i, ret;

	for (i = 0; i < HPA380_NUM_DET_CTLS; i++) {
		kctl = snd_soc_cnew(&hpa380_det_controls[i], component,
				    hpa380_det_controls[i].name,
				    component->name_prefix);
		ret = snd_ctl_add(component->card->snd_card, kctl);
		if (ret)
			return ret;
		det->kctl[i] = kctl;
	}
	return 0;
}

/*
 * The jack controls, named like the controls (with the component's prefix).
 * A card widget of the same name, such as a simple-audio-card "Headphone"
 * widget, becomes the jack's DAPM pin: enabled only while a plug is in, so
 * that the stages of an empty jack stay off.
 */
static int hpa380_add_jacks(struct hpa380_detect *det)
{
	static const char * const names[HPA380_NUM_JACKS] = {
		"Headphone Jack", "Balanced Headphone Jack",
	};
	struct snd_soc_component *component = det->component;
	struct snd_soc_card *card = component->card;
	struct snd_soc_dapm_widget *w;
	int i, pins, ret;

	for (i = 0; i < HPA380_NUM_JACKS; i++) {
		if (component->name_prefix)
			snprintf(det->jack_name[i], sizeof(det->jack_name[i]),
				 "%s %s", component->name_prefix, names[i]);
		else
			strscpy(det->jack_name[i], names[i],
				sizeof(det->jack_name[i]));

		pins = 0;
		for_each_card_widgets(card, w)
			if (w->dapm == &card->dapm &&
			    !strcmp(w->name, det->jack_name[i]))
				pins = 1;
		det->pin[i].pin = det->jack_name[i];
		det->pin[i].mask = SND_JACK_HEADPHONE;
		ret = snd_soc_card_jack_new_pins(card, det->jack_name[i],
						 SND_JACK_HEADPHONE,
						 &det->jack[i], &det->pin[i],
						 pins);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- life cycle ---- */

/*
 * The interrupt is the device's, requested at I2C probe and enabled only
 * while the amplifier is in a card and powered.
 */
int hpa380_detect_request_irq(struct hpa380_priv *hpa, int irq)
{
	int ret;

	if (irq <= 0)
		return 0;
	ret = devm_request_threaded_irq(hpa->dev, irq, NULL, hpa380_irq_thread,
					IRQF_ONESHOT | IRQF_NO_AUTOEN,
					dev_name(hpa->dev), hpa);
	if (ret)
		return dev_err_probe(hpa->dev, ret, "cannot get IRQ\n");
	hpa->det.irq = irq;
	return 0;
}

static void hpa380_detect_irq_enable(struct hpa380_detect *det, bool on)
{
	if (!det->irq || det->irq_enabled == on)
		return;
	det->irq_enabled = on;
	if (on)
		enable_irq(det->irq);
	else
		disable_irq(det->irq);
}

/*
 * Start watching the chip: events, and the jacks as they are (a plug may be
 * in already), looked at @now or from the event work.
 */
static int hpa380_detect_start(struct hpa380_priv *hpa, bool now)
{
	struct hpa380_detect *det = &hpa->det;
	int ret;

	scoped_guard(mutex, &det->lock) {
		WRITE_ONCE(det->stopping, false);
		det->resync = true;
	}
	if (det->irq) {
		ret = regmap_write(hpa->regmap, HPA380_IRQ_MASK, 0);
		if (ret)
			return ret;
		hpa380_detect_irq_enable(det, true);
	}
	if (now)
		hpa380_handle_events(hpa);
	if (!now || !det->irq)
		queue_delayed_work(system_wq, &det->event_work,
				   now ? msecs_to_jiffies(HPA380_POLL_MS) : 0);
	return 0;
}

/* Nothing of ours runs once this returns; a measurement is aborted. */
static void hpa380_detect_stop(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;

	scoped_guard(mutex, &det->lock)
		WRITE_ONCE(det->stopping, true);
	complete_all(&det->measured);
	hpa380_detect_irq_enable(det, false);
	cancel_delayed_work_sync(&det->event_work);
	cancel_work_sync(&det->measure_work);
	cancel_delayed_work_sync(&det->fault_work);
}

/* No result, no fault, no jack: as a card's first look finds the chip. */
static void hpa380_detect_forget(struct hpa380_detect *det)
{
	det->jacks = 0;
	det->last_inserted = HPA380_JACK_SE;
	det->measured_jack = HPA380_JACK_SE;
	det->status = HPA380_STATUS_IDLE;
	det->mohm[0] = 0;
	det->mohm[1] = 0;
	det->type = HPA380_LOAD_UNKNOWN;
	det->fault = HPA380_FAULT_NONE;
	det->fault_backoff_ms = 0;
}

int hpa380_detect_init(struct hpa380_priv *hpa,
		       struct snd_soc_component *component)
{
	struct hpa380_detect *det = &hpa->det;
	int ret;

	det->component = component;
	hpa380_detect_forget(det);
	INIT_DELAYED_WORK(&det->event_work, hpa380_event_work);
	INIT_WORK(&det->measure_work, hpa380_measure_work);
	INIT_DELAYED_WORK(&det->fault_work, hpa380_fault_work);
	init_completion(&det->measured);

	ret = hpa380_add_jacks(det);
	if (!ret)
		ret = hpa380_add_controls(det);
	if (!ret)
		ret = hpa380_detect_start(hpa, true);
	if (ret) {
		/* The card frees what it holds (jacks, controls) itself. */
		hpa380_detect_stop(hpa);
		memset(det->kctl, 0, sizeof(det->kctl));
		det->component = NULL;
	}
	return ret;
}

void hpa380_detect_exit(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;

	if (!det->component)
		return;
	hpa380_detect_stop(hpa);
	if (det->irq)
		regmap_write(hpa->regmap, HPA380_IRQ_MASK, HPA380_IRQ_ALL);
	hpa380_release(hpa, HPA380_HOLD_MEASURE | HPA380_HOLD_FAULT);
	memset(det->kctl, 0, sizeof(det->kctl));
	det->component = NULL;
}

void hpa380_detect_suspend(struct hpa380_priv *hpa)
{
	if (hpa->det.component)
		hpa380_detect_stop(hpa);
}

/*
 * The chip was off: the headphones may have changed, a fault is gone with
 * the power. Drop the old result, re-read both jacks and measure what is
 * plugged in.
 */
void hpa380_detect_resume(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;

	if (!det->component)
		return;
	scoped_guard(mutex, &det->lock) {
		if (det->status != HPA380_STATUS_IDLE || det->type)
			hpa380_clear_result(det);
		if (det->fault != HPA380_FAULT_NONE) {
			det->fault = HPA380_FAULT_NONE;
			hpa380_notify(det, HPA380_CTL_FAULT);
		}
	}
	/* Before the card's resume powers the outputs: a plug is held muted. */
	if (hpa380_detect_start(hpa, true))
		dev_err(hpa->dev, "cannot unmask the interrupts\n");
}
