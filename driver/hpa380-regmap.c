// SPDX-License-Identifier: GPL-2.0-only
/*
 * HPA380 register access rules, from the datasheet's register map.
 */

#include <linux/regmap.h>

#include "hpa380.h"

/* Reset values of every cached register (the RW ones). */
static const struct reg_default hpa380_reg_defaults[] = {
	{ HPA380_POWER,		0x00 },
	{ HPA380_OUT_EN,	0x00 },
	{ HPA380_OUT_CFG,	0x00 },
	{ HPA380_VOL_L,		0x00 },
	{ HPA380_VOL_R,		0x00 },
	{ HPA380_MUTE,		0x03 },
	{ HPA380_IRQ_MASK,	0x07 },
};

/*
 * SW_RESET reads 0x00 and must count as readable: regmap treats registers
 * it cannot read as non-volatile, and would cache the reset and replay it
 * in regcache_sync().
 */
static bool hpa380_readable(struct device *dev, unsigned int reg)
{
	return reg <= HPA380_MAX_REGISTER;
}

static bool hpa380_writeable(struct device *dev, unsigned int reg)
{
	switch (reg) {
	case HPA380_SW_RESET:
	case HPA380_POWER:
	case HPA380_OUT_EN:
	case HPA380_OUT_CFG:
	case HPA380_VOL_L:
	case HPA380_VOL_R:
	case HPA380_MUTE:
	case HPA380_DET_CTRL:
	case HPA380_FAULT:
	case HPA380_IRQ_STATUS:
	case HPA380_IRQ_MASK:
		return true;
	default:
		return false;
	}
}

/* Everything the chip changes by itself, and the ID read at probe. */
static bool hpa380_volatile(struct device *dev, unsigned int reg)
{
	switch (reg) {
	case HPA380_CHIP_ID:
	case HPA380_REV_ID:
	case HPA380_SW_RESET:
	case HPA380_DET_CTRL ... HPA380_FAULT:
	case HPA380_IRQ_STATUS:
	case HPA380_STATUS:
		return true;
	default:
		return false;
	}
}

const struct regmap_config hpa380_regmap_config = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = HPA380_MAX_REGISTER,
	.reg_defaults = hpa380_reg_defaults,
	.num_reg_defaults = ARRAY_SIZE(hpa380_reg_defaults),
	.readable_reg = hpa380_readable,
	.writeable_reg = hpa380_writeable,
	.volatile_reg = hpa380_volatile,
	.cache_type = REGCACHE_MAPLE,
};
