// SPDX-License-Identifier: GPL-2.0-only
/*
 * HPA380 ASoC component: mixer controls, DAPM graph, power that follows the
 * card's playback stream, and pop-free changes of gain mode, output route
 * and current limit.
 */

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/pm_runtime.h>
#include <linux/regmap.h>
#include <sound/soc.h>
#include <sound/tlv.h>

#include "hpa380.h"

static const char * const hpa380_gain_texts[] = { "Normal", "High" };
static const char * const hpa380_route_texts[] = { "Unbalanced", "Balanced" };
static const char * const hpa380_ilim_texts[] = { "100 mA", "200 mA", "400 mA" };

static SOC_ENUM_SINGLE_DECL(hpa380_gain_enum, HPA380_OUT_CFG,
			    HPA380_GAIN_SHIFT, hpa380_gain_texts);
static SOC_ENUM_SINGLE_DECL(hpa380_route_enum, HPA380_OUT_CFG,
			    HPA380_ROUTE_SHIFT, hpa380_route_texts);
static SOC_ENUM_SINGLE_DECL(hpa380_ilim_enum, HPA380_OUT_CFG,
			    HPA380_ILIM_SHIFT, hpa380_ilim_texts);

/* Code 0 mutes; codes 1..200 are -99.5 dB..0 dB in 0.5 dB steps. */
static const DECLARE_TLV_DB_SCALE(hpa380_vol_tlv, -10000, 50, 1);

/*
 * Under DAPM's lock: if the field changes, hold the outputs muted (if a
 * stage is on) and write it. 1 when it changed (the hold to be let go), 0
 * when there was nothing to do, or an error (no hold left).
 */
static int hpa380_switch_out_cfg(struct hpa380_priv *hpa,
				 struct snd_soc_component *component,
				 unsigned int reg, unsigned int mask,
				 unsigned int val)
{
	int ret;

	guard(mutex)(&hpa->lock);
	if (!snd_soc_component_test_bits(component, reg, mask, val))
		return 0;
	ret = hpa380_hold_locked(hpa, HPA380_HOLD_MODE);
	if (ret)
		return ret;
	ret = regmap_update_bits(hpa->regmap, reg, mask, val);
	if (ret) {
		hpa380_resync(hpa, reg);
		hpa380_release_locked(hpa, HPA380_HOLD_MODE);
		return ret;
	}
	return 1;
}

/*
 * Change an OUT_CFG field pop-free (datasheet 8): OUT_CFG switches at once,
 * so while a stage is on the outputs are held muted, with the chip's ramp,
 * around the change. Under DAPM's lock, so that no stage can turn on between
 * the check and the write (as madera_out1_demux_put() does). For the route,
 * @kcontrol is the DAPM demux: DAPM then powers the stages the new route
 * needs, still held muted, so they soft-start under the mute.
 */
static int hpa380_put_out_cfg(struct snd_soc_component *component,
			      struct snd_kcontrol *kcontrol,
			      struct snd_ctl_elem_value *ucontrol, bool route)
{
	struct snd_soc_dapm_context *dapm = snd_soc_component_get_dapm(component);
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);
	struct soc_enum *e = (struct soc_enum *)kcontrol->private_value;
	unsigned int item = ucontrol->value.enumerated.item[0];
	unsigned int mask = e->mask << e->shift_l;
	unsigned int val = item << e->shift_l;
	int ret, err;

	if (item >= e->items)
		return -EINVAL;

	guard(mutex)(&hpa->mode_lock);
	snd_soc_dapm_mutex_lock(dapm);
	ret = hpa380_switch_out_cfg(hpa, component, e->reg, mask, val);
	snd_soc_dapm_mutex_unlock(dapm);
	if (ret <= 0)
		return ret;

	if (route) {
		err = snd_soc_dapm_mux_update_power(snd_soc_dapm_kcontrol_to_dapm(kcontrol),
						    kcontrol, item, e, NULL);
		if (err < 0)
			dev_err(component->dev, "route's DAPM update: %d\n", err);
	}
	err = hpa380_release(hpa, HPA380_HOLD_MODE);
	return err ?: 1;
}

static int hpa380_enum_put(struct snd_kcontrol *kcontrol,
			   struct snd_ctl_elem_value *ucontrol)
{
	return hpa380_put_out_cfg(snd_kcontrol_chip(kcontrol),
				  kcontrol, ucontrol, false);
}

static int hpa380_route_put(struct snd_kcontrol *kcontrol,
			    struct snd_ctl_elem_value *ucontrol)
{
	return hpa380_put_out_cfg(snd_soc_dapm_kcontrol_to_component(kcontrol),
				  kcontrol, ucontrol, true);
}

/* Volume: the stock put, with the cache mended after a bus error. */
static int hpa380_volsw_put(struct snd_kcontrol *kcontrol,
			    struct snd_ctl_elem_value *ucontrol)
{
	struct snd_soc_component *component = snd_kcontrol_chip(kcontrol);
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);
	struct soc_mixer_control *mc =
		(struct soc_mixer_control *)kcontrol->private_value;
	int ret;

	guard(mutex)(&hpa->lock);

	ret = snd_soc_put_volsw(kcontrol, ucontrol);
	if (ret > 0)
		hpa380_start_ramp(hpa);
	/* -EINVAL: the value was refused before anything was written. */
	if (ret < 0 && ret != -EINVAL) {
		hpa380_resync(hpa, mc->reg);
		if (mc->rreg != mc->reg)
			hpa380_resync(hpa, mc->rreg);
	}
	return ret;
}

static const struct snd_kcontrol_new hpa380_controls[] = {
	SOC_DOUBLE_R_EXT_TLV("Headphone Playback Volume",
			     HPA380_VOL_L, HPA380_VOL_R, 0, HPA380_VOL_MAX, 0,
			     snd_soc_get_volsw, hpa380_volsw_put,
			     hpa380_vol_tlv),
	{
		/* The user's switch: never changed by the driver's holds. */
		.iface = SNDRV_CTL_ELEM_IFACE_MIXER,
		.name = "Headphone Playback Switch",
		.info = snd_ctl_boolean_stereo_info,
		.get = hpa380_switch_get,
		.put = hpa380_switch_put,
	},
	SOC_ENUM_EXT("Gain Mode", hpa380_gain_enum,
		     snd_soc_get_enum_double, hpa380_enum_put),
	SOC_ENUM_EXT("Current Limit", hpa380_ilim_enum,
		     snd_soc_get_enum_double, hpa380_enum_put),
};

static const struct snd_kcontrol_new hpa380_route_control =
	SOC_DAPM_ENUM_EXT("Output Route", hpa380_route_enum,
			  snd_soc_dapm_get_enum_double, hpa380_route_put);

/* The reference must settle before any input or stage is enabled. */
static int hpa380_ref_event(struct snd_soc_dapm_widget *w,
			    struct snd_kcontrol *kcontrol, int event)
{
	struct hpa380_priv *hpa =
		snd_soc_component_get_drvdata(snd_soc_dapm_to_component(w->dapm));

	if (SND_SOC_DAPM_EVENT_ON(event))
		fsleep(HPA380_T_REF_US);
	else
		hpa380_wait_ramp(hpa);
	return 0;
}

/* A stage soft-starts and soft-stops over t_RAMP. */
static int hpa380_stage_event(struct snd_soc_dapm_widget *w,
			      struct snd_kcontrol *kcontrol, int event)
{
	hpa380_start_ramp(snd_soc_component_get_drvdata(snd_soc_dapm_to_component(w->dapm)));
	return 0;
}

/* Inputs go off only once the stages have stopped. */
static int hpa380_input_event(struct snd_soc_dapm_widget *w,
			      struct snd_kcontrol *kcontrol, int event)
{
	hpa380_wait_ramp(snd_soc_component_get_drvdata(snd_soc_dapm_to_component(w->dapm)));
	return 0;
}

#define HPA380_STAGE(wname, shift) \
	SND_SOC_DAPM_OUT_DRV_E(wname, HPA380_OUT_EN, shift, 0, NULL, 0, \
			       hpa380_stage_event, \
			       SND_SOC_DAPM_POST_PMU | SND_SOC_DAPM_POST_PMD)

static const struct snd_soc_dapm_widget hpa380_dapm_widgets[] = {
	SND_SOC_DAPM_INPUT("INL"),
	SND_SOC_DAPM_INPUT("INR"),

	SND_SOC_DAPM_SUPPLY("REF", HPA380_POWER, HPA380_REF_EN_SHIFT, 0,
			    hpa380_ref_event,
			    SND_SOC_DAPM_POST_PMU | SND_SOC_DAPM_PRE_PMD),

	SND_SOC_DAPM_PGA_E("Left Input", HPA380_POWER, HPA380_INL_EN_SHIFT, 0,
			   NULL, 0, hpa380_input_event, SND_SOC_DAPM_PRE_PMD),
	SND_SOC_DAPM_PGA_E("Right Input", HPA380_POWER, HPA380_INR_EN_SHIFT, 0,
			   NULL, 0, hpa380_input_event, SND_SOC_DAPM_PRE_PMD),

	/* A demux control takes its widget's name. */
	SND_SOC_DAPM_DEMUX("Output Route", SND_SOC_NOPM, 0, 0,
			   &hpa380_route_control),

	HPA380_STAGE("HPLP Stage", HPA380_HPLP_EN_SHIFT),
	HPA380_STAGE("HPLN Stage", HPA380_HPLN_EN_SHIFT),
	HPA380_STAGE("HPRP Stage", HPA380_HPRP_EN_SHIFT),
	HPA380_STAGE("HPRN Stage", HPA380_HPRN_EN_SHIFT),

	SND_SOC_DAPM_OUTPUT("HPLP"),
	SND_SOC_DAPM_OUTPUT("HPLN"),
	SND_SOC_DAPM_OUTPUT("HPRP"),
	SND_SOC_DAPM_OUTPUT("HPRN"),
};

/* The plus stages serve both routes; the minus stages only Balanced. */
static const struct snd_soc_dapm_route hpa380_dapm_routes[] = {
	{ "Left Input", NULL, "INL" },
	{ "Right Input", NULL, "INR" },
	{ "Left Input", NULL, "REF" },
	{ "Right Input", NULL, "REF" },

	{ "Output Route", NULL, "Left Input" },
	{ "Output Route", NULL, "Right Input" },

	{ "HPLP Stage", "Unbalanced", "Output Route" },
	{ "HPRP Stage", "Unbalanced", "Output Route" },
	{ "HPLP Stage", "Balanced", "Output Route" },
	{ "HPLN Stage", "Balanced", "Output Route" },
	{ "HPRP Stage", "Balanced", "Output Route" },
	{ "HPRN Stage", "Balanced", "Output Route" },

	{ "HPLP", NULL, "HPLP Stage" },
	{ "HPLN", NULL, "HPLN Stage" },
	{ "HPRP", NULL, "HPRP Stage" },
	{ "HPRN", NULL, "HPRN Stage" },
};

/* A playback stream is open on a link of the card. */
bool hpa380_card_stream_open(struct snd_soc_card *card)
{
	struct snd_soc_pcm_runtime *rtd;
	struct snd_soc_dai *dai;
	int i;

	for_each_card_rtds(card, rtd)
		for_each_rtd_dais(rtd, i, dai)
			if (snd_soc_dai_stream_active(dai, SNDRV_PCM_STREAM_PLAYBACK))
				return true;
	return false;
}

/*
 * Power follows the stream. ASoC calls this for every component of the card
 * after each DAPM sequence, with DAPM's lock held. Two of its events say
 * what the card's source does, which nothing else tells an auxiliary
 * amplifier behind a codec without DAPM widgets (the PCM5102A): a stream's
 * start, at prepare, before its first frame; and its stop, when the card's
 * pmdown_time has passed after hw_free (at once, for a link without one).
 * The inputs INL/INR are DAPM pins, enabled from a playback start to the
 * next stop: in between the reference, the inputs and the stages of a
 * plugged jack are up, otherwise the chip is in standby. The change re-runs
 * DAPM right here, the sequence's last step, so the chip is up before the
 * first frame; the re-run's own call has a NOP event and does nothing.
 *
 * A card with several playback links powers down at the stop of any of them
 * until a start (the event does not say which); the DAC HAT has one.
 */
static int hpa380_stream_event(struct snd_soc_component *component, int event)
{
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);
	struct snd_soc_dapm_context *dapm = snd_soc_component_get_dapm(component);
	bool playing;

	switch (event) {
	case SND_SOC_DAPM_STREAM_START:
		/* A capture's start, on a card that has one, is not ours. */
		playing = hpa380_card_stream_open(component->card);
		break;
	case SND_SOC_DAPM_STREAM_STOP:
		playing = false;
		break;
	default:
		return 0;
	}
	scoped_guard(mutex, &hpa->lock) {
		if (playing == hpa->playing)
			return 0;
		hpa->playing = playing;
	}
	if (playing) {
		snd_soc_component_enable_pin_unlocked(component, "INL");
		snd_soc_component_enable_pin_unlocked(component, "INR");
	} else {
		snd_soc_component_disable_pin_unlocked(component, "INL");
		snd_soc_component_disable_pin_unlocked(component, "INR");
	}
	return snd_soc_dapm_sync_unlocked(dapm);
}

/*
 * Jack sense needs the chip powered: keep it up (in standby when idle) for
 * as long as the amplifier is part of a card. The card's system suspend
 * must come first, so that DAPM powers the outputs down in sequence before
 * this device cuts the chip's power (and powers them up again after the
 * chip's registers are back): a device link orders the two.
 */
static int hpa380_component_probe(struct snd_soc_component *component)
{
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);
	int ret;

	ret = pm_runtime_resume_and_get(component->dev);
	if (ret)
		return ret;

	snd_soc_component_disable_pin(component, "INL");
	snd_soc_component_disable_pin(component, "INR");
	scoped_guard(mutex, &hpa->lock)
		hpa->playing = false;

	hpa->card_link = device_link_add(component->card->dev, component->dev,
					 DL_FLAG_STATELESS);
	if (!hpa->card_link)
		dev_warn(component->dev, "cannot order suspend after the card's\n");

	ret = hpa380_detect_init(hpa, component);
	if (ret) {
		if (hpa->card_link)
			device_link_del(hpa->card_link);
		hpa->card_link = NULL;
		pm_runtime_mark_last_busy(component->dev);
		pm_runtime_put_autosuspend(component->dev);
	}
	return ret;
}

static void hpa380_component_remove(struct snd_soc_component *component)
{
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);

	hpa380_detect_exit(hpa);
	if (hpa->card_link)
		device_link_del(hpa->card_link);
	hpa->card_link = NULL;
	pm_runtime_mark_last_busy(component->dev);
	pm_runtime_put_autosuspend(component->dev);
}

const struct snd_soc_component_driver hpa380_component_driver = {
	.probe = hpa380_component_probe,
	.remove = hpa380_component_remove,
	.stream_event = hpa380_stream_event,
	.controls = hpa380_controls,
	.num_controls = ARRAY_SIZE(hpa380_controls),
	.dapm_widgets = hpa380_dapm_widgets,
	.num_dapm_widgets = ARRAY_SIZE(hpa380_dapm_widgets),
	.dapm_routes = hpa380_dapm_routes,
	.num_dapm_routes = ARRAY_SIZE(hpa380_dapm_routes),
};
