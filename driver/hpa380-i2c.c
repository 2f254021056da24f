// SPDX-License-Identifier: GPL-2.0-only
/*
 * HPA380 headphone amplifier: I2C probe, supplies, reset, power-on defaults
 * from firmware, and power management.
 */

#include <linux/delay.h>
#include <linux/gpio/consumer.h>
#include <linux/i2c.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/pm_runtime.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <sound/soc.h>

#include "hpa380.h"

#define HPA380_AUTOSUSPEND_MS	1000

static const char * const hpa380_supply_names[HPA380_NUM_SUPPLIES] = {
	"avdd", "dvdd",
};

/*
 * Supplies on, RESETN (held low until now) released after t_RST, wait until
 * the chip answers (t_BOOT). The supplies may have been on all along (fixed
 * or shared regulators): the pulse counts from here either way.
 */
static int hpa380_power_up(struct hpa380_priv *hpa)
{
	int ret;

	ret = regulator_bulk_enable(HPA380_NUM_SUPPLIES, hpa->supplies);
	if (ret)
		return ret;
	if (hpa->reset_gpio) {
		fsleep(HPA380_T_RST_US);
		gpiod_set_value_cansleep(hpa->reset_gpio, 0);
	}
	fsleep(HPA380_T_BOOT_US);
	return 0;
}

static void hpa380_power_down(struct hpa380_priv *hpa)
{
	gpiod_set_value_cansleep(hpa->reset_gpio, 1);
	regulator_bulk_disable(HPA380_NUM_SUPPLIES, hpa->supplies);
}

/*
 * Without a RESETN line the supplies may have stayed on (shared or fixed
 * regulators): reset by software so that the chip holds its reset values,
 * which is what the register cache assumes.
 */
static int hpa380_soft_reset(struct hpa380_priv *hpa)
{
	int ret;

	if (hpa->reset_gpio)
		return 0;
	ret = regmap_write(hpa->regmap, HPA380_SW_RESET, HPA380_SW_RESET_RESET);
	if (ret)
		return ret;
	fsleep(HPA380_T_BOOT_US);
	return 0;
}

static int hpa380_check_id(struct hpa380_priv *hpa)
{
	unsigned int id, rev;
	int ret;

	ret = regmap_read(hpa->regmap, HPA380_CHIP_ID, &id);
	if (ret)
		return dev_err_probe(hpa->dev, ret, "cannot read chip ID\n");
	if (id != HPA380_CHIP_ID_VALUE)
		return dev_err_probe(hpa->dev, -ENODEV,
				     "chip ID 0x%02x is not an HPA380 (0x%02x)\n",
				     id, HPA380_CHIP_ID_VALUE);

	ret = regmap_read(hpa->regmap, HPA380_REV_ID, &rev);
	if (ret)
		return dev_err_probe(hpa->dev, ret, "cannot read revision\n");
	if (HPA380_REV_MAJOR(rev) != 1)
		return dev_err_probe(hpa->dev, -ENODEV,
				     "unsupported revision %u.%u\n",
				     HPA380_REV_MAJOR(rev), HPA380_REV_MINOR(rev));
	dev_dbg(hpa->dev, "HPA380 revision %u.%u\n",
		HPA380_REV_MAJOR(rev), HPA380_REV_MINOR(rev));
	return 0;
}

static const char * const hpa380_gain_props[2] = { "normal", "high" };
static const char * const hpa380_route_props[2] = { "unbalanced", "balanced" };
static const u32 hpa380_ilim_props[] = { 100000, 200000, 400000 };

/*
 * An absent property keeps the reset value. So does a value the binding does
 * not allow, with a warning: the quietest, most frugal mode is the safe
 * guess, and the card still comes up.
 */
static int hpa380_match_string(struct device *dev, const char *prop,
			       const char * const *values)
{
	const char *val;
	int i;

	if (!device_property_present(dev, prop))
		return 0;
	i = device_property_match_property_string(dev, prop, values, 2);
	if (i >= 0)
		return i;
	if (device_property_read_string(dev, prop, &val))
		val = "(not a string)";
	dev_warn(dev, "%s = \"%s\" is neither \"%s\" nor \"%s\": using \"%s\"\n",
		 prop, val, values[0], values[1], values[0]);
	return 0;
}

static int hpa380_current_limit(struct device *dev)
{
	const char *prop = "hpamp,current-limit-microamp";
	u32 ua = 0;
	int i;

	if (!device_property_present(dev, prop))
		return 0;
	if (!device_property_read_u32(dev, prop, &ua))
		for (i = 0; i < ARRAY_SIZE(hpa380_ilim_props); i++)
			if (hpa380_ilim_props[i] == ua)
				return i;
	dev_warn(dev, "%s = <%u> is not 100000, 200000 or 400000: using 100000\n",
		 prop, ua);
	return 0;
}

/* Power-on state of the controls, from DT hpamp,* properties. */
static int hpa380_apply_firmware_defaults(struct hpa380_priv *hpa)
{
	struct device *dev = hpa->dev;
	int gain, route, ilim;

	gain = hpa380_match_string(dev, "hpamp,gain-mode", hpa380_gain_props);
	route = hpa380_match_string(dev, "hpamp,output-route",
				    hpa380_route_props);
	ilim = hpa380_current_limit(dev);

	return regmap_update_bits(hpa->regmap, HPA380_OUT_CFG,
				  HPA380_ROUTE_MASK | HPA380_GAIN_MASK |
				  HPA380_ILIM_MASK,
				  route << HPA380_ROUTE_SHIFT |
				  gain << HPA380_GAIN_SHIFT |
				  ilim << HPA380_ILIM_SHIFT);
}

static void hpa380_power_off_action(void *data)
{
	struct hpa380_priv *hpa = data;

	/* Runtime PM is disabled by now: its status is stable. */
	if (!pm_runtime_status_suspended(hpa->dev))
		hpa380_power_down(hpa);
	pm_runtime_set_suspended(hpa->dev);
}

static int hpa380_i2c_probe(struct i2c_client *client)
{
	struct device *dev = &client->dev;
	struct hpa380_priv *hpa;
	int i, ret;

	hpa = devm_kzalloc(dev, sizeof(*hpa), GFP_KERNEL);
	if (!hpa)
		return -ENOMEM;
	hpa->dev = dev;
	i2c_set_clientdata(client, hpa);

	ret = devm_mutex_init(dev, &hpa->lock);
	if (ret)
		return ret;
	ret = devm_mutex_init(dev, &hpa->mode_lock);
	if (ret)
		return ret;
	ret = devm_mutex_init(dev, &hpa->det.lock);
	if (ret)
		return ret;
	hpa->user_mute = HPA380_MUTE_BOTH;	/* the chip's reset value */

	hpa->regmap = devm_regmap_init_i2c(client, &hpa380_regmap_config);
	if (IS_ERR(hpa->regmap))
		return dev_err_probe(dev, PTR_ERR(hpa->regmap),
				     "cannot initialise regmap\n");

	for (i = 0; i < HPA380_NUM_SUPPLIES; i++)
		hpa->supplies[i].supply = hpa380_supply_names[i];
	/* It reports a missing supply itself. */
	ret = devm_regulator_bulk_get(dev, HPA380_NUM_SUPPLIES, hpa->supplies);
	if (ret)
		return ret;

	/* Held in reset until the supplies are up. */
	hpa->reset_gpio = devm_gpiod_get_optional(dev, "reset", GPIOD_OUT_HIGH);
	if (IS_ERR(hpa->reset_gpio))
		return dev_err_probe(dev, PTR_ERR(hpa->reset_gpio),
				     "cannot get reset GPIO\n");

	ret = hpa380_power_up(hpa);
	if (ret)
		return dev_err_probe(dev, ret, "cannot enable supplies\n");
	pm_runtime_set_active(dev);
	ret = devm_add_action_or_reset(dev, hpa380_power_off_action, hpa);
	if (ret)
		return ret;

	ret = hpa380_check_id(hpa);
	if (ret)
		return ret;
	ret = hpa380_soft_reset(hpa);
	if (ret)
		return dev_err_probe(dev, ret, "cannot reset the chip\n");
	ret = hpa380_apply_firmware_defaults(hpa);
	if (ret)
		return ret;
	ret = hpa380_detect_request_irq(hpa, client->irq);
	if (ret)
		return ret;

	pm_runtime_set_autosuspend_delay(dev, HPA380_AUTOSUSPEND_MS);
	pm_runtime_use_autosuspend(dev);
	ret = devm_pm_runtime_enable(dev);
	if (ret)
		return ret;

	ret = devm_snd_soc_register_component(dev, &hpa380_component_driver,
					      NULL, 0);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register component\n");

	pm_runtime_mark_last_busy(dev);
	pm_runtime_idle(dev);
	return 0;
}

static int hpa380_runtime_suspend(struct device *dev)
{
	struct hpa380_priv *hpa = dev_get_drvdata(dev);

	hpa380_detect_suspend(hpa);
	regcache_cache_only(hpa->regmap, true);
	hpa380_forget_holds(hpa);
	regcache_mark_dirty(hpa->regmap);
	hpa380_power_down(hpa);
	return 0;
}

/* Only registers that differ from their reset values are written back. */
static int hpa380_runtime_resume(struct device *dev)
{
	struct hpa380_priv *hpa = dev_get_drvdata(dev);
	int ret;

	ret = hpa380_power_up(hpa);
	if (ret)
		return ret;

	regcache_cache_only(hpa->regmap, false);
	ret = hpa380_soft_reset(hpa);
	if (!ret)
		ret = regcache_sync(hpa->regmap);
	if (ret) {
		regcache_cache_only(hpa->regmap, true);
		hpa380_power_down(hpa);
		return ret;
	}
	hpa380_detect_resume(hpa);
	return 0;
}

static DEFINE_RUNTIME_DEV_PM_OPS(hpa380_pm_ops, hpa380_runtime_suspend,
				 hpa380_runtime_resume, NULL);

static const struct of_device_id hpa380_of_match[] = {
	{ .compatible = "hpamp,hpa380" },
	{ }
};
MODULE_DEVICE_TABLE(of, hpa380_of_match);

static const struct i2c_device_id hpa380_i2c_id[] = {
	{ "hpa380" },
	{ }
};
MODULE_DEVICE_TABLE(i2c, hpa380_i2c_id);

static struct i2c_driver hpa380_i2c_driver = {
	.driver = {
		.name = "hpa380",
		.of_match_table = hpa380_of_match,
		.pm = pm_ptr(&hpa380_pm_ops),
	},
	.HPA380_I2C_PROBE = hpa380_i2c_probe,	/* .probe since 6.3 */
	.id_table = hpa380_i2c_id,
};
module_i2c_driver(hpa380_i2c_driver);

MODULE_DESCRIPTION("ASoC HPA380 headphone amplifier driver");
MODULE_LICENSE("GPL");
