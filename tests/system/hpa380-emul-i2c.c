// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated HAT's I2C bus: the node labelled i2c1 in the test's base
 * tree. Binding it creates the chip model, wires it to the GPIO controller,
 * and registers its fake adapter for the node: the I2C core then creates
 * the clients the overlay puts there (amplifier@60), numbered by the "i2c1"
 * alias as on a Pi. The chip answers at the address of
 * "hpamp,chip-address", the HAT's ADDR strap.
 */

#include <linux/i2c.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>

#include "../model/hpa380-model.h"
#include "hpa380-emul.h"

static void hpa380_emul_i2c_remove_chip(void *data)
{
	hpa380_emul_set_model(NULL);
	hpa380_model_destroy(data);
}

static int hpa380_emul_i2c_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct hpa380_model *m;
	u32 addr = 0x60;
	int ret;

	device_property_read_u32(dev, "hpamp,chip-address", &addr);
	if (addr > 0x7f)
		return dev_err_probe(dev, -EINVAL, "chip address 0x%x\n", addr);

	m = hpa380_model_new(addr);
	if (!m)
		return -ENOMEM;
	/* The chip is wired (RESETN, IRQN) before its client probes. */
	hpa380_emul_set_model(m);
	ret = devm_add_action_or_reset(dev, hpa380_emul_i2c_remove_chip, m);
	if (ret)
		return ret;
	ret = hpa380_model_add_adapter(m, dev);
	if (ret)
		return ret;
	dev_info(dev, "emulated HPA380 at 0x%02x on %s\n", addr,
		 dev_name(&hpa380_model_adapter(m)->dev));
	return 0;
}

static const struct of_device_id hpa380_emul_i2c_of_match[] = {
	{ .compatible = "hpamp,hpa380-emul-i2c" },
	{ }
};
MODULE_DEVICE_TABLE(of, hpa380_emul_i2c_of_match);

struct platform_driver hpa380_emul_i2c_driver = {
	.driver = {
		.name = "hpa380-emul-i2c",
		.of_match_table = hpa380_emul_i2c_of_match,
	},
	.probe = hpa380_emul_i2c_probe,
};
