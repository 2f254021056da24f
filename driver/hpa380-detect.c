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
#define HPA380_Z_MAX_MOHM		2000000

static const char * const hpa380_jack_names[HPA380_NUM_JACKS] = {
	"Headphone Jack", "Balanced Headphone Jack",
};

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
	hpa380_notify(det, HPA380_CTL_TRIGGER);
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

/* Queue a measurement; -EBUSY for a request while sound is playing. */
static int hpa380_request_measure(struct hpa380_priv *hpa, bool on_demand)
{
	struct hpa380_detect *det = &hpa->det;

	lockdep_assert_held(&det->lock);
	if (det->status == HPA380_STATUS_MEASURING)
		return 0;
	if (on_demand && hpa380_audible(hpa))
		return -EBUSY;
	det->measured_jack = hpa380_pick_jack(det);
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

/* Start, wait, read DET_STATUS and both results in one burst. */
static int hpa380_measure(struct hpa380_priv *hpa, u8 jack, u8 *result)
{
	struct hpa380_detect *det = &hpa->det;
	int ret;

	reinit_completion(&det->measured);
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

static void hpa380_measure_work(struct work_struct *work)
{
	struct hpa380_priv *hpa = container_of(work, struct hpa380_priv,
					       det.measure_work);
	struct hpa380_detect *det = &hpa->det;
	unsigned int mute, now;
	u8 r[5];
	int silenced, ret;

	/* Mute what plays (a plug just went in), as the datasheet asks. */
	mutex_lock(&hpa->lock);
	silenced = hpa380_silence(hpa, &mute);
	mutex_unlock(&hpa->lock);

	ret = silenced < 0 ? silenced : hpa380_measure(hpa, det->measured_jack, r);

	/* Unmute unless somebody set the switch meanwhile. */
	if (silenced > 0) {
		mutex_lock(&hpa->lock);
		if (!regmap_read(hpa->regmap, HPA380_MUTE, &now) &&
		    now == HPA380_MUTE_BOTH && !det->fault_muted)
			hpa380_restore_mute(hpa, mute);
		mutex_unlock(&hpa->lock);
	}

	guard(mutex)(&det->lock);
	if (ret) {
		/* Stopped for unbind or suspend: that is no failure. */
		hpa380_set_status(det, ret == -ESHUTDOWN ? HPA380_STATUS_IDLE :
				  HPA380_STATUS_ERROR);
		return;
	}
	if (r[0] & HPA380_DET_ABORTED) {
		/* Unplugged during the measurement: nothing to report. */
		if (!regmap_read(hpa->regmap, HPA380_JACK_STATUS, &now) &&
		    !(now & BIT(det->measured_jack)))
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

/* A debounced jack change: report it, measure a new plug. */
static void hpa380_jacks_changed(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;
	unsigned int jacks, changed;
	int i;

	if (regmap_read(hpa->regmap, HPA380_JACK_STATUS, &jacks))
		return;

	guard(mutex)(&det->lock);
	changed = (jacks ^ det->jacks) & GENMASK(HPA380_NUM_JACKS - 1, 0);
	if (det->resync) {
		changed = GENMASK(HPA380_NUM_JACKS - 1, 0);
		det->resync = false;
	}
	det->jacks = jacks;

	for (i = 0; i < HPA380_NUM_JACKS; i++) {
		if (!(changed & BIT(i)))
			continue;
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
	if (det->fault == HPA380_FAULT_NONE) {
		dev_warn_ratelimited(hpa->dev, "%s fault: outputs muted\n",
				     hpa380_fault_texts[fault]);
		det->fault_backoff_ms = HPA380_T_COOL_MS;
		mutex_lock(&hpa->lock);
		if (!regmap_read(hpa->regmap, HPA380_MUTE, &det->fault_saved_mute) &&
		    !regmap_write(hpa->regmap, HPA380_MUTE, HPA380_MUTE_BOTH))
			det->fault_muted = true;
		mutex_unlock(&hpa->lock);
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
	if (det->fault_muted) {
		mutex_lock(&hpa->lock);
		hpa380_restore_mute(hpa, det->fault_saved_mute);
		mutex_unlock(&hpa->lock);
		det->fault_muted = false;
	}
}

/*
 * Handle what IRQ_STATUS holds until it reads 0, so that an event arriving
 * while we clear the others is not lost on an edge-triggered line.
 */
static bool hpa380_handle_events(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;
	unsigned int status;
	int i;

	for (i = 0; i < 4; i++) {
		if (regmap_read(hpa->regmap, HPA380_IRQ_STATUS, &status))
			return i;
		scoped_guard(mutex, &det->lock)
			if (det->resync)
				status |= HPA380_IRQ_JACK;
		if (!status)
			return i;
		regmap_write(hpa->regmap, HPA380_IRQ_STATUS,
			     status & HPA380_IRQ_ALL);
		if (status & HPA380_IRQ_JACK)
			hpa380_jacks_changed(hpa);
		if (status & HPA380_IRQ_DET)
			complete(&det->measured);
		if (status & HPA380_IRQ_FAULT)
			hpa380_fault_latched(hpa);
	}
	return true;
}

static irqreturn_t hpa380_irq_thread(int irq, void *data)
{
	return hpa380_handle_events(data) ? IRQ_HANDLED : IRQ_NONE;
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

#define HPA380_RO_VOLATILE \
	(SNDRV_CTL_ELEM_ACCESS_READ | SNDRV_CTL_ELEM_ACCESS_VOLATILE)

#define HPA380_DET_ENUM(xname, xinfo, ctl) {				\
	.iface = SNDRV_CTL_ELEM_IFACE_MIXER, .name = xname,		\
	.access = HPA380_RO_VOLATILE, .info = xinfo,			\
	.get = hpa380_det_enum_get, .private_value = ctl }

static const struct snd_kcontrol_new hpa380_det_controls[HPA380_NUM_DET_CTLS] = {
	[HPA380_CTL_IMPEDANCE] = {
		.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
		.name = "Headphone Load Impedance",
		.access = HPA380_RO_VOLATILE,
		.info = hpa380_impedance_info,
		.get = hpa380_impedance_get,
	},
	[HPA380_CTL_TYPE] = HPA380_DET_ENUM("Headphone Load Type",
					    hpa380_type_info, HPA380_CTL_TYPE),
	[HPA380_CTL_STATUS] = HPA380_DET_ENUM("Headphone Load Detect Status",
					      hpa380_status_info,
					      HPA380_CTL_STATUS),
	[HPA380_CTL_TRIGGER] = {
		.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
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

/* ---- life cycle ---- */

int hpa380_detect_init(struct hpa380_priv *hpa,
		       struct snd_soc_component *component, int irq)
{
	struct hpa380_detect *det = &hpa->det;
	int i, ret;

	det->component = component;
	det->irq = irq > 0 ? irq : 0;
	det->stopping = false;
	det->status = HPA380_STATUS_IDLE;
	det->resync = true;
	INIT_DELAYED_WORK(&det->event_work, hpa380_event_work);
	INIT_WORK(&det->measure_work, hpa380_measure_work);
	INIT_DELAYED_WORK(&det->fault_work, hpa380_fault_work);
	init_completion(&det->measured);

	for (i = 0; i < HPA380_NUM_JACKS; i++) {
		ret = snd_soc_card_jack_new(component->card, hpa380_jack_names[i],
					    SND_JACK_HEADPHONE, &det->jack[i]);
		if (ret)
			return ret;
	}
	ret = hpa380_add_controls(det);
	if (ret)
		return ret;

	if (det->irq) {
		ret = request_threaded_irq(det->irq, NULL, hpa380_irq_thread,
					   IRQF_ONESHOT, dev_name(hpa->dev), hpa);
		if (ret)
			return dev_err_probe(hpa->dev, ret, "cannot get IRQ\n");
		ret = regmap_write(hpa->regmap, HPA380_IRQ_MASK, 0);
		if (ret) {
			free_irq(det->irq, hpa);
			return ret;
		}
	}
	/* First look at the jacks: measure what is already plugged in. */
	hpa380_handle_events(hpa);
	if (!det->irq)
		queue_delayed_work(system_wq, &det->event_work,
				   msecs_to_jiffies(HPA380_POLL_MS));
	return 0;
}

/* Nothing of ours runs once this returns; a measurement is aborted. */
static void hpa380_detect_stop(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;

	WRITE_ONCE(det->stopping, true);
	complete_all(&det->measured);
	if (det->irq)
		disable_irq(det->irq);
	cancel_delayed_work_sync(&det->event_work);
	cancel_work_sync(&det->measure_work);
	cancel_delayed_work_sync(&det->fault_work);
}

void hpa380_detect_exit(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;

	if (!det->component)
		return;
	hpa380_detect_stop(hpa);
	if (det->irq) {
		regmap_write(hpa->regmap, HPA380_IRQ_MASK, HPA380_IRQ_ALL);
		free_irq(det->irq, hpa);
	}
	memset(det->kctl, 0, sizeof(det->kctl));
	det->component = NULL;
}

void hpa380_detect_suspend(struct hpa380_priv *hpa)
{
	if (hpa->det.component)
		hpa380_detect_stop(hpa);
}

/*
 * The chip was off: the headphones may have changed. Drop the old result,
 * re-read both jacks and measure what is plugged in.
 */
void hpa380_detect_resume(struct hpa380_priv *hpa)
{
	struct hpa380_detect *det = &hpa->det;

	if (!det->component)
		return;
	WRITE_ONCE(det->stopping, false);
	scoped_guard(mutex, &det->lock) {
		det->resync = true;
		if (det->status != HPA380_STATUS_IDLE || det->type)
			hpa380_clear_result(det);
		det->fault = HPA380_FAULT_NONE;
		det->fault_muted = false;
	}
	if (det->irq)
		enable_irq(det->irq);
	queue_delayed_work(system_wq, &det->event_work, 0);
}
