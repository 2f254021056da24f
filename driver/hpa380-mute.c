// SPDX-License-Identifier: GPL-2.0-only
/*
 * HPA380 output mute, with one owner (datasheet 6.8). The chip's MUTE is the
 * user's "Headphone Playback Switch" OR'd with the driver's holds: a gain,
 * route or limit change, a load measurement, a fault. A hold never changes
 * the switch, so nothing the user set is undone and no control event is
 * needed; the user sees the reasons in their own controls (detection status,
 * fault).
 */

#include <linux/delay.h>
#include <linux/regmap.h>
#include <sound/soc.h>

#include "hpa380.h"

void hpa380_start_ramp(struct hpa380_priv *hpa)
{
	WRITE_ONCE(hpa->ramp_end, ktime_add_us(ktime_get(), HPA380_T_RAMP_US));
}

/* Until the last ramp the driver started (mute, volume, stage) is over. */
void hpa380_wait_ramp(struct hpa380_priv *hpa)
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
 * MUTE as the user and the holds want it. A measurement or a fault holds it
 * whatever the stages do, since DAPM may turn one on meanwhile (a stream
 * starts, a plug goes in). A mode change runs under DAPM's lock, where no
 * stage can change: it mutes only if one is on, so that an idle change
 * stays one write.
 */
static int hpa380_update_mute(struct hpa380_priv *hpa)
{
	unsigned int out_en, mute, want;
	int ret;

	lockdep_assert_held(&hpa->lock);
	ret = regmap_read(hpa->regmap, HPA380_OUT_EN, &out_en);
	if (!ret)
		ret = regmap_read(hpa->regmap, HPA380_MUTE, &mute);
	if (ret)
		return ret;

	want = hpa->user_mute;
	if ((hpa->holds & ~HPA380_HOLD_MODE) || (hpa->holds && out_en))
		want = HPA380_MUTE_BOTH;
	if (want == mute)
		return 0;
	ret = regmap_write(hpa->regmap, HPA380_MUTE, want);
	if (ret) {
		hpa380_resync(hpa, HPA380_MUTE);
		return ret;
	}
	hpa380_start_ramp(hpa);
	return 0;
}

/*
 * Hold the outputs muted for @hold. When it returns 0 nothing can be heard
 * (the mute ramp is over), so OUT_CFG may switch or a measurement start. On
 * a bus error the hold is not taken.
 */
int hpa380_hold_locked(struct hpa380_priv *hpa, unsigned int hold)
{
	int ret;

	lockdep_assert_held(&hpa->lock);
	hpa->holds |= hold;
	ret = hpa380_update_mute(hpa);
	if (ret) {
		hpa->holds &= ~hold;
		return ret;
	}
	hpa380_wait_ramp(hpa);
	return 0;
}

/* Let go of @hold: the outputs return to the user's switch if no other. */
int hpa380_release_locked(struct hpa380_priv *hpa, unsigned int hold)
{
	lockdep_assert_held(&hpa->lock);
	hpa->holds &= ~hold;
	return hpa380_update_mute(hpa);
}

int hpa380_hold(struct hpa380_priv *hpa, unsigned int hold)
{
	guard(mutex)(&hpa->lock);
	return hpa380_hold_locked(hpa, hold);
}

int hpa380_release(struct hpa380_priv *hpa, unsigned int hold)
{
	guard(mutex)(&hpa->lock);
	return hpa380_release_locked(hpa, hold);
}

/*
 * The chip is about to lose power: no hold survives it (detection and fault
 * handling start afresh), and what regcache_sync() restores is the user's
 * switch. Called with the register cache only.
 */
void hpa380_forget_holds(struct hpa380_priv *hpa)
{
	guard(mutex)(&hpa->lock);
	hpa->holds = 0;
	regmap_write(hpa->regmap, HPA380_MUTE, hpa->user_mute);
}

/* ---- the user's switch ---- */

static struct hpa380_priv *hpa380_switch_priv(struct snd_kcontrol *kcontrol)
{
	return snd_soc_component_get_drvdata(snd_kcontrol_chip(kcontrol));
}

int hpa380_switch_get(struct snd_kcontrol *kcontrol,
		      struct snd_ctl_elem_value *ucontrol)
{
	struct hpa380_priv *hpa = hpa380_switch_priv(kcontrol);
	long *on = ucontrol->value.integer.value;

	guard(mutex)(&hpa->lock);
	on[0] = !(hpa->user_mute & BIT(HPA380_MUTE_L_SHIFT));
	on[1] = !(hpa->user_mute & BIT(HPA380_MUTE_R_SHIFT));
	return 0;
}

/* On plays, off mutes (with the chip's ramp); 0 or 1 per channel. */
int hpa380_switch_put(struct snd_kcontrol *kcontrol,
		      struct snd_ctl_elem_value *ucontrol)
{
	struct hpa380_priv *hpa = hpa380_switch_priv(kcontrol);
	const long *on = ucontrol->value.integer.value;
	u8 mute, old;
	int ret;

	if (on[0] < 0 || on[0] > 1 || on[1] < 0 || on[1] > 1)
		return -EINVAL;
	mute = (on[0] ? 0 : BIT(HPA380_MUTE_L_SHIFT)) |
	       (on[1] ? 0 : BIT(HPA380_MUTE_R_SHIFT));

	guard(mutex)(&hpa->lock);
	old = hpa->user_mute;
	hpa->user_mute = mute;
	/* Also when unchanged: it mends a MUTE a bus error left wrong. */
	ret = hpa380_update_mute(hpa);
	if (ret) {
		hpa->user_mute = old;
		return ret;
	}
	return mute != old;
}
