// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DAC HAT's sound card for a booted test system, built as the Pi
 * overlay (dts/hpa380-dac-hat-overlay.dts) describes it: an I2S link from
 * the CPU (the dummy DAI stands in for the Pi's I2S) to the PCM5102A, and
 * the HPA380 as auxiliary device feeding both jacks.
 */

#include <linux/i2c.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <sound/soc.h>

#include "hpa380-hat-dapm.h"

SND_SOC_DAILINK_DEFS(hifi,
		     DAILINK_COMP_ARRAY(COMP_CPU("snd-soc-dummy-dai")),
		     DAILINK_COMP_ARRAY(COMP_CODEC("pcm5102a-codec",
						   "pcm5102a-hifi")),
		     DAILINK_COMP_ARRAY(COMP_PLATFORM("snd-soc-dummy")));

static int hpa380_hat_is_amp(struct device *dev, const void *unused)
{
	struct i2c_client *client = i2c_verify_client(dev);

	return client && !strcmp(client->name, "hpa380") && dev->driver;
}

static int hpa380_hat_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct snd_soc_dai_link *link;
	struct snd_soc_aux_dev *aux;
	struct snd_soc_card *card;
	struct device *amp;

	/* The amplifier's driver must be bound first. */
	amp = bus_find_device(&i2c_bus_type, NULL, NULL, hpa380_hat_is_amp);
	if (!amp)
		return -EPROBE_DEFER;

	card = devm_kzalloc(dev, sizeof(*card), GFP_KERNEL);
	link = devm_kzalloc(dev, sizeof(*link), GFP_KERNEL);
	aux = devm_kzalloc(dev, sizeof(*aux), GFP_KERNEL);
	if (!card || !link || !aux) {
		put_device(amp);
		return -ENOMEM;
	}
	/* ASoC names an I2C component "<driver>.<device>". */
	aux->dlc.name = devm_kasprintf(dev, GFP_KERNEL, "hpa380.%s",
				       dev_name(amp));
	put_device(amp);
	if (!aux->dlc.name)
		return -ENOMEM;

	link->name = "HPA380 DAC";
	link->stream_name = "HPA380 DAC";
	link->dai_fmt = SND_SOC_DAIFMT_I2S | SND_SOC_DAIFMT_NB_NF |
			SND_SOC_DAIFMT_CBC_CFC;
	link->playback_only = 1;
	link->cpus = hifi_cpus;
	link->num_cpus = ARRAY_SIZE(hifi_cpus);
	link->codecs = hifi_codecs;
	link->num_codecs = ARRAY_SIZE(hifi_codecs);
	link->platforms = hifi_platforms;
	link->num_platforms = ARRAY_SIZE(hifi_platforms);

	card->name = "HPA380DAC";
	card->owner = THIS_MODULE;
	card->dev = dev;
	card->dai_link = link;
	card->num_links = 1;
	card->aux_dev = aux;
	card->num_aux_devs = 1;
	hpa380_hat_dapm(card);

	return devm_snd_soc_register_card(dev, card);
}

static struct platform_driver hpa380_hat_driver = {
	.driver = {
		.name = "hpa380-hat",
	},
	.probe = hpa380_hat_probe,
};

static struct platform_device *hpa380_hat_dev;
static struct platform_device *hpa380_hat_codec;

static int __init hpa380_hat_init(void)
{
	int ret;

	hpa380_hat_codec = platform_device_register_simple("pcm5102a-codec", -1,
							   NULL, 0);
	if (IS_ERR(hpa380_hat_codec))
		return PTR_ERR(hpa380_hat_codec);
	ret = platform_driver_register(&hpa380_hat_driver);
	if (ret)
		goto err_codec;
	hpa380_hat_dev = platform_device_register_simple("hpa380-hat", -1,
							 NULL, 0);
	if (IS_ERR(hpa380_hat_dev)) {
		ret = PTR_ERR(hpa380_hat_dev);
		goto err_driver;
	}
	return 0;

err_driver:
	platform_driver_unregister(&hpa380_hat_driver);
err_codec:
	platform_device_unregister(hpa380_hat_codec);
	return ret;
}

static void __exit hpa380_hat_exit(void)
{
	platform_device_unregister(hpa380_hat_dev);
	platform_driver_unregister(&hpa380_hat_driver);
	platform_device_unregister(hpa380_hat_codec);
}

module_init(hpa380_hat_init);
module_exit(hpa380_hat_exit);

MODULE_DESCRIPTION("Sound card of the HPA380 DAC HAT, for system tests");
MODULE_LICENSE("GPL");
