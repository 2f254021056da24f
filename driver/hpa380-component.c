// SPDX-License-Identifier: GPL-2.0-only
/*
 * HPA380 ASoC component: mixer controls, DAPM graph and pop-free changes of
 * gain mode, output route and current limit.
 */

#include <linux/delay.h>
#include <linux/i2c.h>
#include <linux/ktime.h>
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

static void hpa380_start_ramp(struct hpa380_priv *hpa)
{
	WRITE_ONCE(hpa->ramp_end, ktime_add_us(ktime_get(), HPA380_T_RAMP_US));
}

static void hpa380_wait_ramp(struct hpa380_priv *hpa)
{
	s64 left = ktime_us_delta(READ_ONCE(hpa->ramp_end), ktime_get());

	if (left > 0)
		fsleep(left);
}

/*
 * regmap updates its cache before the bus write: after a failed write, drop
 * the cached value and read back what the chip holds, so that the control
 * and the chip agree again.
 */
void hpa380_resync(struct hpa380_priv *hpa, unsigned int reg)
{
	unsigned int val;

	regcache_drop_region(hpa->regmap, reg, reg);
	regmap_read(hpa->regmap, reg, &val);
}

/*
 * OUT_CFG switches at once, without a ramp (datasheet section 8). If a stage
 * may be audible, mute both channels with the chip's ramp and wait for it.
 * Returns 1 when the caller must restore @mute afterwards, 0 when nothing
 * was audible, or an error.
 */
int hpa380_silence(struct hpa380_priv *hpa, unsigned int *mute)
{
	unsigned int out_en;
	int ret;

	ret = regmap_read(hpa->regmap, HPA380_OUT_EN, &out_en);
	if (ret)
		return ret;
	ret = regmap_read(hpa->regmap, HPA380_MUTE, mute);
	if (ret)
		return ret;
	if (!out_en || (*mute & HPA380_MUTE_BOTH) == HPA380_MUTE_BOTH) {
		/* Silent, but a ramp we started (soft-stop, mute) may still run. */
		hpa380_wait_ramp(hpa);
		return 0;
	}

	ret = regmap_write(hpa->regmap, HPA380_MUTE, HPA380_MUTE_BOTH);
	if (ret) {
		hpa380_resync(hpa, HPA380_MUTE);
		return ret;
	}
	hpa380_start_ramp(hpa);
	hpa380_wait_ramp(hpa);
	return 1;
}

int hpa380_restore_mute(struct hpa380_priv *hpa, unsigned int mute)
{
	int ret = regmap_write(hpa->regmap, HPA380_MUTE, mute);

	if (ret)
		hpa380_resync(hpa, HPA380_MUTE);
	return ret;
}

/* Sound can reach a load: a stage is on and a channel unmuted, not at 0. */
bool hpa380_audible(struct hpa380_priv *hpa)
{
	unsigned int out_en, mute, vol_l, vol_r;

	if (regmap_read(hpa->regmap, HPA380_OUT_EN, &out_en) ||
	    regmap_read(hpa->regmap, HPA380_MUTE, &mute) ||
	    regmap_read(hpa->regmap, HPA380_VOL_L, &vol_l) ||
	    regmap_read(hpa->regmap, HPA380_VOL_R, &vol_r))
		return true;	/* cannot tell: assume the worst */
	if (!out_en)
		return false;
	return (!(mute & BIT(HPA380_MUTE_L_SHIFT)) && vol_l) ||
	       (!(mute & BIT(HPA380_MUTE_R_SHIFT)) && vol_r);
}

/*
 * Change an OUT_CFG field pop-free. For the route, @kcontrol is the DAPM
 * demux: the register is written here, so that a bus error is reported, and
 * DAPM then powers the stages the new route needs.
 */
static int hpa380_put_out_cfg(struct snd_soc_component *component,
			      struct snd_kcontrol *kcontrol,
			      struct snd_ctl_elem_value *ucontrol, bool dapm)
{
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);
	struct soc_enum *e = (struct soc_enum *)kcontrol->private_value;
	unsigned int item = ucontrol->value.enumerated.item[0];
	unsigned int mask = e->mask << e->shift_l;
	unsigned int val = item << e->shift_l;
	unsigned int mute;
	int silenced, ret;

	if (item >= e->items)
		return -EINVAL;

	guard(mutex)(&hpa->lock);

	if (!snd_soc_component_test_bits(component, e->reg, mask, val))
		return 0;

	silenced = hpa380_silence(hpa, &mute);
	if (silenced < 0)
		return silenced;

	ret = regmap_update_bits(hpa->regmap, e->reg, mask, val);
	if (ret)
		hpa380_resync(hpa, e->reg);
	else if (dapm)
		snd_soc_dapm_mux_update_power(snd_soc_dapm_kcontrol_to_dapm(kcontrol),
					      kcontrol, item, e, NULL);

	if (silenced) {
		int err = hpa380_restore_mute(hpa, mute);

		if (!ret)
			ret = err;
	}
	return ret < 0 ? ret : 1;
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

/* Volume and mute: the stock put, with the cache mended after a bus error. */
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
	SOC_DOUBLE_EXT("Headphone Playback Switch", HPA380_MUTE,
		       HPA380_MUTE_L_SHIFT, HPA380_MUTE_R_SHIFT, 1, 1,
		       snd_soc_get_volsw, hpa380_volsw_put),
	SOC_ENUM_EXT("Headphone Gain Mode", hpa380_gain_enum,
		     snd_soc_get_enum_double, hpa380_enum_put),
	SOC_ENUM_EXT("Headphone Current Limit", hpa380_ilim_enum,
		     snd_soc_get_enum_double, hpa380_enum_put),
};

static const struct snd_kcontrol_new hpa380_route_control =
	SOC_DAPM_ENUM_EXT("Headphone Output Route", hpa380_route_enum,
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
	SND_SOC_DAPM_DEMUX("Headphone Output Route", SND_SOC_NOPM, 0, 0,
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

	{ "Headphone Output Route", NULL, "Left Input" },
	{ "Headphone Output Route", NULL, "Right Input" },

	{ "HPLP Stage", "Unbalanced", "Headphone Output Route" },
	{ "HPRP Stage", "Unbalanced", "Headphone Output Route" },
	{ "HPLP Stage", "Balanced", "Headphone Output Route" },
	{ "HPLN Stage", "Balanced", "Headphone Output Route" },
	{ "HPRP Stage", "Balanced", "Headphone Output Route" },
	{ "HPRN Stage", "Balanced", "Headphone Output Route" },

	{ "HPLP", NULL, "HPLP Stage" },
	{ "HPLN", NULL, "HPLN Stage" },
	{ "HPRP", NULL, "HPRP Stage" },
	{ "HPRN", NULL, "HPRN Stage" },
};

/*
 * Jack sense needs the chip powered: keep it up (in standby when idle) for
 * as long as the amplifier is part of a card.
 */
static int hpa380_component_probe(struct snd_soc_component *component)
{
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);
	int ret;

	ret = pm_runtime_resume_and_get(component->dev);
	if (ret)
		return ret;
	ret = hpa380_detect_init(hpa, component,
				 to_i2c_client(component->dev)->irq);
	if (ret)
		pm_runtime_put_autosuspend(component->dev);
	return ret;
}

static void hpa380_component_remove(struct snd_soc_component *component)
{
	struct hpa380_priv *hpa = snd_soc_component_get_drvdata(component);

	hpa380_detect_exit(hpa);
	pm_runtime_mark_last_busy(component->dev);
	pm_runtime_put_autosuspend(component->dev);
}

const struct snd_soc_component_driver hpa380_component_driver = {
	.probe = hpa380_component_probe,
	.remove = hpa380_component_remove,
	.controls = hpa380_controls,
	.num_controls = ARRAY_SIZE(hpa380_controls),
	.dapm_widgets = hpa380_dapm_widgets,
	.num_dapm_widgets = ARRAY_SIZE(hpa380_dapm_widgets),
	.dapm_routes = hpa380_dapm_routes,
	.num_dapm_routes = ARRAY_SIZE(hpa380_dapm_routes),
};
