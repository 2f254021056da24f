/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DAC HAT's jacks as DAPM sees them, as dts/hpa380-dac-hat-overlay.dts
 * wires them: the 3.5 mm TRS jack on the plus stages, the 4.4 mm balanced
 * jack on all four. Shared by the system test's card and the KUnit board.
 */
#ifndef HPA380_HAT_DAPM_H
#define HPA380_HAT_DAPM_H

#include <sound/soc.h>

static const struct snd_soc_dapm_widget hpa380_hat_widgets[] = {
	SND_SOC_DAPM_HP("Headphone", NULL),
	SND_SOC_DAPM_HP("Balanced Headphone", NULL),
};

static const struct snd_soc_dapm_route hpa380_hat_routes[] = {
	{ "Headphone", NULL, "HPLP" },
	{ "Headphone", NULL, "HPRP" },
	{ "Balanced Headphone", NULL, "HPLP" },
	{ "Balanced Headphone", NULL, "HPLN" },
	{ "Balanced Headphone", NULL, "HPRP" },
	{ "Balanced Headphone", NULL, "HPRN" },
};

/* Give @card the HAT's jacks. */
static inline void hpa380_hat_dapm(struct snd_soc_card *card)
{
	card->dapm_widgets = hpa380_hat_widgets;
	card->num_dapm_widgets = ARRAY_SIZE(hpa380_hat_widgets);
	card->dapm_routes = hpa380_hat_routes;
	card->num_dapm_routes = ARRAY_SIZE(hpa380_hat_routes);
}

#endif /* HPA380_HAT_DAPM_H */
